"""Rows taken chunk by chunk are the rows ``iloc`` takes."""

import numpy as np
import pandas as pd

from esq.entities.column_take import column_values, in_values, take_rows

ARROW = "string[pyarrow]"


def _frame() -> pd.DataFrame:
    """Three Arrow chunks per string column (a concat), an object column, numbers, gaps."""
    part = pd.DataFrame(
        {
            "name_key": pd.Series(["a b", None, "c", "d e f"], dtype=ARROW),
            "member": ["s:1", "s:2", "s:3", "s:4"],
            "civic": pd.Series([None, "12", "", "7"], dtype=ARROW),
            "n": [1, 2, 3, 4],
            "odd": ["x", np.nan, None, "y"],
        }
    )
    frame = pd.concat([part, part.iloc[::-1], part.iloc[1:]], ignore_index=True)
    assert frame.name_key.array._pa_array.num_chunks == 3  # the case this module is for
    return frame


def test_take_rows_is_iloc_across_chunks() -> None:
    frame = _frame()
    for at in ([0, 3, 4, 7, 9, 10], [5], [], list(range(len(frame)))):
        at = np.array(at, dtype=np.int64)
        pd.testing.assert_frame_equal(take_rows(frame, at), frame.iloc[at])
        cols = ["civic", "member"]
        pd.testing.assert_frame_equal(take_rows(frame, at, cols), frame[cols].iloc[at])


def test_column_values_gives_python_values_and_none_for_gaps() -> None:
    frame = _frame()
    at = np.array([1, 2, 4, 6, 10], dtype=np.int64)
    assert column_values(frame.name_key, at) == [None, "c", "d e f", None, "d e f"]
    assert column_values(frame.civic, at) == ["12", "", "7", "12", "7"]
    assert column_values(frame.member, at) == ["s:2", "s:3", "s:4", "s:2", "s:4"]
    # texts: anything but a string is None (NaN, None, a number)
    assert column_values(frame.odd, at, texts=True) == [None, None, "y", None, "y"]
    assert column_values(frame.n, at, texts=True) == [None] * 5
    assert column_values(frame.n, at) == [2, 3, 4, 2, 4]


def test_in_values_is_isin_for_arrow_and_object_strings() -> None:
    values = ["a", None, "c", None]
    for dtype in ("string[pyarrow]", object):
        column = pd.Series(values, dtype=dtype)
        for wanted in ({"a"}, {"a", None}, set(), {"z", 3}):
            assert in_values(column, wanted).tolist() == column.isin(wanted).tolist()
