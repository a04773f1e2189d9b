"""``python -m evaluation.hardworld OUT --size small --seed 1`` (or --enterprises/--register)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from evaluation.hardworld.world import SIZES, build_world


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a hard, realistic benchmark world.")
    parser.add_argument("out", type=Path, help="folder to write (replaced)")
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--enterprises", type=int, help="listed enterprises (overrides --size)")
    parser.add_argument("--register", type=int, help="register entries in all (overrides --size)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    enterprises, register = SIZES[args.size]
    enterprises = args.enterprises or enterprises
    register = args.register or (register if not args.enterprises else 50 * enterprises)
    summary = build_world(args.out, enterprises, register, args.seed)
    print(
        json.dumps(
            {
                k: summary[k]
                for k in ("seed", "enterprises", "register", "listings", "contracts", "seconds")
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
