"""Stage a fixed, adversarial set of listing records and write what staging made of them.

    python scripts/stage_adversarial.py OUT_A/staging/x      # on each code version, then
    python scripts/compare_staged.py OUT_A OUT_B

Every reject rule, coordinates (text with a decimal comma, floats, out of Québec), mappings with
alternatives (``"n|n2"``), constants, repeated record keys, records with their own fetch,
non-text values (a float NEQ) and a parse reject: a refactoring of staging must give the same
``listings.parquet``, ``quarantine.parquet`` and quarantine order (``order.parquet``).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from esq.adapters.base import ParsedSource, RawRecord, RawReject
from esq.catalog import Licence, Source
from esq.config import SAMPLE_LANDING
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.quarantine import quarantine_frame
from esq.staging.stage import stage_source

MUN = SAMPLE_LANDING / "mamh-municipalites" / "20260601T000000Z" / "files" / "MUN.csv"
VALUES: dict[str, list] = {
    "n": ["Coop Alpha", "  ", None, "Inc.", "Fondation Beta ltée", "CPE Les Petits", "x",
          "Société St-Jean", "NA", "Épicerie l'Œuf"],
    "v": ["Trois-Rivières", "Trois-Rivieres (Québec)", "Ailleurs", None, "CP 12",
          "St-Jean-sur-Richelieu", "Québec"],
    "cp": ["G9A 5H3", "g9a5h3", "12345", None, "H0H 0H0", ""],
    "a": ["100-190 rue Bonaventure", "12, rue X, Trois-Rivières (Québec) G9A 1A1", None,
          "CP 368", "4e avenue", "1 rue A Laval QC"],
    "lat": ["46,35", "46.3", "abc", None, "10.0", "", 46.5],
    "lon": ["-72.5", "-72,55", None, "-10", "x", -72.1],
    "t": ["819-555-1234", "123", None, "8195551234 poste 12"],
    "w": ["www.example.qc.ca", "pas un site", None, "facebook.com/page"],
    "e": ["a@b.ca", "nope", None],
    "neq": ["1142934315", "1142934316", "1.14E+09", "12345", None, 1142934315.0, "114 293 4315"],
    "f": ["COOP", "OBNL", None, "inc"],
    "s": ["Alimentation", None, "  "],
}  # fmt: skip
MAPPING = {"name": "n|n2", "municipality": "v|v2", "postal_code": "cp", "address": "a",
           "latitude": "lat", "longitude": "lon", "phone": "t", "website": "w", "email": "e",
           "neq": "neq", "legal_form": "f", "sector": "s"}  # fmt: skip


def records(n: int = 3000, seed: int = 7) -> list[RawRecord]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        fields = {column: rng.choice(values) for column, values in VALUES.items()}
        fields |= {"n2": rng.choice(VALUES["n"]), "v2": rng.choice(VALUES["v"])}
        key, fetch = str(rng.randrange(int(n * 0.8))), rng.choice([None, "hub/old"])
        out.append(RawRecord(key, fields, f"page{i % 40}", fetch_ref=fetch))
    return out


def main(out: Path) -> None:
    source = Source(id="hub", kind="tabular", role="listing", title="t", publisher="p",
                    licence=Licence(id="x", title="x", attribution="x"), mapping=MAPPING,
                    constants={"territory": "Mauricie", "member_category": " membre "},
                    record_key=["k"])  # fmt: skip
    rejects = [RawReject("z", "bad_line", "a line that cannot be read", "raw", "page1")]
    parsed = ParsedSource(records=records(), rejects=rejects, columns=["n"])
    staged = stage_source(source, "hub/1", parsed, MunicipalityIndex.from_csv(MUN))
    out.mkdir(parents=True, exist_ok=True)
    staged.listings.to_parquet(out / "listings.parquet", index=False)
    quarantine_frame(staged.quarantine).to_parquet(out / "quarantine.parquet", index=False)
    order = [(q.location, q.rule, q.column) for q in staged.quarantine]
    pd.DataFrame(order, columns=["location", "rule", "column"]).to_parquet(out / "order.parquet")
    print(f"{len(staged.listings)} rows staged, {len(staged.quarantine)} quarantine rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
