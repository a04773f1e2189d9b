"""Build a warehouse file from table frames, with COMMENT ON from the one table definition.

The file is built under a temporary name beside the live one; ``swap_into_place`` renames it
over the live file only once the blocking checks have passed. Readers holding the old file keep
reading it (POSIX rename keeps their inode); new readers see the new one; nobody sees half a file.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq

from schemas.table_shape import Table, View
from schemas.tables import PUBLIC_TABLES
from warehouse.views import analyst_views, create_views, sql_literal

#: What a table is filled from: a frame, or the Parquet file a step wrote (read by DuckDB
#: itself, so the rows never become a pandas frame: the large world's core tables are ~2 GiB
#: as frames, and DuckDB's insert of a frame held them twice).
TableInput = pd.DataFrame | Path

#: DuckDB's memory for the build; past it the ORDER BY of the largest tables spills beside the
#: file being built (its ``.tmp`` folder), instead of growing the process by gigabytes.
BUILD_MEMORY = "1GB"


def input_columns(source: TableInput) -> list[str]:
    """The column names of a table's input, in its order."""
    if isinstance(source, Path):
        return list(pq.read_schema(source).names)
    return list(source.columns)


def input_rows(source: TableInput) -> int:
    """The number of rows of a table's input (a Parquet file's from its footer)."""
    if isinstance(source, Path):
        return pq.read_metadata(source).num_rows
    return len(source)


def create_table(con: duckdb.DuckDBPyConnection, table: Table, source: TableInput) -> None:
    """Create one table with its declared types and comments, filled from ``source``."""
    missing = [c for c in table.column_names if c not in input_columns(source)]
    if missing:
        raise ValueError(f"table {table.name}: its input lacks columns {missing}")
    cols = ", ".join(f'"{c.name}" {c.type}' for c in table.columns)
    con.execute(f'CREATE TABLE "{table.name}" ({cols})')
    if input_rows(source):
        if isinstance(source, Path):
            relation = f"read_parquet({sql_literal(str(source))})"
        else:
            con.register("_frame", source[table.column_names])
            relation = "_frame"
        select = ", ".join(f'CAST("{c.name}" AS {c.type})' for c in table.columns)
        order = ", ".join(f'"{c}"' for c in (table.primary_key or table.column_names[:4]))
        con.execute(f'INSERT INTO "{table.name}" SELECT {select} FROM {relation} ORDER BY {order}')
        if relation == "_frame":
            con.unregister("_frame")
    con.execute(f'COMMENT ON TABLE "{table.name}" IS {sql_literal(table.description)}')
    for c in table.columns:
        con.execute(f'COMMENT ON COLUMN "{table.name}"."{c.name}" IS {sql_literal(c.description)}')


def built_tables(con: duckdb.DuckDBPyConnection) -> list[Table]:
    """The public tables present in a warehouse, in definition order."""
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return [t for t in PUBLIC_TABLES if t.name in present]


def primary_key_problems(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, int]]:
    """Per built table whose primary key is broken: keys held by more than one row
    (``duplicated``) and rows with a null in a key column (``null``)."""
    problems = {}
    for table in built_tables(con):
        if not table.primary_key:
            continue
        cols = ", ".join(f'"{c}"' for c in table.primary_key)
        any_null = " OR ".join(f'"{c}" IS NULL' for c in table.primary_key)
        duplicated, null = con.execute(
            f'SELECT (SELECT count(*) FROM (SELECT {cols} FROM "{table.name}" GROUP BY ALL '
            f'HAVING count(*) > 1)), (SELECT count(*) FROM "{table.name}" WHERE {any_null})'
        ).fetchone()
        found = {k: int(v) for k, v in (("duplicated", duplicated), ("null", null)) if v}
        if found:
            problems[table.name] = found
    return problems


def build_warehouse(
    frames: Mapping[str, TableInput],
    target: Path,
    tables: Iterable[Table] = PUBLIC_TABLES,
    views: tuple[View, ...] | None = None,
) -> Path:
    """Write every table, then the analyst views whose tables exist, into a new file next to
    ``target``; return the temporary path. Optional tables without a frame are left out."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.building")
    try:
        with duckdb.connect(str(tmp), config={"memory_limit": BUILD_MEMORY}) as con:
            for table in tables:
                if table.name in frames:
                    create_table(con, table, frames[table.name])
                elif not table.optional:
                    raise ValueError(f"no frame for table {table.name}")
            create_views(con, analyst_views() if views is None else views)
            con.execute("CHECKPOINT")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def swap_into_place(tmp: Path, target: Path) -> None:
    """Atomically replace the live warehouse with a built one."""
    os.replace(tmp, target)
    wal = tmp.with_name(tmp.name + ".wal")
    wal.unlink(missing_ok=True)
