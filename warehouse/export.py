"""Exports of one public table for spreadsheet users (CSV) or tools (Parquet)."""

from __future__ import annotations

from pathlib import Path

from esq.cli import write_csv
from esq.config import Settings
from warehouse.readonly import connect_readonly
from warehouse.tables import PUBLIC_TABLES


def export_table(settings: Settings, name: str, fmt: str, output: str | None = None) -> Path:
    """Write a public table from the read-only warehouse; CSV cells that look like formulas
    are neutralised."""
    known = {t.name: t for t in PUBLIC_TABLES}
    if name not in known:
        raise KeyError(f"unknown table {name!r}; public tables: {', '.join(sorted(known))}")
    table = known[name]
    path = Path(output) if output else settings.home / "exports" / f"{name}.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    order = ", ".join(f'"{c}"' for c in (table.primary_key or table.column_names))
    with connect_readonly(settings.warehouse_path) as con:
        cur = con.execute(f'SELECT * FROM "{name}" ORDER BY {order}')
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(cur.to_arrow_table(), path, compression="zstd")
        else:
            names = [d[0] for d in cur.description]
            with path.open("w", encoding="utf-8", newline="") as out:
                write_csv(names, cur.fetchall(), out)
    return path
