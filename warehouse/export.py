"""Exports of one public table or analyst view for spreadsheet users (CSV) or tools (Parquet)."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow.parquet as pq

from esq.config import Settings
from schemas.tables import PUBLIC_TABLES
from warehouse.csvsafe import write_csv
from warehouse.readonly import connect_readonly


def _known(con) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() "
        "WHERE NOT internal ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def export_table(settings: Settings, name: str, fmt: str, output: str | None = None) -> Path:
    """Write a table or view from the read-only warehouse, in its published order (primary key,
    else all columns; views keep their own); CSV cells that look like formulas are neutralised.
    The file appears whole or not at all (temporary file, then rename)."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}: csv or parquet")
    path = Path(output) if output else settings.layout.exports / f"{name}.{fmt}"
    with connect_readonly(settings.warehouse_path) as con:
        known = _known(con)
        if name not in known:
            raise ValueError(f"unknown table {name!r}; tables and views: {', '.join(known)}")
        query = f'SELECT * FROM "{name}"{_order(con, name)}'
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        if fmt == "parquet":
            pq.write_table(con.sql(query).to_arrow_table(), tmp, compression="zstd")
        else:
            cur = con.execute(query)
            names = [d[0] for d in cur.description]
            with tmp.open("w", encoding="utf-8", newline="") as out:
                write_csv(names, cur.fetchall(), out)
    os.replace(tmp, path)
    return path


def _order(con, name: str) -> str:
    """The published order of a public table; a view keeps its own ORDER BY."""
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?"
    if not con.execute(sql, [name]).fetchall()[0][0]:
        return ""
    defined = {t.name: t for t in PUBLIC_TABLES}.get(name)
    keys = (defined.primary_key or defined.column_names) if defined else ["ALL"]
    return " ORDER BY " + ", ".join(k if k == "ALL" else f'"{k}"' for k in keys)
