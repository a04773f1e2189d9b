"""Stable-id assignment: first run (no previous ids) against an unchanged second run.

    PYTHONPATH=. nice .venv/bin/python bench/stable_ids.py      # 50 k, 200 k, 800 k clusters
    PYTHONPATH=. nice .venv/bin/python bench/stable_ids.py --sizes 10000 40000 160000

Clusters look like a register-sized run: mostly singletons (register-only entities), one in
twenty with 2-4 members (listings joined to their register record). Prints the median CPU
time (process time, all threads) of each run and the fitted exponent t ~ n^k over the sizes.
Issue 13: the second run was quadratic (16 000 clusters: 0.17 s first run, 14 s second).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from bench.growth import growth_exponent
from esq.entities.ids import assign_ids


def make_clusters(n: int, seed: int = 0) -> dict[str, list[str]]:
    rng = random.Random(seed)
    clusters: dict[str, list[str]] = {}
    for i in range(n):
        size = rng.choice((2, 3, 4)) if rng.random() < 0.05 else 1
        members = [f"req:{i:09d}"] + [f"hub{j}:{i}" for j in range(1, size)]
        clusters[members[0]] = members
    return clusters


def timed(clusters, previous, issued) -> tuple[float, dict[str, str]]:
    """CPU seconds of one assignment (steadier than wall time on a shared machine)."""
    start = time.process_time()
    out = assign_ids(clusters, previous, issued)
    return time.process_time() - start, out.cluster_ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=3, default=[50_000, 200_000, 800_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    firsts, seconds = [], []
    print(f"{'clusters':>10} {'first run':>10} {'second run':>11}   (median CPU seconds)")
    for n in args.sizes:
        clusters = make_clusters(n)
        t1, t2 = [], []
        for _ in range(args.repeat):
            t, ids = timed(clusters, {}, set())
            t1.append(t)
            previous = {m: ids[label] for label, ms in clusters.items() for m in ms}
            t, again = timed(clusters, previous, set(previous.values()))
            assert again == ids, "an unchanged re-run must keep every id"
            t2.append(t)
        firsts.append(statistics.median(t1))
        seconds.append(statistics.median(t2))
        print(f"{n:>10,} {firsts[-1]:>9.2f}s {seconds[-1]:>10.2f}s")
    print(
        f"fitted exponent: first run n^{growth_exponent(args.sizes, firsts):.2f}, "
        f"second run n^{growth_exponent(args.sizes, seconds):.2f}"
    )


if __name__ == "__main__":
    main()
