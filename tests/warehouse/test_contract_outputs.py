"""One definition, three outputs: DuckDB comments, datapackage.json and the Markdown dictionary
agree with schemas/tables.py and warehouse/views.py, and with the tables actually built."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas.tables import PUBLIC_TABLES
from warehouse.dictionary import parse_dictionary, render_dictionary
from warehouse.views import analyst_views

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = ROOT / "docs" / "data-dictionary.md"


def _defined(objects) -> dict[str, list[tuple[str, str, str]]]:
    return {o.name: [(c.name, c.type, c.description) for c in o.columns] for o in objects}


@pytest.fixture(scope="module")
def built(sample_run) -> dict[str, object]:
    """What the sample run's warehouse actually holds: tables, views and their columns."""
    with duckdb.connect(str(sample_run.warehouse_path), read_only=True) as con:
        tables = dict(con.execute("SELECT table_name, comment FROM duckdb_tables()").fetchall())
        views = dict(
            con.execute(
                "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
            ).fetchall()
        )
        columns: dict[str, list[tuple[str, str, str]]] = {}
        for name, column, type_, comment in con.execute(
            "SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
            "ORDER BY table_name, column_index"
        ).fetchall():
            columns.setdefault(name, []).append((column, type_, comment))
    return {"tables": tables, "views": views, "columns": columns}


def test_the_built_tables_are_the_defined_ones(built):
    required = {t.name for t in PUBLIC_TABLES if not t.optional}
    defined = {t.name for t in PUBLIC_TABLES}
    assert required <= set(built["tables"]) <= defined
    assert {v.name for v in analyst_views()} == set(built["views"])


def test_duckdb_comments_and_types_match_the_definition(built):
    for obj in (*PUBLIC_TABLES, *analyst_views()):
        comment = built["tables"].get(obj.name) or built["views"].get(obj.name)
        assert comment == obj.description, obj.name
        assert built["columns"][obj.name] == _defined([obj])[obj.name], obj.name


def test_datapackage_fields_match_the_definition(sample_run, built):
    package = json.loads((sample_run.home / "published" / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(built["tables"])
    for table in PUBLIC_TABLES:
        resource = resources[table.name]
        assert resource["description"].startswith(table.description)
        fields = [(f["name"], f["type"], f["description"]) for f in resource["schema"]["fields"]]
        assert fields == [(c.name, c.frictionless_type, c.description) for c in table.columns]
        assert resource["schema"].get("primaryKey", []) == list(table.primary_key)


def test_parquet_files_have_the_defined_columns(sample_run):
    for table in PUBLIC_TABLES:
        schema = pq.read_schema(sample_run.home / "published" / f"{table.name}.parquet")
        assert schema.names == table.column_names, table.name


def test_markdown_dictionary_is_generated_and_matches_the_definition():
    text = DICTIONARY.read_text("utf-8")
    assert text == render_dictionary(), "run python scripts/make_data_dictionary.py"
    assert parse_dictionary(text) == _defined((*PUBLIC_TABLES, *analyst_views()))


def test_a_changed_description_is_caught(built):
    """The comparison above can fail: an edited description no longer matches the warehouse."""
    table = PUBLIC_TABLES[0]
    edited = [(c.name, c.type, c.description + " (edited)") for c in table.columns]
    assert built["columns"][table.name] != edited
    assert parse_dictionary(render_dictionary()) != {table.name: edited}
