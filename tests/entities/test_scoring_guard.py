"""Scoring's pair guard: never two register records, whichever member sorts first."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.scoring import score_pairs
from schemas.listing import LISTING_COLUMNS

_PLACE = {
    "municipality_code": "37067",
    "municipality": "Trois-Rivières",
    "region_code": "04",
    "postal_code": "G9A 5H7",
}


def _rows(*records: tuple[str, str]) -> pd.DataFrame:
    rows = [
        {"source_id": source, "record_key": key, "source_role": role, "name_key": "ruche bleue",
         "neq_status": "missing", **_PLACE}
        for source, key, role in ((s, k, "register" if s == "req" else "listing")
                                  for s, k in records)
    ]  # fmt: skip
    return pd.DataFrame(rows).reindex(columns=list(LISTING_COLUMNS)).astype("string")


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # a listing whose member sorts after the register's still meets it
        ([("req", "1"), ("zz-hub", "1")], [("req:1", "zz-hub:1")]),
        ([("a-hub", "1"), ("req", "1")], [("a-hub:1", "req:1")]),
        ([("a-hub", "1"), ("zz-hub", "2")], [("a-hub:1", "zz-hub:2")]),
        ([("req", "1"), ("req", "2")], []),  # two register records: never a pair
    ],
)
def test_pairs_have_a_listing(records, expected):
    pairs = score_pairs(_rows(*records), 0.0).pairs
    assert list(zip(pairs.left, pairs.right, strict=True)) == expected
