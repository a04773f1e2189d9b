"""Records held as columns behave as the list of records they stand for."""

from __future__ import annotations

import pytest

from esq.adapters.base import RawRecord
from esq.adapters.records import (
    RecordTable,
    record_column,
    record_fetch_refs,
    record_keys,
    record_locations,
    take_records,
)

LISTED = [
    RawRecord("a", {"name": "Alpha", "town": None}, "f#a"),
    RawRecord("b", {"name": "Beta", "town": "Laval"}, "f#b", fetch_ref="src/old"),
]
TABLE = RecordTable(
    ["a", "b"], ["f#a", "f#b"], {"name": ["Alpha", "Beta"], "town": [None, "Laval"]}
)


@pytest.mark.parametrize(
    ("records", "refs"), [(LISTED, ["src/new", "src/old"]), (TABLE, ["src/new", "src/new"])]
)
def test_helpers_read_both_forms_alike(records, refs):
    assert record_keys(records) == ["a", "b"]
    assert record_locations(records) == ["f#a", "f#b"]
    assert record_column(records, "town") == [None, "Laval"]
    assert record_column(records, "absent") == [None, None]
    assert record_fetch_refs(records, "src/new") == refs
    assert [r.record_key for r in take_records(records, [1])] == ["b"]


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (0, RawRecord("a", {"name": "Alpha", "town": None}, "f#a")),
        (-1, RawRecord("b", {"name": "Beta", "town": "Laval"}, "f#b")),
        (slice(0, 1), [RawRecord("a", {"name": "Alpha", "town": None}, "f#a")]),
    ],
)
def test_table_builds_records_on_demand(index, expected):
    assert TABLE[index] == expected
    assert len(TABLE) == 2 and list(TABLE)[1].fields["town"] == "Laval"


def test_table_refuses_ragged_columns():
    with pytest.raises(ValueError, match="one value per record"):
        RecordTable(["a"], ["f#a"], {"name": []})
