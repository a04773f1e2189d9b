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


def run_query(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    """Check and run one read query; return column names and rows. A query that reaches for
    files or the network is refused by DuckDB itself (external access is off): say so plainly."""
    try:
        cur = con.execute(check_query(sql))
    except duckdb.PermissionException as exc:
        first = str(exc).splitlines()[0]
        raise QueryRefused(
            f"file and network access are disabled in analyst sessions ({first}); "
            "query the warehouse tables, or use `esq export` for files"
        ) from exc
    return [d[0] for d in cur.description], cur.fetchall()
