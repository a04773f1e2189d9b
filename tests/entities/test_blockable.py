"""The scoring table keeps only the register rows a blocking rule can pair with a listing,
with the words' frequencies and the term frequencies of every name."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.blockable import rule_equalities
from esq.entities.features import build_scoring_table, register_name_frequencies
from esq.scratch_db import scratch_connection
from schemas.listing import LISTING_COLUMNS


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("l.name_key = r.name_key", [("name_key", "name_key")]),
        ("l.tok1 = r.tok2 AND l.region_code = r.region_code",
         [("tok1", "tok2"), ("region_code", "region_code")]),
    ],
)  # fmt: skip
def test_rule_equalities(rule, expected):
    assert rule_equalities(rule) == expected


@pytest.mark.parametrize("rule", ["l.phone <> r.phone", "levenshtein(l.name_key, r.name_key) < 2"])
def test_a_rule_that_is_no_equality_is_refused(rule):
    with pytest.raises(ValueError, match="conjunction"):
        rule_equalities(rule)


def _frame(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(source, key, name_key, phone, region_code) rows; « req » is the register."""
    records = [
        {"source_id": s, "record_key": k, "source_role": "register" if s == "req" else "listing",
         "name_key": n, "phone": p, "region_code": r, "municipality": "Trois-Rivières",
         "neq_status": "missing"}
        for s, k, n, p, r in rows
    ]  # fmt: skip
    return pd.DataFrame(records).reindex(columns=list(LISTING_COLUMNS)).astype("string")


FRAME = [
    ("hub", "1", "ruche bleue", "8195550100", "04"),
    ("req", "1", "ruche bleue", None, "06"),  # same name: kept
    ("req", "2", "atelier bleue", None, "04"),  # a rare shared word in the region: kept
    ("req", "3", "atelier bleue", None, "06"),  # the word, another region: dropped
    ("req", "4", "garage vert", "8195550100", "06"),  # same phone: kept
    ("req", "5", "garage vert", None, "04"),  # nothing shared: dropped
]


def test_blocked_build_keeps_the_pairable_register_rows():
    full, blocked = scratch_connection(), scratch_connection()
    n_full = build_scoring_table(full, _frame(FRAME))
    register_name_frequencies(full)
    n_blocked = build_scoring_table(blocked, _frame(FRAME), blocked_only=True)
    assert n_blocked == n_full == len(FRAME)
    kept = [m for (m,) in blocked.execute("SELECT member FROM er_input ORDER BY 1").fetchall()]
    assert kept == ["hub:1", "req:1", "req:2", "req:4"]
    # each kept row as in the whole table (words ranked over every name), same frequencies
    query = "SELECT * FROM er_input ORDER BY member"
    full_rows = full.execute(query).fetchall()
    assert blocked.execute(query).fetchall() == [r for r in full_rows if r[0] in kept]
    tf = "SELECT * FROM tf_er_input ORDER BY 1"
    assert blocked.execute(tf).fetchall() == full.execute(tf).fetchall()
