"""Load the REQ open-data ZIP into DuckDB tables without holding any file in Python memory.

DuckDB cannot read inside a ZIP (the ``zipfs`` community extension would need a download),
so each member is stream-extracted in 1 MiB chunks to a temporary file and read by DuckDB's
parallel CSV reader with declared column types, then deleted. The headers of all six members
are checked before anything is loaded, and the whole load is one transaction: a bad archive
leaves the previous tables untouched.
"""

from __future__ import annotations

import csv
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

import duckdb

from esq.register.req_columns import REQ_COLUMNS, REQ_FILES, column_type
from esq.register.zip_extract import extract_ahead
from esq.register.zip_inflate import InflateBudget, InflateError, ZipBombError

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HEADER_LIMIT = 1 << 20  # a header longer than 1 MiB is not a REQ header


class ReqArchiveError(ValueError):
    """The file is not a usable REQ open-data ZIP; the message says which file and why."""


def find_members(zf: zipfile.ZipFile, zip_path: Path) -> dict[str, zipfile.ZipInfo]:
    """Map each key of ``REQ_FILES`` to its member, matching base names case-insensitively.

    Members may sit in a sub-folder. A missing or duplicated member is an error.
    """
    wanted = {name.lower(): key for key, name in REQ_FILES.items()}
    found: dict[str, zipfile.ZipInfo] = {}
    for info in zf.infolist():
        base = PurePosixPath(info.filename).name.lower()
        key = wanted.get(base)
        if key is None or info.is_dir() or info.filename.startswith("__MACOSX/"):
            continue
        if key in found:
            raise ReqArchiveError(
                f"{zip_path}: {REQ_FILES[key]} appears twice "
                f"({found[key].filename!r} and {info.filename!r})"
            )
        found[key] = info
    missing = [name for key, name in REQ_FILES.items() if key not in found]
    if missing:
        raise ReqArchiveError(f"{zip_path}: missing member(s) {', '.join(missing)}")
    return found


def read_header(zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_path: Path) -> list[str]:
    """The column names of a member's first line (UTF-8, optional BOM), read without the rest."""
    head = b""
    with zf.open(info) as fh:
        while b"\n" not in head and len(head) < _HEADER_LIMIT:
            block = fh.read(64 * 1024)
            if not block:
                break
            head += block
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReqArchiveError(f"{zip_path}: {info.filename}: header is not UTF-8 ({exc})") from exc
    names = [name.strip() for name in next(csv.reader([text]), [])]
    if not any(names):
        raise ReqArchiveError(f"{zip_path}: {info.filename}: empty file, no header")
    return names


def check_header(key: str, names: list[str], member: str, zip_path: Path) -> None:
    """Raise when expected columns are absent or a column name repeats."""
    missing = [col for col in REQ_COLUMNS[key] if col not in names]
    if missing:
        raise ReqArchiveError(f"{zip_path}: {member}: missing column(s) {', '.join(missing)}")
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ReqArchiveError(f"{zip_path}: {member}: repeated column(s) {', '.join(repeated)}")


def check_archive(zip_path: Path) -> None:
    """Raise ReqArchiveError unless the ZIP holds the six members with their columns.

    Reads only the members' headers: cheap enough to vet a dropped file before it counts as
    the register's good data.
    """
    with _open_zip(zip_path) as zf:
        for key, info in find_members(zf, zip_path).items():
            check_header(key, read_header(zf, info, zip_path), info.filename, zip_path)


def check_schema_name(schema: str) -> None:
    """Refuse a schema name that would need quoting (it is spliced into SQL)."""
    if not _IDENTIFIER.match(schema):
        raise ValueError(f"schema name {schema!r} is not a plain SQL identifier")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def read_csv_sql(csv_path: Path, names: list[str]) -> str:
    """The ``read_csv`` call that parses one extracted member with declared types."""
    columns = ", ".join(f"{_sql_str(n)}: {_sql_str(column_type(n))}" for n in names)
    return (
        f"read_csv({_sql_str(str(csv_path))}, header = true, delim = ',', quote = '\"', "
        f"escape = '\"', encoding = 'utf-8', dateformat = '%Y-%m-%d', "
        f"columns = {{{columns}}})"
    )


def _default_tmp_dir(con: duckdb.DuckDBPyConnection) -> Path:
    """The folder of the database file (same disk as the target), else the system temp dir."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    if row and row[0]:
        return Path(row[0]).resolve().parent
    return Path(tempfile.gettempdir())


def _open_zip(zip_path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ReqArchiveError(f"{zip_path}: not a readable ZIP archive ({exc})") from exc


def load_req_zip(
    zip_path: Path,
    con: duckdb.DuckDBPyConnection,
    schema: str = "req",
    progress: Callable[[str, int], None] | None = None,
    tmp_dir: Path | None = None,
    budget: InflateBudget | None = None,
) -> dict[str, int]:
    """Load the six CSVs of a REQ open-data ZIP into ``<schema>.<key>`` tables.

    Tables are ``entreprise``, ``nom``, ``etablissements``, ``domainevaleur``,
    ``fusionscissions`` and ``continuationstransformations``, replaced as one transaction.
    ``DAT_*`` columns are DATE, every other column (NEQ included) VARCHAR. ``progress`` is
    called with the member name and its row count after each table. Returns row counts by key.
    Raises ``ReqArchiveError`` for a file that is not a ZIP, a missing member, a header that
    lacks expected columns, a row DuckDB cannot parse (the message names member and cause), or
    an archive that inflates past ``budget`` (total size or compression ratio: a ZIP bomb).
    """
    zip_path = Path(zip_path)
    budget = budget if budget is not None else InflateBudget()
    check_schema_name(schema)
    counts: dict[str, int] = {}
    with _open_zip(zip_path) as zf:
        members = find_members(zf, zip_path)
        declared = sum(info.file_size for info in members.values())
        if declared > budget.max_total:  # the cheap check; sizes can lie, so inflate checks too
            raise ReqArchiveError(
                f"{zip_path.name}: declares {declared >> 20} MiB uncompressed, more than the "
                f"{budget.max_total >> 20} MiB allowed; refused"
            )
        headers = {}
        for key, info in members.items():
            headers[key] = read_header(zf, info, zip_path)
            check_header(key, headers[key], info.filename, zip_path)
        folder = Path(tmp_dir) if tmp_dir is not None else _default_tmp_dir(con)
    keys = {info.filename: key for key, info in members.items()}
    # smallest first: the first wait is short, the big members extract while others load
    order = sorted(members.values(), key=lambda info: info.file_size)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        with tempfile.TemporaryDirectory(prefix=".req-", dir=folder) as work:
            extracted = extract_ahead(zip_path, order, Path(work), budget)
            try:
                for info, csv_path in _checked(extracted, zip_path):
                    key = keys[info.filename]
                    table = f'"{schema}"."{key}"'
                    counts[key] = _load_member(con, csv_path, headers[key], table, info, zip_path)
                    if progress is not None:
                        progress(REQ_FILES[key], counts[key])
            finally:
                extracted.close()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {key: counts[key] for key in REQ_FILES}


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An error as one printable line, cut at ``limit`` characters: a parser's message can
    quote kilobytes of the offending data (NUL bytes included), which belongs in no status."""
    text = " ".join(str(exc).replace("\x00", "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _checked(
    extracted: Iterator[tuple[zipfile.ZipInfo, Path]], zip_path: Path
) -> Iterator[tuple[zipfile.ZipInfo, Path]]:
    """Re-raise extraction failures as ``ReqArchiveError`` naming the archive."""
    try:
        yield from extracted
    except ZipBombError as exc:
        raise ReqArchiveError(f"{zip_path.name}: {exc}") from None
    except (zipfile.BadZipFile, *InflateError, OSError, EOFError) as exc:
        raise ReqArchiveError(f"{zip_path}: cannot extract ({one_line(exc)})") from exc


def _load_member(
    con: duckdb.DuckDBPyConnection,
    csv_path: Path,
    names: list[str],
    table: str,
    info: zipfile.ZipInfo,
    zip_path: Path,
) -> int:
    try:
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {read_csv_sql(csv_path, names)}"
        )
    except duckdb.Error as exc:
        raise ReqArchiveError(f"{zip_path}: {info.filename}: {one_line(exc)}") from exc
    finally:
        csv_path.unlink(missing_ok=True)
    row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0
