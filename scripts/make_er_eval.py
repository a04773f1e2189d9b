"""Write the seeded synthetic labelled set as CSV files (one per source, plus the truth).

    .venv/bin/python scripts/make_er_eval.py OUT_DIR [--seed 11] [--n 2000]

The same set is generated in memory by scripts/evaluate_er.py and the tests; the files are for
looking at it, or feeding it to other tools.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from evaluation.entities.frames import SAMPLE_MUN_CSV
from evaluation.entities.labelled import repo_root
from evaluation.entities.synthetic import read_towns
from evaluation.entities.synthetic_records import make_labelled_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    towns = read_towns(repo_root().joinpath(*SAMPLE_MUN_CSV), seed=args.seed)
    labelled = make_labelled_set(args.seed, args.n, towns)
    args.out.mkdir(parents=True, exist_ok=True)
    for source_id, records in labelled.records.items():
        fields = sorted({k for r in records for k in r})
        with (args.out / f"{source_id}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(records)
    with (args.out / "truth.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["record", "enterprise", "true_neq"])
        for member, truth in sorted(labelled.truth.items()):
            writer.writerow([member, truth, labelled.true_neq.get(truth) or ""])
    print(f"wrote {len(labelled.records)} sources and truth.csv to {args.out}")


if __name__ == "__main__":
    main()
