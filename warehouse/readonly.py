"""Read-only sessions for analysts: no writes, no files, no network, settings locked."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

#: Seconds an analyst query may run before it is stopped (ESQ_SQL_TIMEOUT overrides).
DEFAULT_TIMEOUT = 300.0

#: Statement types an analyst session may run; DuckDB's own parser classifies the query, so a
#: ';' inside a string literal or a comment cannot smuggle a second statement past the check.
ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefused(ValueError):
    """The query tries to write, attach, copy or read files."""


class QueryTimeout(ValueError):
    """The query ran past its statement timeout and was interrupted."""


def sql_timeout(value: float | None = None, env: dict[str, str] | None = None) -> float:
    """The statement timeout: the value given, else ESQ_SQL_TIMEOUT, else 300 s (0: none)."""
    if value is not None:
        return float(value)
    raw = (os.environ if env is None else env).get("ESQ_SQL_TIMEOUT")
    return float(raw) if raw else DEFAULT_TIMEOUT


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
        verb = (statements[0].query.split() or [kind.name])[0].upper()
        raise QueryRefused(
            f"{verb} is not allowed: the warehouse is read-only for analysts "
            "(SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN only; no writes, "
            "ATTACH, COPY, INSTALL/LOAD, SET or file access)"
        )
    return sql


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float | None = None
) -> tuple[list[str], list[tuple]]:
    """Check and run one read query; return column names and rows. A query that reaches for
    files or the network is refused by DuckDB itself (external access is off): say so plainly.

    DuckDB has no statement timeout: a watchdog thread interrupts the connection after
    ``timeout`` seconds (:func:`sql_timeout`) and the query ends with :class:`QueryTimeout`.
    """
    limit = sql_timeout(timeout)
    watchdog = threading.Timer(limit, con.interrupt) if limit > 0 else None
    if watchdog is not None:
        watchdog.daemon = True
        watchdog.start()
    try:
        cur = con.execute(check_query(sql))
        return [d[0] for d in cur.description], cur.fetchall()
    except duckdb.InterruptException as exc:
        raise QueryTimeout(
            f"the query ran longer than {limit:g} s and was stopped; narrow it, or raise the "
            "limit with --timeout SECONDS or ESQ_SQL_TIMEOUT"
        ) from exc
    except duckdb.PermissionException as exc:
        first = str(exc).splitlines()[0]
        raise QueryRefused(
            f"file and network access are disabled in analyst sessions ({first}); "
            "query the warehouse tables, or use `esq export` for files"
        ) from exc
    finally:
        if watchdog is not None:
            watchdog.cancel()
