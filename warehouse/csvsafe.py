"""CSV for spreadsheet users: cells that a spreadsheet would run as a formula are made inert.

OWASP ASVS 1.2.10: a cell starting with = + - @ tab or CR is prefixed with a single quote.
A cell whose text after its leading quotes starts that way gets one more quote too, so
``restore_cell`` undoes ``neutralise_cell`` exactly (the round trip loses nothing).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise_cell(value: Any) -> Any:
    """Make a cell inert for spreadsheets: prefix a formula-like text with a single quote."""
    if isinstance(value, str) and _looks_like_formula(value):
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """The original text of a neutralised cell."""
    if text.startswith("'") and _looks_like_formula(text[1:]):
        return text[1:]
    return text


def write_csv(names: Sequence[str], rows: Iterable[Sequence[Any]], out: io.TextIOBase) -> None:
    """Header then rows (RFC 4180); None is an empty cell; text cells are neutralised."""
    # RFC 4180 line ends: the writer then quotes any cell holding a CR or LF, so a cell with a
    # bare CR cannot split a row for the reader.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise_cell(n) for n in names])
    for row in rows:
        writer.writerow(["" if v is None else neutralise_cell(v) for v in row])
