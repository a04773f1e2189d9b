"""The vectorised door masks of doors.py give pandas' own answers (Arrow and object columns)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.doors import at_town_civic, isin, plain_rows, town_civic

FRAME = pd.DataFrame(
    {
        "municipality_code": ["a", "a", "a|b", "x", None, "a", ""],
        "civic_number": ["1", "b|c", "c", "1", "1", None, "1"],
    }
)
LISTED = pd.DataFrame({"municipality_code": ["a", "a|b", "x"], "civic_number": ["1", "c", "2"]})


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]"])
def test_at_town_civic_is_the_joined_key_lookup(dtype) -> None:
    frame = FRAME.astype(dtype)
    expected = town_civic(frame).isin(set(town_civic(LISTED).dropna())).to_numpy(dtype=bool)
    assert at_town_civic(frame, LISTED).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("values", "wanted"),
    [
        (["1", None, "2", ""], {"1", ""}),
        (["1", None, "2"], set()),
        ([None, None], {"1"}),
        ([1.5, "1"], {"1"}),  # mixed types: pandas' own isin
    ],
)
def test_isin_is_pandas_isin(values, wanted) -> None:
    series = pd.Series(values, dtype=object)
    assert isin(series, wanted).tolist() == series.isin(wanted).tolist()


def test_plain_rows_are_itertuples() -> None:
    frame = FRAME.astype("string[pyarrow]")
    assert [tuple(r) for r in plain_rows(frame)] == [
        tuple(r) for r in frame.itertuples(index=False)
    ]
