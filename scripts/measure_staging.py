"""Print the staging figures of the real samples (../shared/data/real), file by file.

.venv/bin/python scripts/measure_staging.py [path/to/shared/data/real]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluation.staging.measure import measure_real  # noqa: E402

MUN = ROOT / "sample/landing/mamh-municipalites/20260601T000000Z/files/MUN.csv"


def main() -> None:
    real = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/real"
    for f in measure_real(real, MUN):
        phone = "no phone column" if f.phone_normalised is None else f"{f.phone_normalised:.1%}"
        print(
            f"{f.file}: {f.rows} rows, {f.staged} staged, rows quarantined {f.rows_quarantined}; "
            f"municipality code {f.municipality_resolved:.1%}, postal codes "
            f"{f.postal_normalised:.1%}, websites {f.website_normalised:.1%}, phones {phone}"
        )


if __name__ == "__main__":
    main()
