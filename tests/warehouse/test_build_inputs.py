"""A table built from the Parquet file a step wrote is the table built from that file's frame:
same types, rows, nulls and order (warehouse.build reads core tables with DuckDB)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from esq.store import read_frame, write_frame
from schemas.table_shape import MONEY, Column, Table
from warehouse.build import build_warehouse, input_columns, input_rows

TABLE = Table(
    "t",
    "A table of every column type.",
    (
        Column("id", "VARCHAR", "Key."),
        Column("score", "DOUBLE", "A float, sometimes missing."),
        Column("n", "BIGINT", "A nullable integer."),
        Column("day", "DATE", "A date."),
        Column("at", "TIMESTAMP", "A time."),
        Column("amount", MONEY, "Money."),
        Column("flag", "BOOLEAN", "A flag."),
    ),
    ("id",),
)

FRAME = pd.DataFrame(
    {
        "extra": ["not in the table", "x", "y"],
        "id": ["b", "a", "c"],
        "score": [0.5, float("nan"), None],
        "n": pd.array([1, None, 3], dtype="Int64"),
        "day": [dt.date(2026, 1, 2), None, dt.date(2025, 12, 31)],
        "at": pd.to_datetime(["2026-01-02T03:04:05", None, "2025-01-01T00:00:00"]),
        "amount": [Decimal("12.30"), None, Decimal("0.01")],
        "flag": [True, None, False],
    }
)


def _table(tmp_path: Path, name: str, source) -> tuple[list, list]:
    built = build_warehouse({"t": source}, tmp_path / f"{name}.duckdb", tables=[TABLE], views=())
    with duckdb.connect(str(built), read_only=True) as con:
        types = con.execute("SELECT column_name, data_type FROM duckdb_columns()").fetchall()
        return types, con.execute("SELECT * FROM t").fetchall()


@pytest.mark.parametrize("rows", [3, 0])
def test_a_parquet_input_builds_the_table_its_frame_builds(tmp_path: Path, rows: int) -> None:
    path = write_frame(tmp_path / "t.parquet", FRAME.head(rows))
    frame = read_frame(path)
    assert input_rows(path) == input_rows(frame) == rows
    assert input_columns(path) == input_columns(frame) == list(FRAME.columns)
    from_file, from_frame = _table(tmp_path, "file", path), _table(tmp_path, "frame", frame)
    assert from_file == from_frame
    assert [r[0] for r in from_file[1]] == sorted(FRAME.id.head(rows))  # primary-key order


def test_a_parquet_input_lacking_a_column_is_refused(tmp_path: Path) -> None:
    path = write_frame(tmp_path / "t.parquet", FRAME.drop(columns=["amount"]))
    with pytest.raises(ValueError, match=r"lacks columns \['amount'\]"):
        build_warehouse({"t": path}, tmp_path / "w.duckdb", tables=[TABLE], views=())
    assert not list(tmp_path.glob(".w.duckdb.*"))  # nothing half-built left behind
