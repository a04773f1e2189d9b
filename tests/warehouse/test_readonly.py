"""`esq sql` is read-only: writes, ATTACH, COPY, INSTALL/LOAD, file reads and SET are refused."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from pipelines.cli import main
from warehouse.readonly import connect_readonly

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("CREATE TABLE x (a INT)", "CREATE is refused"),
        ("INSERT INTO sources (source_id) VALUES ('x')", "INSERT is refused"),
        ("UPDATE enterprises SET name = 'x'", "UPDATE is refused"),
        ("DELETE FROM enterprises", "DELETE is refused"),
        ("DROP TABLE enterprises", "DROP is refused"),
        ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH is refused"),
        ("COPY enterprises TO '/tmp/out.csv'", "COPY is refused"),
        ("EXPORT DATABASE '/tmp/out'", "EXPORT is refused"),
        ("INSTALL httpfs", "INSTALL/LOAD is refused"),
        ("LOAD httpfs", "INSTALL/LOAD is refused"),
        ("SET enable_external_access = true", "SET is refused"),
        ("PRAGMA enable_profiling", "PRAGMA is refused"),
        ("/* a comment */ COPY enterprises TO '/tmp/out.csv'", "COPY is refused"),
        ("-- a comment\nDELETE FROM enterprises", "DELETE is refused"),
        (
            "WITH x AS (SELECT 1 AS a) INSERT INTO sources (source_id) SELECT 'x'",
            "INSERT is refused",
        ),
        ("SELECT 1; DROP TABLE enterprises", "one statement at a time"),
        ("SELECT * FROM read_csv('/etc/passwd')", "file and network access are disabled"),
        ("SELECT * FROM read_text('/etc/passwd')", "file and network access are disabled"),
        ("SELECT * FROM 'https://example.org/x.csv'", "file and network access are disabled"),
    ],
)
def test_refused_with_a_clear_message(sample_run, monkeypatch, capsys, query, message):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    before = hashlib.sha256(sample_run.warehouse_path.read_bytes()).hexdigest()
    assert main(["sql", query]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert hashlib.sha256(sample_run.warehouse_path.read_bytes()).hexdigest() == before


def test_reading_queries_answer(sample_run, monkeypatch, capsys):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    assert main(["sql", "SELECT region_code, enterprises FROM enterprises_by_region", "--csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "region_code,enterprises" and len(lines) > 1


@pytest.mark.parametrize(
    "statement",
    [
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET enable_external_access",
    ],
)
def test_configuration_is_locked_even_on_the_raw_connection(sample_run, statement):
    with connect_readonly(sample_run.warehouse_path) as con, pytest.raises(duckdb.Error):
        con.execute(statement)


@pytest.mark.parametrize(
    ("timeout", "query"),
    [
        ("1", "select count(*) from range(10000000000000)"),
        ("0.5", "select sum(a.range * b.range) from range(100000000) a, range(100000000) b"),
    ],
)
def test_a_runaway_query_is_stopped_with_a_clear_message(
    sample_run, monkeypatch, capsys, timeout, query
):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    monkeypatch.setenv("ESQ_SQL_TIMEOUT", timeout)
    assert main(["sql", query]) == 2
    err = capsys.readouterr().err
    assert f"ran longer than {timeout} s and was stopped" in err and "ESQ_SQL_TIMEOUT" in err
    # the session is usable again: the next query answers
    monkeypatch.setenv("ESQ_SQL_TIMEOUT", "60")
    assert main(["sql", "select 42 as answer", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["answer", "42"]


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_a_bad_timeout_setting_is_named(sample_run, monkeypatch, capsys, value):
    monkeypatch.setenv("ESQ_HOME", str(sample_run.home))
    monkeypatch.setenv("ESQ_SQL_TIMEOUT", value)
    assert main(["sql", "select 1"]) == 2
    assert "ESQ_SQL_TIMEOUT must be" in capsys.readouterr().err
