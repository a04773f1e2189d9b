"""Shared by the benches: the fitted growth exponent of a time against a size, and the table of
exponents per pipeline step and stage that bench/pipeline.py prints."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence

#: The issue's bound on every stage's growth (issue 13).
TARGET = 1.1


def growth_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) on log(size): t ~ n^k gives k."""
    pts = [(math.log(n), math.log(max(t, 1e-6))) for n, t in zip(sizes, times, strict=True)]
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else float("nan")


def stage_of(step: str) -> str:
    """The stage a Dagster step belongs to: ``raw`` (fetches and their freshness checks),
    ``staging`` (every source), ``reference``, ``core``, ``warehouse`` (with its checks)."""
    return step.split("__", 1)[0]


def by_stage(steps: Mapping[str, float]) -> dict[str, float]:
    """Per-step figures summed per stage."""
    out: dict[str, float] = defaultdict(float)
    for step, value in steps.items():
        out[stage_of(step)] += value
    return dict(out)


def exponent_table(
    series: Mapping[str, Mapping[int, float]], min_seconds: float = 1.0
) -> list[tuple[str, list[float], float, float]]:
    """(name, figure per size, exponent fitted over every size, exponent between the two
    largest sizes) for every series measured at two sizes or more whose figure at the largest
    size reaches ``min_seconds`` (smaller ones are fixed costs: imports, Dagster's events,
    hashing a step's inputs), largest figure first. The last segment is the one that matters
    for the next size: at the smallest size fixed costs flatten the fit."""
    sizes = sorted({n for points in series.values() for n in points})
    rows = []
    for name, points in series.items():
        if len(points) < 2 or max(points.values()) < min_seconds:
            continue
        ns = sorted(points)
        rows.append((name, [points.get(n, float("nan")) for n in sizes],
                     growth_exponent(ns, [points[n] for n in ns]),
                     growth_exponent(ns[-2:], [points[n] for n in ns[-2:]])))  # fmt: skip
    return sorted(rows, key=lambda r: -max(v for v in r[1] if not math.isnan(v)))


def print_exponents(title: str, series: Mapping[str, Mapping[int, float]], unit: str) -> None:
    """Print :func:`exponent_table` with the figure at each size, marking exponents above
    TARGET."""
    sizes = sorted({n for points in series.values() for n in points})
    print(f"\n{title}")
    print(f"  {'':<46}" + "".join(f"{f'n={n:,}':>13}" for n in sizes)
          + "   fitted  last two")  # fmt: skip
    for name, values, k, last in exponent_table(series):
        cells = "".join(f"{v:>11.1f} {unit}" for v in values)
        flag = f"  > n^{TARGET}" if max(k, last) > TARGET else ""
        print(f"  {name:<46}{cells}   n^{k:.2f}    n^{last:.2f}{flag}")
