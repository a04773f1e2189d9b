"""CSV exports neutralise formula cells (OWASP ASVS 1.2.10) and round-trip exactly."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from pipelines.cli import main
from schemas.tables import QUARANTINE
from warehouse.build import build_warehouse, swap_into_place
from warehouse.csvsafe import neutralise_cell, restore_cell, write_csv

TRICKY = [
    '=HYPERLINK("http://evil","x")',
    "+15551234567",
    "-2+3",
    "@SUM(A1)",
    "\tindent",
    "\rreturn",
    "'=already quoted",
    "''+two quotes",
    "'plain quote",
    "plain",
    "",
    "a=b",
    "Coop d'entraide",
    "multi\nline",
    'x,y;"z"',
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1 819", "'+1 819"),
        ("-5", "'-5"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'x", "'x"),
        ("x=1", "x=1"),
        (-5, -5),
        (None, None),
    ],
)
def test_formula_cells_are_neutralised(value, expected):
    assert neutralise_cell(value) == expected


def test_round_trip_restores_every_value():
    out = io.StringIO()
    write_csv(["value"], [[v] for v in TRICKY], out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    cells = [r[0] for r in rows[1:]]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    assert [restore_cell(c) for c in cells] == TRICKY


def test_export_command_round_trips_through_the_warehouse(tmp_path, monkeypatch):
    """Formula-like values stored in a warehouse come out inert and restore exactly."""
    home = tmp_path / "home"
    frame = pd.DataFrame({c: [None] * len(TRICKY) for c in QUARANTINE.column_names})
    frame["record_key"] = [f"r{i:02d}" for i in range(len(TRICKY))]
    frame["value"] = TRICKY
    swap_into_place(
        build_warehouse(
            {"quarantine": frame}, home / "warehouse.duckdb", tables=[QUARANTINE], views=()
        ),
        home / "warehouse.duckdb",
    )
    monkeypatch.setenv("ESQ_HOME", str(home))
    target = tmp_path / "quarantine.csv"
    assert main(["export", "quarantine", "--format", "csv", "-o", str(target)]) == 0
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert not any(r["value"].startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows)
    got = {r["record_key"]: restore_cell(r["value"]) for r in rows}
    assert got == dict(zip(frame.record_key, TRICKY, strict=True))
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.slow
def test_parquet_export_matches_the_published_file(sample_run, tmp_path, monkeypatch):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    target = tmp_path / "sources.parquet"
    assert main(["export", "sources", "--format", "parquet", "-o", str(target)]) == 0
    import pyarrow.parquet as pq

    published = pq.read_table(sample_run.home / "published" / "sources.parquet")
    assert pq.read_table(target).to_pylist() == published.to_pylist()
