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
from esq.catalog import Source
from esq.landing import LandingEntry

DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; return (text, encoding used).

    UTF-8 is tried first because a valid UTF-8 file with accents is almost never valid cp1252
    text that means something else; cp1252 is the Windows/Excel default in Québec.
    """
    if declared:
        return data.decode(declared), declared
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


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


def read_table_rows(
    data_path: Path,
    name: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> list[tuple[int, list[str]]]:
    """The rows of a CSV or XLSX file (header included), each with the line it starts on;
    encoding and delimiter detected unless given. Raises the reader's error on a bad file."""
    with data_path.open("rb") as fh:
        head = fh.read(4)
    if head == XLSX_MAGIC or name.lower().endswith((".xlsx", ".xlsm")):
        return _rows_from_xlsx(data_path, sheet)
    text, _ = decode_bytes(data_path.read_bytes(), encoding)
    return _rows_from_csv(text, sniff_delimiter(text, delimiter))


#: What a file that is not a readable table raises in :func:`read_table_rows`.
TABLE_ERRORS = (csv.Error, UnicodeDecodeError, OSError, KeyError, ValueError)


def parse_table_bytes(source: Source, name: str, data_path: Path) -> ParsedSource:
    """Parse one CSV or XLSX body of a landing entry into records and rejects."""
    opts = source.options
    try:
        rows = read_table_rows(
            data_path,
            name,
            sheet=opts.get("sheet"),
            encoding=opts.get("encoding"),
            delimiter=opts.get("delimiter"),
        )
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
    parsed = ParsedSource(columns=list(header))
    for ordinal, (line, row) in enumerate(rows, start=1):
        location = f"{name}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        # A trailing empty cell (a line ending with the delimiter) is common and harmless.
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]
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
        out = ParsedSource()
        for landed, path in entry.iter_files():
            part = parse_table_bytes(source, landed.name, path)
            out.records.extend(part.records)
            out.rejects.extend(part.rejects)
            out.columns = out.columns or part.columns
        return out


ADAPTER = TabularAdapter()
