"""The changes table: new, updated (with the fields), merged, removed; stable on a re-run."""

from __future__ import annotations

import pandas as pd
import pytest

from warehouse.changes import compute_changes

COLUMNS = ["enterprise_id", "name", "website", "last_seen"]


def _ent(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=COLUMNS)


def _ids(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["enterprise_id", "status", "merged_into"])


A = ("E1", "Coop A", "https://a.ca", "2026-06-01")
B = ("E2", "OBNL B", None, "2026-06-01")


@pytest.mark.parametrize(
    ("previous", "current", "ids", "expected"),
    [
        # first publication: everything is new
        (_ent(), _ent(A, B), _ids(), [("E1", "new", None, None), ("E2", "new", None, None)]),
        # a changed website is an update naming the field; last_seen alone is not a change
        (
            _ent(A, B),
            _ent(
                ("E1", "Coop A", "https://a.org", "2026-07-01"),
                ("E2", "OBNL B", None, "2026-07-01"),
            ),
            _ids(),
            [("E1", "updated", "website", None)],
        ),
        # E2 disappeared into E1
        (
            _ent(A, B),
            _ent(A),
            _ids(("E1", "active", None), ("E2", "merged", "E1")),
            [("E2", "merged", None, "E1")],
        ),
        # E2 disappeared without a merge
        (
            _ent(A, B),
            _ent(A),
            _ids(("E1", "active", None), ("E2", "removed", None)),
            [("E2", "removed", None, None)],
        ),
        # a value appearing where there was none is an update too
        (
            _ent(B),
            _ent(("E2", "OBNL B", "https://b.ca", "2026-06-01")),
            _ids(),
            [("E2", "updated", "website", None)],
        ),
    ],
)
def test_changes_between_publications(previous, current, ids, expected):
    changes = compute_changes(previous, current, ids)
    got = [
        (r.enterprise_id, r.change, r.fields_changed, r.merged_into) for r in changes.itertuples()
    ]
    assert got == expected


def test_dtypes_do_not_count_as_changes():
    """Parquet gives dates and integers back in other types than the frames that wrote them."""
    previous = pd.DataFrame(
        {
            "enterprise_id": ["E1"],
            "name": ["A"],
            "source_count": [2],
            "first_seen": [pd.Timestamp("2026-06-01").date()],
        }
    )
    current = pd.DataFrame(
        {
            "enterprise_id": ["E1"],
            "name": ["A"],
            "source_count": pd.array([2], dtype="Int64"),
            "first_seen": ["2026-06-01"],
        }
    )
    assert compute_changes(previous, current, _ids()).empty


def test_an_unchanged_publication_keeps_its_changes():
    """Re-running on the same inputs must give the same changes file, not an empty one."""
    first = compute_changes(_ent(), _ent(A, B), _ids())
    again = compute_changes(_ent(A, B), _ent(A, B), _ids(), previous_changes=first)
    pd.testing.assert_frame_equal(again, first)
    assert compute_changes(_ent(A, B), _ent(A), _ids(), previous_changes=first).change.tolist() == [
        "removed"
    ]
