"""Read-only sessions for analysts: no writes, no files, no network, settings locked."""

from __future__ import annotations

from pathlib import Path

import duckdb

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
            f"{kind.name} is not allowed: the warehouse is read-only for analysts "
            "(SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN only; no writes, "
            "ATTACH, COPY or file access)"
        )
    return sql
