"""Write a deterministic SYNTHETIC REQ open-data ZIP, as a sample landing-zone entry or a bare file.

    .venv/bin/python scripts/make_req_sample.py                  # sample/landing/req-registre/…
    .venv/bin/python scripts/make_req_sample.py --rows 2700000 --zip /tmp/req.zip

No row comes from the real register: names are built from word lists, municipalities come
from the open MAMH table (CC BY 4.0) bundled in the sample landing zone. So that the sample shows
register linkage, one in three organisations of the (synthetic) hub exports is registered too,
under its name in capitals, as the register writes it.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from esq.adapters.tabular import decode_bytes, sniff_delimiter
from esq.landing import LandingWriter, fetch_id_for
from evaluation.register.req_synthetic import (
    listed_bundle,
    make_neq,
    read_municipalities,
    write_req_zip,
)

ROOT = Path(__file__).resolve().parents[1]
SOURCE_ID = "req-registre"
ZIP_NAME = "registre-entreprises-synthetique.zip"
SAMPLE_MOMENT = datetime(2026, 6, 1, tzinfo=UTC)
MUN_CSV = ROOT / "sample/landing/mamh-municipalites/20260601T000000Z/files/MUN.csv"


HUB_EXPORTS = ("pes-mauricie-repertoire", "pes-estrie-repertoire")


def hub_bundles(landing_root: Path, seed: int) -> list[dict]:
    """Register rows for every third organisation of the sample hub exports."""
    rng, taken, bundles = random.Random(seed + 1), set(), []
    for source_id in HUB_EXPORTS:
        body = next((landing_root / source_id).glob("*/files/*")).read_bytes()
        text, _ = decode_bytes(body)
        rows = list(csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text)))
        for row in rows[::3]:
            name, mun, postal = row["NomEntreprise"], row["Municipalite"], row["CodePostal"]
            if not name or None in row.values() or len(postal.replace(" ", "")) != 6:
                continue  # the deliberately broken rows stay out of the register
            form = "COP" if "coop" in name.lower() else "SMU" if "Mutuelle" in name else "APE"
            address = [row["Adresse"], f"{mun} (Québec)", "", postal.replace(" ", "").upper()]
            bundles.append(listed_bundle(make_neq(rng, taken), name.upper(), form, address))
    return bundles


def write_sample_entry(landing_root: Path, rows: int, seed: int, mun_csv: Path) -> Path:
    """Replace the sample entry of ``req-registre`` with a freshly generated ZIP."""
    existing = landing_root / SOURCE_ID / fetch_id_for(SAMPLE_MOMENT)
    if existing.exists():
        shutil.rmtree(existing)
    towns = read_municipalities(mun_csv)
    with tempfile.TemporaryDirectory() as work:
        zip_path = Path(work) / ZIP_NAME
        extra = hub_bundles(landing_root, seed)
        counts = write_req_zip(zip_path, rows, seed, towns, extra)
        with LandingWriter(landing_root, SOURCE_ID, mode="sample", now=SAMPLE_MOMENT) as writer:
            writer.add_file(
                ZIP_NAME,
                zip_path,
                url=None,
                params={"synthetic": True, "seed": seed, "rows": counts},
                content_type="application/zip",
                fetched_at="2026-06-01T00:00:00Z",
            )
            return writer.commit().path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300, help="Entreprise rows")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--mun", type=Path, default=MUN_CSV, help="MAMH MUN.csv")
    parser.add_argument("--landing", type=Path, default=ROOT / "sample/landing")
    parser.add_argument("--zip", type=Path, help="write only this ZIP, no landing entry")
    args = parser.parse_args()
    if args.zip:
        counts = write_req_zip(args.zip, args.rows, args.seed, read_municipalities(args.mun))
        print(f"{args.zip}: {counts}")
    else:
        print(write_sample_entry(args.landing, args.rows, args.seed, args.mun))


if __name__ == "__main__":
    main()
