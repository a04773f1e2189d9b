"""Print entity-resolution quality on the seeded synthetic labelled set.

    .venv/bin/python scripts/evaluate_er.py [--seed 11] [--n 2000] [--auto 0.9] [--review 0.5]

Targets (issue 5): pairwise precision >= 0.98, recall >= 0.95; correct NEQ >= 0.95,
wrong NEQ <= 0.005. tests/entities/test_evaluation.py guards a smaller set.
"""

from __future__ import annotations

import argparse
import time

from esq.entities.resolve import Thresholds
from evaluation.entities.evaluate import evaluate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--n", type=int, default=2000, help="listed enterprises")
    parser.add_argument("--auto", type=float, default=Thresholds.auto)
    parser.add_argument("--review", type=float, default=Thresholds.review)
    args = parser.parse_args()
    start = time.perf_counter()
    result = evaluate(args.seed, args.n, Thresholds(args.auto, args.review))
    print(
        f"seed {args.seed}, {args.n} listed enterprises, auto {args.auto}, "
        f"review {args.review} ({time.perf_counter() - start:.1f} s)"
    )
    for key, value in result.items():
        print(f"{key:24s} {value:.4f}" if value < 10 else f"{key:24s} {value:.0f}")


if __name__ == "__main__":
    main()
