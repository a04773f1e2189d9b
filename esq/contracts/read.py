"""Read the landed files of a contracts source into contract rows and rejects.

Two readers, both streaming file by file: ``ocds`` (SEAO release packages, collapsed to the
latest release per ocid over *all* files given, so overlapping weekly and monthly files count
once) and Montréal's CSVs (kind ``montreal_contracts``, or a ``ckan``/``tabular`` source of role
``contracts`` that downloads them; the landed ``package_show.json`` is skipped). A file that
cannot be read at all becomes one reject naming the file; the other files are still read.

The adapters' ``parse()`` (esq/adapters/ocds.py, montreal_contracts.py) return these rows in
their common shape (:func:`as_parsed_source`); contracts staging reads them back with
:func:`contract_rows`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from esq.adapters.base import ParsedSource, RawRecord, RawReject
from esq.catalog import Source
from esq.contracts.collapse import collapse_latest
from esq.contracts.montreal import MontrealFormatError, parse_montreal
from esq.contracts.ocds import OcdsFormatError, parse_ocds
from esq.contracts.rows import ContractRow, Reject
from esq.landing import LandingEntry

#: Files stored beside the data by a live fetch (API answers), never contract data.
METADATA_FILES = frozenset({"package_show.json"})


def _read_each(
    source_id: str,
    files: Iterable[tuple[str, Path]],
    read: Callable[[BinaryIO, str, list[Reject]], Iterable[ContractRow]],
) -> tuple[list[ContractRow], list[Reject]]:
    """Rows and rejects of every data file; a file that cannot be read is one reject."""
    rows: list[ContractRow] = []
    rejects: list[Reject] = []
    for name, path in files:
        if name in METADATA_FILES:
            continue
        file_rejects: list[Reject] = []
        try:
            with path.open("rb") as fh:
                file_rows = list(read(fh, name, file_rejects))
        except (OcdsFormatError, MontrealFormatError, UnicodeDecodeError) as exc:
            rejects.append(Reject(source_id, name, f"file not read: {exc}", ""))
            continue  # rows of a file cut short are not kept: the file is reported instead
        rows.extend(file_rows)
        rejects.extend(file_rejects)
    return rows, rejects


def read_ocds(
    source_id: str, files: Iterable[tuple[str, Path]]
) -> tuple[list[ContractRow], list[Reject]]:
    """Rows of every release of every file, collapsed to the latest state per contract."""
    rows, rejects = _read_each(
        source_id, files, lambda fh, name, out: parse_ocds(fh, out, source_id, name)
    )
    return collapse_latest(rows), rejects


def parse_contract_csvs(
    source: Source, entry: LandingEntry, files: list[tuple[str, Path]] | None = None
) -> ParsedSource:
    """Montréal contract CSVs of an entry (or the ``files`` given) as contract rows
    (``options.dataset`` keys them): the parse of kind ``montreal_contracts`` and of a
    ``ckan``/``tabular`` contracts source."""
    files = [(f.name, p) for f, p in entry.iter_files()] if files is None else files
    dataset = str(source.options.get("dataset") or source.id)
    return as_parsed_source(*read_montreal(source.id, files, dataset))


def read_montreal(
    source_id: str, files: Iterable[tuple[str, Path]], dataset: str
) -> tuple[list[ContractRow], list[Reject]]:
    """Rows of every Montréal contract CSV; the file name is part of the dataset key."""
    return _read_each(
        source_id,
        files,
        lambda fh, name, out: parse_montreal(fh, f"{dataset}/{name}", out, source_id, name),
    )


def as_parsed_source(rows: list[ContractRow], rejects: list[Reject]) -> ParsedSource:
    """Contract rows in the adapters' shape: a record's fields are the ``ContractRow`` fields."""
    return ParsedSource(
        records=[RawRecord(r.contract_key, dict(vars(r)), r.record_ref or "") for r in rows],
        rejects=[RawReject(None, "parse_error", j.reason, j.raw, j.locator) for j in rejects],
        columns=list(ContractRow.__dataclass_fields__),
    )


def contract_rows(source_id: str, parsed: ParsedSource) -> tuple[list[ContractRow], list[Reject]]:
    """The rows and rejects a contracts adapter's ``parse()`` carried (:func:`as_parsed_source`)."""
    rows = [ContractRow(**record.fields) for record in parsed.records]
    rejects = [Reject(source_id, j.location, j.message, j.raw) for j in parsed.rejects]
    return rows, rejects
