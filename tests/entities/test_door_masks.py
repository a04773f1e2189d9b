"""The vectorised door masks of doors.py give pandas' own answers (Arrow and object columns)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.doors import isin, plain_rows

FRAME = pd.DataFrame(
    {
        "municipality_code": ["a", "a", "a|b", "x", None, "a", ""],
        "civic_number": ["1", "b|c", "c", "1", "1", None, "1"],
    }
)


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
