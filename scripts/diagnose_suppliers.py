"""Missed and wrong supplier links on hard worlds, grouped by cause, with the money per city.

    python scripts/evaluate_hard.py --size small --seed 1 --worlds /tmp/w --keep   # prints HOME
    python scripts/diagnose_suppliers.py HOME WORLD [HOME WORLD ...] [--rows N] [--time]

Relinks each run's contracts with the current linker (evaluation/contracts/supplier_misses.py),
prints precision / recall / WAPE as the hard benchmark counts them, then the causes (rows and
money per city, truth amounts), the rows linked per tie-breaking evidence (right / wrong) and up
to N example rows per cause.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.contracts.supplier_misses import (
    by_cause,
    classify,
    owners,
    relink,
    summary,
    tie_breakers,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", type=Path, nargs="+", help="HOME WORLD pairs")
    parser.add_argument("--rows", type=int, default=3, help="examples per cause")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.max_colwidth", 60)
    for home, world in zip(args.pairs[::2], args.pairs[1::2], strict=True):
        start = time.perf_counter()
        contracts, _ = relink(home)
        seconds = time.perf_counter() - start
        frame = classify(contracts, world, owners(home, world))
        print(f"\n== {world.name} (relinked in {seconds:.1f} s)")
        print(" ".join(f"{k}={v}" for k, v in summary(frame, contracts, world).items()))
        print(by_cause(frame).round(0).to_string())
        print(tie_breakers(frame).to_string())
        bad = frame[~frame.cause.str.startswith(("right", "rightly"))]
        cols = ["supplier_name", "supplier_eid", "link_method", "link_detail", "candidates"]
        for cause, group in bad.groupby("cause") if args.rows > 0 else ():
            print(f"-- {cause}")
            print(group[cols].head(args.rows).to_string(index=False, header=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
