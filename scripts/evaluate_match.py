"""Precision, recall and spend share of `esq match` on generated supplier lists with truth.

Usage: python scripts/evaluate_match.py [--seeds 1 2 3] [--enterprises 3000] [--rows 3000]

The list is evaluation.matching.supplier_list's own generator (the hard benchmark of issue 12
had not landed on main when this was written). Targets (issue 17): precision ≥ 0.99 and recall
≥ 0.95 on rows whose supplier is a social economy enterprise; spend share within 3 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.matching.measure import recall_by_change, score, write_world
from evaluation.matching.supplier_list import make_world
from warehouse.matchfile import match_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=3000)
    args = parser.parse_args()
    print("seed  rows  se_rows  linked  right  review  precision  recall  true_share  share  error")
    for seed in args.seeds:
        world = make_world(seed, args.enterprises, args.rows)
        with tempfile.TemporaryDirectory() as tmp:
            warehouse, payments = write_world(world, Path(tmp))
            report = match_file(payments, warehouse, {})
            s = score(report.output, world)
            by_change = recall_by_change(report.output, world)
        print(f"{seed:>4}  {s['rows']:>4}  {s['se_rows']:>7}  {s['linked']:>6}  {s['right']:>5}  "
              f"{s['review']:>6}  {s['precision']:>9.4f}  {s['recall']:>6.4f}  "
              f"{s['true_share']:>10.4f}  {s['share']:>5.4f}  {s['share_error']:+.4f}")  # fmt: skip
        changes = ", ".join(f"{k} {r}/{n}" for k, (r, n) in by_change.items())
        print(f"      recall by change to the name (right/rows): {changes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
