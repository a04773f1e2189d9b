"""Tabular files (CSV, XLSX) from a URL or dropped in the inbox folder.

Parsing detects the encoding (UTF-8 with or without BOM, else cp1252 — decided per line when a
file mixes them, charset-normalizer for a file in neither) and the delimiter (comma, semicolon,
tab), reads quoted newlines correctly, and reports rows that do not fit the header as rejects
instead of failing the whole file: a line that decodes in no encoding, a row whose field is longer
than ``MAX_FIELD`` characters. Bytes that are not a table (an HTML page, a CSV named ``.xlsx``)
are named for what they are.
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
from esq.http import content_kind
from esq.landing import LandingEntry

DELIMITERS = (",", ";", "\t", "|")
XLSX_MAGIC = b"PK\x03\x04"
#: A longer field quarantines its row (the csv module's own limit made the whole file fail).
MAX_FIELD = 131_072
csv.field_size_limit(1 << 30)  # rows past MAX_FIELD are rejected one by one below


def sniff_content(head: bytes) -> str | None:
    """What a body really is when it is obviously not a table: "an HTML page", "JSON" …"""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "JSON"
    return content_kind(head)


def decode_lines(data: bytes, declared: str | None = None) -> tuple[str, str, list[int]]:
    """Decode a file; return (text, encoding, numbers of lines decoded in no encoding).

    A file that is not UTF-8 as a whole is decoded line by line: UTF-8, else cp1252 — so one
    cp1252 line in a UTF-8 file is not turned into mojibake with the rest. A line valid in
    neither is left empty and its number returned (quarantined by the caller). A file where
    most lines are neither is handed to charset-normalizer whole.
    """
    if declared or data.startswith(b"\xef\xbb\xbf"):
        text, used = decode_bytes(data, declared)
        return text, used, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    out, used, bad = [], set(), []
    for number, line in enumerate(lines, start=1):
        for encoding in ("utf-8", "cp1252"):
            try:
                out.append(line.decode(encoding))
                used.add(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            out.append("")
            bad.append(number)
    if len(bad) > len(lines) // 2:  # not a Latin text file: let the detector decide
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None:
            return str(best), best.encoding, []
    encoding = "+".join(e for e in ("utf-8", "cp1252") if e in used) or "cp1252"
    return "\n".join(out), encoding, bad


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


def parse_table_bytes(source: Source, name: str, data_path: Path) -> ParsedSource:
    """Parse one CSV or XLSX body of a landing entry into records and rejects."""
    opts = source.options
    with data_path.open("rb") as fh:
        head = fh.read(1024)
    what = sniff_content(head)
    if what and what != "a ZIP archive":
        raise ParseError(source.id, f"{name} is {what}, not a table")
    bad_lines: list[int] = []
    try:
        if head[:4] == XLSX_MAGIC:
            rows = _rows_from_xlsx(data_path, opts.get("sheet"))
        elif name.lower().endswith((".xlsx", ".xlsm")):  # named a workbook, holds text
            raise ParseError(
                source.id, f"{name} is named like a workbook but holds text, not an XLSX file"
            )
        else:
            text, _, bad_lines = decode_lines(data_path.read_bytes(), opts.get("encoding"))
            rows = _rows_from_csv(text, sniff_delimiter(text, opts.get("delimiter")))
    except (csv.Error, UnicodeDecodeError, OSError, KeyError, ValueError) as exc:
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
    for line in bad_lines:
        parsed.rejects.append(
            RawReject(None, "encoding", "line decodes neither as UTF-8 nor as cp1252", "",
                      f"{name}:{line}")
        )  # fmt: skip
    for ordinal, (line, row) in enumerate(rows, start=1):
        location = f"{name}:{line}"
        if not any(cell.strip() for cell in row):
            continue
        longest = max((len(cell) for cell in row), default=0)
        if longest > MAX_FIELD:
            parsed.rejects.append(
                RawReject(None, "field_too_long",
                          f"a field of {longest} characters (more than {MAX_FIELD})",
                          "|".join(cell[:200] for cell in row), location)
            )  # fmt: skip
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
