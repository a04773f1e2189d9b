"""Analyst views answer consistently with the tables, and appear only with their tables."""

from __future__ import annotations

import duckdb
import pytest

from schemas.table_shape import Column, View
from warehouse.views import ISQ_ENTERPRISES, create_views


def _query(settings, sql):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
@pytest.mark.parametrize(
    "view",
    [
        "enterprises_by_region",
        "enterprises_by_mrc",
        "enterprises_by_municipality",
        "enterprises_by_legal_form",
        "enterprises_by_sector",
    ],
)
def test_breakdowns_add_up_to_all_enterprises(sample_run, view):
    (total,) = _query(sample_run, "SELECT count(*) FROM enterprises")[0]
    (summed,) = _query(sample_run, f"SELECT sum(enterprises) FROM {view}")[0]
    assert summed == total > 0


@pytest.mark.slow
def test_regions_are_named_from_the_municipalities_table(sample_run):
    rows = dict(
        _query(
            sample_run,
            "SELECT region_code, region_name FROM enterprises_by_region "
            "WHERE region_code IS NOT NULL",
        )
    )
    assert rows["04"] == "Mauricie" and rows["05"] == "Estrie"


@pytest.mark.slow
def test_municipality_view_carries_mrc_and_region(sample_run):
    rows = _query(
        sample_run,
        "SELECT municipality, region_code, enterprises FROM "
        "enterprises_by_municipality WHERE municipality_code = '37067'",
    )
    assert rows and rows[0][:2] == ("Trois-Rivières", "04")


@pytest.mark.slow
def test_coverage_is_against_the_isq_count(sample_run):
    (total,) = _query(sample_run, "SELECT count(*) FROM enterprises")[0]
    enterprises, reference, year, coverage = _query(
        sample_run,
        "SELECT enterprises, reference_enterprises, reference_year, coverage FROM coverage",
    )[0]
    assert (enterprises, reference, year) == (total, 11_360, 2022)
    assert coverage == pytest.approx(total / ISQ_ENTERPRISES, abs=1e-6)


@pytest.mark.slow
def test_source_freshness_lists_enabled_sources_with_their_age(sample_run):
    rows = _query(
        sample_run, "SELECT source_id, last_success_at, days_since_success FROM source_freshness"
    )
    assert {r[0] for r in rows} >= {"pes-mauricie-repertoire", "mamh-municipalites"}
    fetched = [r for r in rows if r[1]]  # sources never fetched have no age
    assert fetched and all(r[2] >= 0 for r in fetched)
    assert all(r[2] is None for r in rows if not r[1])


REVIEW = View(
    "pending",
    "Pending rows.",
    "SELECT item FROM review",
    (Column("item", "VARCHAR", "An item."),),
    ("review",),
)


@pytest.mark.parametrize(("tables", "created"), [((), []), (("review",), ["pending"])])
def test_a_view_is_created_only_when_its_tables_exist(tables, created):
    with duckdb.connect() as con:
        for name in tables:
            con.execute(f"CREATE TABLE {name} (item VARCHAR)")
        assert create_views(con, (REVIEW,)) == created
        views = con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")
        assert [r[0] for r in views.fetchall()] == created


def test_review_queue_ranks_money_then_reason_then_listing_pairs():
    """Supplier pairs by the spend waiting on them, then enterprise pairs by reason, two
    listings before a listing and a registration, then by score."""
    from warehouse.views import review_queue_view

    view = review_queue_view()
    assert view is not None and "contracts" in view.requires
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE review AS SELECT * FROM (VALUES "
        "('hub:a', 'req:1', 0.99, 'name', 'names_guard'),"
        "('hub:b', 'req:2', 0.70, 'name', 'score_band'),"
        "('hub:c', 'dir:9', 0.60, 'name', 'score_band'),"
        "('hub:d', 'req:3', 0.99, 'name', 'ambiguous_register')"
        ") t(left_record, right_record, score, agreeing_fields, reason)"
    )
    con.execute(
        "CREATE TABLE supplier_review AS SELECT * FROM (VALUES "
        "('supplier:name:small', 'E1', 1.0, 'name', 'supplier_enterprise'),"
        "('supplier:name:big', 'E2', 0.8, 'name', 'supplier_enterprise'),"
        "('supplier:name:big', 'E3', 0.8, 'name', 'supplier_enterprise')"
        ") t(left_record, right_record, score, agreeing_fields, kind)"
    )
    con.execute(
        "CREATE TABLE contracts AS SELECT * FROM (VALUES "
        "('name:small', 'review', 100.00), ('name:big', 'review', 5000.00),"
        "('name:big', 'review', 2500.00), ('name:big', 'name', 99999.00)"
        ") t(supplier_ref, link_method, amount)"
    )
    con.execute(
        "CREATE TABLE sources AS SELECT * FROM (VALUES "
        "('hub', 'listing'), ('dir', 'listing'), ('req', 'register')) t(source_id, role)"
    )
    rows = con.execute(
        f"SELECT left_record, right_record, at_stake, priority FROM ({view.sql})"
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("supplier:name:big", "E2"),
        ("supplier:name:big", "E3"),
        ("supplier:name:small", "E1"),
        ("hub:d", "req:3"),
        ("hub:c", "dir:9"),  # two listings before a listing and a registration
        ("hub:b", "req:2"),
        ("hub:a", "req:1"),
    ]
    assert [float(r[2]) if r[2] is not None else None for r in rows] == [
        7500.0, 7500.0, 100.0, None, None, None, None
    ]  # fmt: skip
    assert [r[3] for r in rows] == list(range(1, 8))
