"""`esq match` on 10 000 payment rows against 15 000 enterprises: read, link, write, summarise.

Usage: nice python bench/match.py [--rows 10000] [--enterprises 15000] [--repeat 3]

The world is evaluation.matching.supplier_list's (built before the clock starts); the figure is
the wall time of warehouse.matchfile.match_file — reading the cp1252 CSV, loading the
enterprises read-only, building the linker's index, linking, writing the CSV. Target: ≤ 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.matching.measure import write_world
from evaluation.matching.supplier_list import make_world
from warehouse.matchfile import match_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--enterprises", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    world = make_world(7, args.enterprises, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        warehouse, payments = write_world(world, Path(tmp))
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            report = match_file(payments, warehouse, {})
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        suppliers = world.payments.Fournisseur.nunique()
    linked = report.summary.total.linked
    print(f"match_file: {args.rows} rows ({suppliers} distinct supplier names), "
          f"{args.enterprises} enterprises, {linked} rows linked")  # fmt: skip
    print(
        f"wall: best {min(times):.2f} s, median {statistics.median(times):.2f} s; "
        f"CPU: best {min(cpu):.2f} s (target ≤ 10 s; wall exceeds CPU on a shared machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
