"""One definition per public table (schemas/tables.py): what producers write is what the
warehouse builds, column for column, in the same order."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.catalog import load_catalog
from esq.contracts.mart import procurement_by_city_year, top_social_economy_suppliers
from esq.contracts.table import build_contracts
from esq.staging.quarantine import quarantine_frame
from esq.store import empty_frame
from schemas.listing import LISTING_COLUMNS, MAPPABLE_FIELDS, ListingSchema
from schemas.tables import (
    CONTRACTS,
    LISTINGS,
    PROCUREMENT_BY_CITY_YEAR,
    PUBLIC_TABLES,
    QUARANTINE,
    SUPPLIER_REVIEW,
    TOP_SOCIAL_ECONOMY_SUPPLIERS,
)
from warehouse.assemble import assemble_tables
from warehouse.build import input_columns


def test_every_producer_frame_has_the_columns_of_its_table(sample_run) -> None:
    """The inputs (frames or Parquet files) the layers below hand the warehouse, on the
    bundled sample."""
    frames = assemble_tables(load_catalog(), sample_run)
    assert set(frames) == {t.name for t in PUBLIC_TABLES}
    for table in PUBLIC_TABLES:
        assert input_columns(frames[table.name]) == table.column_names, table.name


def _no_contracts():
    return build_contracts(empty_frame(["x"]), empty_frame(["y"]), set())


@pytest.mark.parametrize(
    ("table", "frame"),
    [
        (QUARANTINE, lambda: quarantine_frame([])),
        (CONTRACTS, lambda: _no_contracts().contracts),
        (SUPPLIER_REVIEW, lambda: _no_contracts().supplier_review),
        (PROCUREMENT_BY_CITY_YEAR, lambda: procurement_by_city_year(pd.DataFrame())),
        (TOP_SOCIAL_ECONOMY_SUPPLIERS, lambda: top_social_economy_suppliers(*[pd.DataFrame()] * 2)),
    ],
)
def test_empty_producers_still_have_their_tables_columns(table, frame) -> None:
    assert list(frame().columns) == table.column_names


def test_a_listing_field_is_declared_once_in_the_listing_schema() -> None:
    """Order, description and type of the listings table's first columns come from
    ListingSchema; the fields a catalog may map are flagged there."""
    schema = ListingSchema.to_schema().columns
    staged = LISTINGS.columns[: len(LISTING_COLUMNS)]
    assert [c.name for c in staged] == list(schema) == list(LISTING_COLUMNS)
    assert all(c.description == schema[c.name].description for c in staged)
    assert all(c.description for c in staged)
    assert {c.type for c in staged} == {"VARCHAR", "DOUBLE"}
    assert set(LISTING_COLUMNS) > MAPPABLE_FIELDS and "name" in MAPPABLE_FIELDS


def test_money_is_decimal_everywhere_it_is_an_amount() -> None:
    money = {
        (t.name, c.name) for t in PUBLIC_TABLES for c in t.columns if c.type == "DECIMAL(18,2)"
    }
    assert money == {
        ("contracts", "amount_awarded"),
        ("contracts", "amount_final"),
        ("contracts", "amount"),
        ("procurement_by_city_year", "total_spend"),
        ("procurement_by_city_year", "social_economy_spend"),
        ("procurement_by_city_year", "pending_review_spend"),
        ("top_social_economy_suppliers", "spend"),
    }
