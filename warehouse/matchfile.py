"""`esq match` input and output: a user's CSV or XLSX read with the tabular kind's reader, the
matched table written as formula-safe CSV or XLSX, and the run tied together.

The reader is :func:`esq.adapters.tabular.read_table_rows` (encoding and delimiter detected,
quoted newlines, XLSX, the content named when it is no table). A row whose cell count differs
from the header's is not matched and not lost: it is reported by line in
:attr:`MatchReport.skipped`, with the reader's notes (lines in another encoding…). Output
text cells are neutralised (:func:`warehouse.csvsafe.neutralise_cell`) in CSV and XLSX alike —
openpyxl would otherwise store a cell starting with "=" as a formula.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
import yaml

from esq.adapters.tabular import TABLE_ERRORS, XLSX_MAGIC, NotATable, read_table_rows
from esq.contracts.supplier_link import SupplierLinker
from esq.matching.columns import ColumnMapping, resolve_columns
from esq.matching.rows import (
    MatchInputError,
    check_name_column,
    link_rows,
    parse_amounts,
    year_of,
)
from esq.matching.summary import MatchSummary, summarise
from warehouse.csvsafe import neutralise_cell, write_csv
from warehouse.enterprise_index import load_enterprises

OUTPUT_SUFFIXES = (".csv", ".xlsx")


@dataclass
class InputTable:
    """The input's header, its rows as text (one column per header) and the rows left out."""

    columns: list[str]
    frame: pd.DataFrame
    skipped: list[str] = field(default_factory=list)


@dataclass
class MatchReport:
    """What `esq match` did: the columns used, the figures, the output and the rows left out."""

    mapping: ColumnMapping
    summary: MatchSummary
    output: Path
    skipped: list[str]


def _unique_headers(cells: list[str]) -> list[str]:
    """Headers made unique and non-empty ("column 3", "Montant (2)") so no column is lost."""
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells, start=1):
        name = cell.strip() or f"column {i}"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def read_input(
    path: Path, *, sheet: str | None = None, encoding: str | None = None,
    delimiter: str | None = None,
) -> InputTable:  # fmt: skip
    """The user's table; :class:`MatchInputError` for a missing, empty or unreadable file."""
    if not path.is_file():
        raise MatchInputError(f"no file at {path}")
    if path.stat().st_size == 0:
        raise MatchInputError(f"{path.name} is empty (0 bytes): no header row, no rows")
    try:
        rows, notes = read_table_rows(path, path.name, sheet=sheet, encoding=encoding,
                                      delimiter=delimiter)  # fmt: skip
    except NotATable as exc:
        raise MatchInputError(str(exc)) from exc
    except (*TABLE_ERRORS, zipfile.BadZipFile) as exc:
        raise MatchInputError(f"{path.name} cannot be read as a CSV or XLSX table: {exc}") from exc
    rows = [(line, row) for line, row in rows if any(c.strip() for c in row)]
    if not rows:
        raise MatchInputError(f"{path.name} is empty: no header row")
    header = _unique_headers(rows[0][1])
    body = []
    skipped = [f"{n.location}: {n.message}" for n in notes]
    with path.open("rb") as fh:
        is_xlsx = fh.read(4) == XLSX_MAGIC
    for line, row in rows[1:]:
        while len(row) > len(header) and not row[-1].strip():
            row = row[:-1]  # a line ending with the delimiter
        if is_xlsx and len(row) < len(header):  # a sheet stores no trailing empty cells
            row = row + [""] * (len(header) - len(row))
        if len(row) != len(header):
            skipped.append(
                f"line {line}: {len(row)} cells where the header has {len(header)}: not matched"
            )
            continue
        body.append(row)
    if not body:
        raise MatchInputError(f"{path.name} has a header ({len(header)} columns) but no rows")
    return InputTable(header, pd.DataFrame(body, columns=header, dtype=object), skipped)


def read_mapping_file(path: Path) -> dict[str, str]:
    """A small YAML or JSON mapping of role to column: ``{name: Fournisseur, amount: Montant}``."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise MatchInputError(f"the mapping file {path} cannot be read: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise MatchInputError(
            f"the mapping file {path} must map roles to column names, e.g. "
            '{"name": "Fournisseur", "amount": "Montant"}'
        )
    return {str(k): v for k, v in data.items()}


def _cells(frame: pd.DataFrame) -> list[list]:
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    return [[float(v) if isinstance(v, Decimal) else v for v in row] for row in rows]


def write_table(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as CSV (UTF-8 with BOM, for Excel) or XLSX, formula cells neutralised;
    written beside the target then renamed, so a reader never sees half a file."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise MatchInputError(f"the output must end in .csv or .xlsx, not {path.name!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    names = [str(c) for c in frame.columns]
    if path.suffix.lower() == ".csv":
        with tmp.open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(names, _cells(frame), out)
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("matched")
        sheet.append([neutralise_cell(n) for n in names])
        for row in _cells(frame):
            sheet.append([neutralise_cell(v) for v in row])
        book.save(tmp)
    tmp.replace(path)
    return path


def default_output(path: Path) -> Path:
    """« payments.xlsx » → « payments.matched.xlsx » beside the input."""
    suffix = path.suffix.lower() if path.suffix.lower() in OUTPUT_SUFFIXES else ".csv"
    return path.with_name(f"{path.stem}.matched{suffix}")


def match_file(
    path: Path,
    warehouse_path: Path,
    given: Mapping[str, str | None],
    output: Path | None = None,
    buyer_city: str | None = None,
    **read_options: str | None,
) -> MatchReport:
    """Read ``path``, map its columns, link every row, write the output; return the report.
    ``buyer_city``: the town that bought, for a list of one city without a buyer column."""
    table = read_input(path, **read_options)
    mapping = resolve_columns(table.columns, given)
    check_name_column(table.frame, mapping["name"])  # bad input fails before the warehouse
    amounts = parse_amounts(table.frame, mapping["amount"])
    enterprises = load_enterprises(warehouse_path, candidates=True)
    linker = SupplierLinker(enterprises)
    out, links = link_rows(
        table.frame, mapping, linker, enterprises.set_index("enterprise_id"), buyer_city
    )
    date_col = mapping["date"]
    years = [year_of(v) for v in table.frame[date_col]] if date_col else None
    summary = summarise(links, amounts, years)
    target = write_table(out, output or default_output(path))
    return MatchReport(mapping, summary, target, table.skipped)
