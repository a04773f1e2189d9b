"""Golden records, table-driven: each field from the best source by the precedence rules, with
provenance; the set-based build_golden agrees with golden_record, which states the rules for
one cluster."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from esq.entities.golden import build_golden
from esq.entities.golden_record import golden_record
from esq.entities.golden_rules import ADDRESS_FIELDS, FIELD_PRIORITY, display_rank, fetch_date

FIELDS = ("name", "social_economy_basis", *FIELD_PRIORITY, *ADDRESS_FIELDS)
BLANK = dict.fromkeys(FIELDS)


def rec(source: str, key: str, role: str, day: str = "01", **values: object) -> dict:
    """One linked record of enterprise E1 unless ``enterprise_id`` is given."""
    return {
        **BLANK,
        "enterprise_id": "E1",
        "source_id": source,
        "record_key": key,
        "source_role": role,
        "fetch_ref": f"{source}/202606{day}T000000Z",
        "social_economy_basis": "listed" if role == "listing" else "register",
        **values,
    }


# (records, {field: (value, "source:key" it came from)}, other expected golden values)
CASES = [
    (  # the register names, the hub gives the phone
        [
            rec("hub", "1", "listing", name="Café Mauve", phone="8195550101"),
            rec("req", "9", "register", name="CAFE MAUVE INC", neq="1143000000"),
        ],
        {
            "name": ("CAFE MAUVE INC", "req:9"),
            "neq": ("1143000000", "req:9"),
            "phone": ("8195550101", "hub:1"),
        },
        {"other_names": "Café Mauve", "org_id": "CA-QC_QBC-1143000000", "source_count": 2},
    ),
    (  # a company a listed café runs through: its NEQ and form, the café's name
        [
            rec("hub", "1", "listing", name="Café des Quatre-Vents", legal_form="obnl"),
            rec(
                "req",
                "9",
                "register",
                name="9345-1234 QUÉBEC INC.",
                neq="1170000001",
                legal_form="societe-par-actions",
            ),
        ],
        {
            "name": ("Café des Quatre-Vents", "hub:1"),
            "neq": ("1170000001", "req:9"),
            "legal_form": ("societe-par-actions", "req:9"),
        },
        {"other_names": "9345-1234 QUÉBEC INC.", "source_count": 2},
    ),
    (  # a co-operative's registration keeps giving the name, whatever its case
        [
            rec("hub", "1", "listing", name="Coop Mauve"),
            rec("req", "9", "register", name="COOP MAUVE", legal_form="cooperative"),
        ],
        {"name": ("COOP MAUVE", "req:9"), "legal_form": ("cooperative", "req:9")},
        {"other_names": "Coop Mauve"},
    ),
    (  # no register: among listings the name as people write it wins (case, then accents)
        [
            rec("a", "1", "listing", name="CAFE MAUVE"),
            rec("b", "1", "listing", name="Cafe Mauve"),
            rec("c", "1", "listing", name="Café Mauve"),
        ],
        {"name": ("Café Mauve", "c:1")},
        {"other_names": "CAFE MAUVE | Cafe Mauve", "listing_count": 3},
    ),
    (  # same role and rank: the smaller source id, then the smaller record key
        [
            rec("b", "1", "listing", name="Mauve", email="b@x.ca"),
            rec("a", "2", "listing", name="Mauve", email="a2@x.ca"),
            rec("a", "10", "listing", name="Mauve", email="a10@x.ca"),
        ],
        {"name": ("Mauve", "a:10"), "email": ("a10@x.ca", "a:10")},
        {"other_names": None},
    ),
    (  # a missing value falls through to the next record, then the next role
        [
            rec("a", "1", "listing", name="Mauve", website=None),
            rec("b", "1", "listing", name="Mauve", website="mauve.ca"),
            rec("r", "1", "register", name="MAUVE", sector="autre"),
        ],
        {"website": ("mauve.ca", "b:1"), "sector": ("autre", "r:1")},
        {},
    ),
    (  # address fields travel together, from the best record with a municipality code
        [
            rec("a", "1", "listing", name="M", address="1 rue A", postal_code="G9A1A1"),
            rec(
                "b",
                "1",
                "listing",
                name="M",
                address="2 rue B",
                municipality="Shawinigan",
                municipality_code="36033",
                latitude=46.5,
            ),
        ],
        {
            "address": ("2 rue B", "b:1"),
            "municipality_code": ("36033", "b:1"),
            "latitude": (46.5, "b:1"),
        },
        {"postal_code": None},
    ),
    (  # no municipality code anywhere: the best record with an address line
        [
            rec("a", "1", "listing", name="M"),
            rec("b", "1", "listing", name="M", address="3 rue C", postal_code="G9A1A1"),
        ],
        {"address": ("3 rue C", "b:1"), "postal_code": ("G9A1A1", "b:1")},
        {},
    ),
    (  # basis: a listed record and a register one make "both"; dates span the fetches
        [
            rec("a", "1", "listing", day="03", name="M"),
            rec("r", "1", "register", day="02", name="M", register_status="IM"),
        ],
        {"register_status": ("IM", "r:1")},
        {"social_economy_basis": "both", "first_seen": "2026-06-02", "last_seen": "2026-06-03"},
    ),
]


def _as_frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records)


def _same(a: object, b: object) -> bool:
    missing = (a is None or (isinstance(a, float) and math.isnan(a))) and (
        b is None or (isinstance(b, float) and math.isnan(b))
    )
    return missing or a == b


@pytest.mark.parametrize(("records", "picked", "expected"), CASES)
def test_golden_fields_and_their_provenance(records, picked, expected) -> None:
    golden, provenance = build_golden(_as_frame(records), {})
    row = golden.iloc[0].to_dict()
    origin = dict(
        zip(provenance.field, provenance.source_id + ":" + provenance.record_key, strict=True)
    )
    for field, (value, member) in picked.items():
        assert _same(row[field], value), field
        assert origin[field] == member, field
    for field, value in expected.items():
        assert _same(row[field], value), field


@pytest.mark.parametrize(("records", "picked", "expected"), CASES)
def test_set_based_build_agrees_with_the_one_cluster_statement(records, picked, expected):
    golden, provenance = build_golden(_as_frame(records), {})
    row, prov = golden_record("E1", records, None)
    assert all(_same(golden.iloc[0][c], row[c]) for c in golden.columns)
    assert sorted(prov) == sorted(provenance.itertuples(index=False, name=None))


def test_many_clusters_at_once_and_an_earlier_first_seen() -> None:
    records = []
    for i, (_records, _, _) in enumerate(CASES):
        records += [{**r, "enterprise_id": f"E{i}"} for r in _records]
    first_seen = {"E0": "2020-01-01", "E1": "2030-01-01"}
    golden, provenance = build_golden(_as_frame(records), first_seen)
    assert list(golden.enterprise_id) == sorted(f"E{i}" for i in range(len(CASES)))
    for eid, group in _as_frame(records).groupby("enterprise_id"):
        row, prov = golden_record(eid, group.to_dict("records"), first_seen.get(eid))
        mine = golden[golden.enterprise_id == eid].iloc[0]
        assert all(_same(mine[c], row[c]) for c in golden.columns), eid
        assert sorted(prov) == sorted(
            provenance[provenance.enterprise_id == eid].itertuples(index=False, name=None)
        )
    assert golden.set_index("enterprise_id").first_seen["E0"] == "2020-01-01"


@pytest.mark.parametrize(
    ("name", "rank"),
    [("CAFE", (1, 0)), ("Cafe", (0, 0)), ("Café", (0, -1)), ("ÉCOLE", (1, -1)), ("123", (0, 0))],
)
def test_display_rank(name, rank) -> None:
    assert display_rank(name) == rank


def test_fetch_date() -> None:
    assert fetch_date("hub/20260601T000000Z") == "2026-06-01"


def test_provenance_without_some_enterprises_is_the_rest_in_the_same_order() -> None:
    from esq.entities.golden import golden_rows

    records = []
    for i, (_records, _, _) in enumerate(CASES):
        records += [{**r, "enterprise_id": f"E{i}"} for r in _records]
    _, picks = golden_rows(_as_frame(records), {})
    whole = picks.provenance()
    kept = whole[~whole.enterprise_id.isin({"E1", "E4"})].reset_index(drop=True)
    pd.testing.assert_frame_equal(picks.provenance(without={"E1", "E4"}), kept)
    assert picks.provenance(without=set(whole.enterprise_id)).empty


@pytest.mark.parametrize(
    "values",
    [
        ["b", "a", "c", "a"],
        ["Été", "Ete", "été", "E", "e", "Z"],  # code point order, as Python's
        ["x"],
        [],
        ["b", None, "a"],  # missing: pandas' own path
        [3, 1, 2, 1],  # not text: pandas' own path
    ],
)
def test_sorted_codes_is_pandas_sorted_factorize(values) -> None:
    from esq.entities.golden_ranks import sorted_codes

    codes, uniques = sorted_codes(pd.Series(values, dtype=object))
    want_codes, want_uniques = pd.factorize(pd.Series(values, dtype=object), sort=True)
    assert list(codes) == list(want_codes)
    assert list(uniques) == list(want_uniques)


@pytest.mark.parametrize(
    ("groups", "keys", "first"),
    [
        ([0, 0, 1, 1], [[1, 0, 0, 1]], [1, 2]),  # the smallest key per group
        ([1, 0, 1, 0], [[0, 0, 0, 0]], [1, 0]),  # ties: row order; groups ascending
        ([0, 0, 0], [[1, 1, 0], [5, 4, 9]], [2]),  # the first key decides before the second
        ([0, 0], [[2, 2], [3, 1]], [1]),  # then the second
    ],
)
def test_first_per_group(groups, keys, first) -> None:
    import numpy as np

    from esq.entities.golden_ranks import first_per_group

    got = first_per_group(np.array(groups), *(np.array(k) for k in keys))
    assert list(got) == first


def test_source_rank_orders_by_source_then_record_key_then_row() -> None:
    from esq.entities.golden_ranks import source_rank

    sources = pd.Series(["b", "a", "a", "b", "a"])
    keys = pd.Series(["1", "2", "10", "1", "2"])
    assert list(source_rank(sources, keys)) == [3, 1, 0, 4, 2]
