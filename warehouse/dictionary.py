"""docs/data-dictionary.md, rendered from the one definition of tables and views."""

from __future__ import annotations

from collections.abc import Sequence

from schemas.table_shape import Column, Table, View
from schemas.tables import PUBLIC_TABLES
from warehouse.views import analyst_views

HEADER = """# Data dictionary

Generated from `schemas/tables.py` (listing fields: `schemas/listing.py`) and
`warehouse/views.py` by `scripts/make_data_dictionary.py`; do not edit by hand. The same
descriptions are the DuckDB comments of `warehouse.duckdb` (`SELECT * FROM duckdb_columns()`)
and the field descriptions of `published/datapackage.json`; a test fails when the three
disagree.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _columns(columns: Sequence[Column]) -> list[str]:
    lines = ["| column | type | description |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in columns]
    return lines


def _table(table: Table) -> list[str]:
    notes = []
    if table.primary_key:
        notes.append("Key: " + ", ".join(f"`{k}`" for k in table.primary_key) + ".")
    if table.may_hold_register_data:
        notes.append("May hold REQ register fields: non-commercial use (CC BY-NC-SA 4.0).")
    if table.optional:
        notes.append("Present only when the sources it is built from are enabled.")
    return [f"### `{table.name}`", "", table.description, "", *notes, "", *_columns(table.columns)]


def _view(view: View) -> list[str]:
    reads = ", ".join(f"`{r}`" for r in view.requires)
    return [
        f"### `{view.name}` (view)",
        "",
        view.description,
        "",
        f"Reads {reads}.",
        "",
        *_columns(view.columns),
    ]


def render_dictionary(
    tables: Sequence[Table] = PUBLIC_TABLES, views: Sequence[View] | None = None
) -> str:
    """The whole Markdown document."""
    views = analyst_views() if views is None else views
    lines = [HEADER, "## Tables (published as Parquet)", ""]
    for table in tables:
        lines += [*_table(table), ""]
    lines += ["## Analyst views (in warehouse.duckdb)", ""]
    for view in views:
        lines += [*_view(view), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def parse_dictionary(text: str) -> dict[str, list[tuple[str, str, str]]]:
    """Read back (column, type, description) per table or view from the Markdown."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("### `"):
            current = line.split("`")[1]
            out[current] = []
        elif current and line.startswith("| `"):
            name, type_, description = (p.strip() for p in line.strip("|").split(" | ", 2))
            out[current].append((name.strip("`"), type_, description.replace("\\|", "|")))
    return out
