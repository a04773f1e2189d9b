"""Tabular files (CSV, XLSX) from a URL or dropped in the inbox folder.

Parsing detects the encoding (UTF-8 with or without BOM, else cp1252) and the delimiter
(comma, semicolon, tab), reads quoted newlines correctly, and reports rows that do not fit the
header as rejects instead of failing the whole file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    ParseError,
    RawRecord,
    RawReject,
    record_key_of,
)
from esq.adapters.single_file import fetch_single_file
from esq.adapters.text_decode import Decoded, decode_text, line_issues
from esq.catalog import Source
from esq.content import describe_content
from esq.landing import LandingEntry

DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
#: Longest field kept (csv's historical cap): a longer one is a broken quote or a dump.
MAX_FIELD = 131_072


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding used). See ``decode_text`` for files that
    mix encodings line by line (this keeps their text, without the per-line report)."""
    decoded = decode_text(data, declared)
    return decoded.text, decoded.encoding


def _encoding_rejects(name: str, decoded: Decoded) -> list[RawReject]:
    return [
        RawReject(None, i.rule, i.message, i.raw, f"{name}:{i.line}", severity=i.severity)
        for i in line_issues(decoded)
    ]


def sniff_delimiter(text: str, declared: str | None = None) -> str:
    """The delimiter that splits the first lines most consistently."""
    if declared:
        return declared
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in DELIMITERS}
        return max(counts, key=lambda d: counts[d])


def _rows_from_csv(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Records with the physical line each starts on (a quoted newline spans lines)."""
    # csv's default field cap (128 KiB) makes one overlong field fail the whole file; the
    # cap is raised here and overlong fields are refused row by row (MAX_FIELD) instead.
    csv.field_size_limit(max(csv.field_size_limit(), 64 << 20))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, start = [], 1
    for row in reader:
        out.append((start, row))
        start = reader.line_num + 1
    return out


def _rows_from_xlsx(data_path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(data_path, read_only=True, data_only=True)
    try:
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        return [
            (n, ["" if v is None else str(v) for v in row])
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


class NotATable(ValueError):
    """The body is something else (an HTML page, a PDF, JSON, nothing): the message says what."""


#: What a file that is not a readable table raises in :func:`read_table_rows`.
TABLE_ERRORS = (csv.Error, UnicodeDecodeError, OSError, KeyError, ValueError)


def read_table_rows(
    data_path: Path,
    name: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> tuple[list[tuple[int, list[str]]], list[RawReject]]:
    """The rows of a CSV or XLSX file (header included), each with the line it starts on, and
    notes on the file (a CSV under an .xlsx name, lines in another encoding or in none);
    encoding and delimiter detected unless given. :class:`NotATable` when the content is not a
    table, else the reader's error (``TABLE_ERRORS``) on a broken file."""
    with data_path.open("rb") as fh:
        head = fh.read(1024)
    notes: list[RawReject] = []
    if head.startswith(XLSX_MAGIC):
        return _rows_from_xlsx(data_path, sheet), notes
    what = describe_content(head)
    if what not in ("CSV text", "plain text", "UTF-16 text"):
        raise NotATable(f"{name} is {what}, not a CSV or XLSX table")
    if name.lower().endswith((".xlsx", ".xlsm")):
        message = f"{name} holds {what}, not an XLSX workbook: read as CSV"
        notes.append(RawReject(None, "file_type", message, "", name, severity="value"))
    decoded = decode_text(data_path.read_bytes(), encoding)
    notes += _encoding_rejects(name, decoded)
    return _rows_from_csv(decoded.text, sniff_delimiter(decoded.text, delimiter)), notes


def parse_table_bytes(source: Source, name: str, data_path: Path) -> ParsedSource:
    """Parse one CSV or XLSX body of a landing entry into records and rejects."""
    opts = source.options
    with data_path.open("rb") as fh:
        is_xlsx = fh.read(4) == XLSX_MAGIC
    try:
        rows, notes = read_table_rows(
            data_path,
            name,
            sheet=opts.get("sheet"),
            encoding=opts.get("encoding"),
            delimiter=opts.get("delimiter"),
        )
    except NotATable as exc:
        raise ParseError(source.id, str(exc)) from exc
    except TABLE_ERRORS as exc:
        raise ParseError(source.id, f"{name} cannot be read as a table: {exc}") from exc

    header = opts.get("columns")  # header-less files declare their columns in the catalog
    skip = int(opts.get("skip_rows", 0))
    rows = rows[skip:]
    if header is None:
        if not rows:
            raise ParseError(source.id, f"{name} is empty: no header row")
        header = [h.strip() for h in rows[0][1]]
        rows = rows[1:]
    parsed = ParsedSource(columns=list(header), rejects=notes)
    for ordinal, (line, row) in enumerate(rows, start=1):
        location = f"{name}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        if any(len(cell) > MAX_FIELD for cell in row):
            longest = max(len(cell) for cell in row)
            parsed.rejects.append(RawReject(None, "field_too_long", f"a field of {longest:,} "
                                  f"characters (more than {MAX_FIELD:,})",
                                  "|".join(c[:200] for c in row), location))  # fmt: skip
            continue
        if any("\0" in cell for cell in row):
            row = [cell.replace("\0", "") for cell in row]
            parsed.rejects.append(RawReject(None, "nul_bytes", "NUL bytes removed from the row",
                                  "", location, severity="value"))  # fmt: skip
        # A trailing empty cell (a line ending with the delimiter) is common and harmless.
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]
        if is_xlsx and len(row) < len(header):  # a sheet stores no trailing empty cells
            row = row + [""] * (len(header) - len(row))
        if len(row) != len(header):
            parsed.rejects.append(
                RawReject(
                    record_key=None,
                    rule="row_shape",
                    message=f"{len(row)} cells where the header has {len(header)}",
                    raw=opts.get("delimiter", ",").join(row),
                    location=location,
                )
            )
            continue
        fields: dict[str, Any] = dict(zip(header, row, strict=True))
        key = record_key_of(source, fields, fallback=f"{name}#{ordinal}")
        parsed.records.append(RawRecord(record_key=key, fields=fields, location=location))
    return parsed


class TabularAdapter:
    """CSV/XLSX at a URL (endpoint.url) or dropped in the inbox (endpoint.inbox glob)."""

    kind = "tabular"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        return fetch_single_file(ctx, "table.csv")

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        if source.role == "contracts":  # a contract CSV: rows of esq's contract shape
            # imported here: the contracts parser reads CSVs with this module's helpers
            from esq.contracts.read import parse_contract_csvs

            return parse_contract_csvs(source, entry)
        out = ParsedSource()
        for landed, path in entry.iter_files():
            part = parse_table_bytes(source, landed.name, path)
            out.records.extend(part.records)
            out.rejects.extend(part.rejects)
            out.columns = out.columns or part.columns
        return out


ADAPTER = TabularAdapter()
