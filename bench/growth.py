"""Shared by the benches: the fitted growth exponent of a time against a size."""

from __future__ import annotations

import math
from collections.abc import Sequence


def growth_exponent(sizes: Sequence[float], times: Sequence[float]) -> float:
    """Least-squares slope of log(time) on log(size): t ~ n^k gives k."""
    pts = [(math.log(n), math.log(max(t, 1e-6))) for n, t in zip(sizes, times, strict=True)]
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else float("nan")
