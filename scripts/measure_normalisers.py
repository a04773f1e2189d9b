"""Print how well the normalisers do on the real samples in the shared folder.

Usage: .venv/bin/python scripts/measure_normalisers.py [SHARED_DIR]
SHARED_DIR defaults to $ESQ_SHARED, then <repo>/../shared, then /work/shared.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from esq.normalise.municipality import MunicipalityIndex
from evaluation.normalise.measure import FileFigures, measure_listing, measure_seao

REPO_ROOT = Path(__file__).resolve().parents[1]
MUN_CSV = REPO_ROOT / "sample/landing/mamh-municipalites/20260601T000000Z/files/MUN.csv"


def _shared(argv: list[str]) -> Path:
    candidates = [Path(argv[1])] if len(argv) > 1 else []
    if os.environ.get("ESQ_SHARED"):
        candidates.append(Path(os.environ["ESQ_SHARED"]))
    candidates += [REPO_ROOT.parent / "shared", Path("/work/shared")]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise SystemExit("shared data folder not found (pass it or set ESQ_SHARED)")


def _print(figures: FileFigures) -> None:
    print(f"\n{figures.name}: {figures.rows} rows")
    for name, share in figures.shares.items():
        print(f"  {name:32} {share}")
    if figures.unresolved:
        listed = ", ".join(f"{v!r}×{n}" for v, n in figures.unresolved.most_common(8))
        print(f"  unresolved municipalities: {listed}")


def main(argv: list[str]) -> int:
    real = _shared(argv) / "data" / "real"
    index = MunicipalityIndex.from_csv(MUN_CSV)
    print(f"MUN.csv: {len(index)} municipalities")
    pole = real / "pole-mauricie"
    _print(measure_listing(pole / "RepertoireEntreprises_ES.csv", index))
    _print(measure_listing(pole / "MembresPole_sans_citoyens.csv", index))
    req = real / "req-extract-mauricie" / "Entreprise_LatLong.csv"
    _print(measure_listing(req, index, fallback="Adresse_Lign3"))
    _print(measure_seao(real / "seao" / "contrats-nb3_8villes_subset.csv", index))
    print("\nNo phone column in these samples: phones are measured by unit tests only.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
