"""Read-only sessions for analysts: no writes, no files, no network, settings locked."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

#: Seconds a read query may run before it is stopped (ESQ_SQL_TIMEOUT overrides, read per call).
DEFAULT_TIMEOUT = 300.0

#: Statement types an analyst session may run; DuckDB's own parser classifies the query, so a
#: ';' inside a string literal or a comment cannot smuggle a second statement past the check.
ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefused(ValueError):
    """The query tries to write, attach, copy or read files."""


def connect_readonly(path: Path) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with external access disabled and configuration locked."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no warehouse at {path}: run `esq run` first")
    con = duckdb.connect(
        str(path),
        read_only=True,
        config={
            "enable_external_access": False,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        },
    )
    con.execute("SET lock_configuration = true")
    return con


#: How a refused statement is named, from DuckDB's classification (not the query's first word,
#: which may be a comment or a WITH clause); INSTALL and LOAD share one statement type.
STATEMENT_NAMES = {
    duckdb.StatementType.LOAD: "INSTALL/LOAD",
    duckdb.StatementType.VARIABLE_SET: "SET VARIABLE",
    duckdb.StatementType.CREATE_FUNC: "CREATE FUNCTION/MACRO",
    duckdb.StatementType.COPY_DATABASE: "COPY FROM DATABASE",
    duckdb.StatementType.MERGE_INTO: "MERGE INTO",
    duckdb.StatementType.TRANSACTION: "BEGIN/COMMIT/ROLLBACK",
}


def statement_name(kind: duckdb.StatementType) -> str:
    """The SQL name of a statement type, as a person would write it (``COPY``, ``INSERT``)."""
    return STATEMENT_NAMES.get(kind, kind.name.replace("_", " "))


def check_query(sql: str) -> str:
    """Refuse anything but one read query, with a message saying why."""
    try:
        statements = duckdb.connect().extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"the query does not parse: {exc}") from exc
    if len(statements) != 1:
        raise QueryRefused(f"one statement at a time, please (got {len(statements)})")
    kind = statements[0].type
    if kind not in ALLOWED:
        raise QueryRefused(
            f"{statement_name(kind)} is refused: the warehouse is read-only for analysts "
            "(SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN only; no writes, "
            "ATTACH, COPY, INSTALL/LOAD, SET or file access)"
        )
    return sql


class QueryTimeout(ValueError):
    """The query ran past its time limit and was stopped."""


def query_timeout(env: dict[str, str] | None = None) -> float:
    """The statement time limit in seconds: ESQ_SQL_TIMEOUT, else DEFAULT_TIMEOUT."""
    raw = (os.environ if env is None else env).get("ESQ_SQL_TIMEOUT")
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT
    except ValueError as exc:
        raise ValueError(f"ESQ_SQL_TIMEOUT must be a number of seconds, not {raw!r}") from exc
    if value <= 0:
        raise ValueError("ESQ_SQL_TIMEOUT must be more than 0 seconds")
    return value


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float | None = None
) -> tuple[list[str], list[tuple]]:
    """Check and run one read query; return column names and rows.

    A query that reaches for files or the network is refused by DuckDB itself (external
    access is off): say so plainly. DuckDB has no statement timeout, so a timer interrupts the
    connection after ``timeout`` seconds (default: ``query_timeout()``) and QueryTimeout says so.
    """
    limit = query_timeout() if timeout is None else timeout
    timer = threading.Timer(limit, con.interrupt)
    timer.daemon = True
    timer.start()
    try:
        cur = con.execute(check_query(sql))
        names, rows = [d[0] for d in cur.description], cur.fetchall()
    except duckdb.InterruptException as exc:
        raise QueryTimeout(
            f"the query ran longer than {limit:g} s and was stopped; narrow it (a WHERE, a "
            "LIMIT), or allow more time with ESQ_SQL_TIMEOUT=<seconds>"
        ) from exc
    except duckdb.PermissionException as exc:
        first = str(exc).splitlines()[0]
        raise QueryRefused(
            f"file and network access are disabled in analyst sessions ({first}); "
            "query the warehouse tables, or use `esq export` for files"
        ) from exc
    finally:
        timer.cancel()
    return names, rows
