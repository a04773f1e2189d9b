"""``exact.with_members``: the same member text whatever the key columns' storage."""

from __future__ import annotations

import pandas as pd

from esq.entities.exact import with_members
from esq.entities.ids import member_key

SOURCES = ["register", "hub-b", "hub"]
RECORDS = ["1", "é:2", ""]


def _frame(dtype: str | None) -> pd.DataFrame:
    frame = pd.DataFrame({"source_id": SOURCES, "record_key": RECORDS})
    return frame.astype(dtype) if dtype else frame


def test_arrow_keys_give_the_same_members_as_python_strings() -> None:
    expected = [member_key(s, r) for s, r in zip(SOURCES, RECORDS, strict=True)]
    plain = with_members(_frame(None)).member
    arrow = with_members(_frame("string[pyarrow]")).member
    assert plain.tolist() == expected
    assert arrow.tolist() == expected
    assert isinstance(arrow.dtype, pd.StringDtype)  # joined in Arrow, not Python strings


def test_a_missing_arrow_key_takes_the_python_path() -> None:
    frame = _frame("string[pyarrow]")
    frame.loc[1, "record_key"] = None
    assert with_members(frame).member.tolist() == with_members(frame.astype(object)).member.tolist()
