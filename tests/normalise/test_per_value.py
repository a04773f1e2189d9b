"""A pure function applied once per distinct value, as if to every value."""

from __future__ import annotations

import math

import pytest

from esq.normalise.per_value import per_value


@pytest.mark.parametrize(
    ("values", "expected", "calls"),
    [
        (["a", "b", "a", "a"], ["A", "B", "A", "A"], 2),
        ([1, 1.0, True, "1"], ["int", "float", "bool", "str"], 4),  # equal keys, other types
        ([[1], [1]], ["list", "list"], 2),  # unhashable: computed each time
        ([], [], 0),
    ],
)
def test_per_value_calls_once_per_distinct_typed_value(values, expected, calls):
    seen = []

    def fn(v):
        seen.append(v)
        return v.upper() if isinstance(v, str) and v.isalpha() else type(v).__name__

    assert per_value(values, fn) == expected
    assert len(seen) == calls


def test_per_value_star_unpacks_arguments():
    assert per_value([(1, 2), (3, 4), (1, 2)], lambda a, b: a + b, star=True) == [3, 7, 3]


def test_per_value_nan_is_computed_each_time():
    out = per_value([math.nan, math.nan], lambda v: "missing")
    assert out == ["missing", "missing"]
