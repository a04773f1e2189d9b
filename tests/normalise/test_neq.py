import math

import pytest

from esq.normalise.neq import NeqResult, luhn_ok, neq

# 1142720136 and 1148357057 are supplier NEQs in the SEAO sample (CC BY 4.0).


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1142720136", NeqResult("1142720136", "valid")),
        (1148357057, NeqResult("1148357057", "valid")),
        ("114 272 0136", NeqResult("1142720136", "valid")),
        ("1142-720-136", NeqResult("1142720136", "valid")),
        ("1142720136.0", NeqResult("1142720136", "valid")),
        (1142720136.0, NeqResult("1142720136", "valid")),
        ("1142720137", NeqResult("1142720137", "luhn_failed")),
        ("1.14E+09", NeqResult(None, "excel_damaged")),
        ("1,14E+09", NeqResult(None, "excel_damaged")),
        ("1.14272E+9", NeqResult(None, "excel_damaged")),
        ("114272013", NeqResult(None, "malformed")),
        ("11427201366", NeqResult(None, "malformed")),
        ("1142720136.5", NeqResult(None, "malformed")),
        ("NEQ inconnu", NeqResult(None, "malformed")),
        ("", NeqResult(None, "missing")),
        ("NA", NeqResult(None, "missing")),
        (None, NeqResult(None, "missing")),
        (math.nan, NeqResult(None, "missing")),
    ],
)
def test_neq(value, expected):
    assert neq(value) == expected


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("79927398713", True), ("79927398710", False), ("42720136", True), ("", False), ("4a", False)],
)
def test_luhn_ok(digits, expected):
    assert luhn_ok(digits) is expected


def test_a_random_number_passes_luhn_about_one_time_in_ten():
    passing = sum(luhn_ok(f"{n:08d}") for n in range(10_000_000, 10_010_000))
    assert passing == 1000
