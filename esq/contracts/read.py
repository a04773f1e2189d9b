"""Read the landed files of a contracts source into contract rows and rejects.

Two readers, both streaming file by file: ``ocds`` (SEAO release packages, collapsed to the
latest release per ocid over *all* files given, so overlapping weekly and monthly files count
once) and Montréal's CSVs (kind ``montreal_contracts``, or a ``ckan``/``tabular`` source of role
``contracts`` that downloads them; the landed ``package_show.json`` is skipped). A file that
cannot be read at all becomes one reject naming the file; the other files are still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any, BinaryIO

from esq.adapters.base import ParsedSource, RawRecord
from esq.contracts.collapse import collapse_latest
from esq.contracts.montreal import MontrealFormatError, parse_montreal
from esq.contracts.ocds import OcdsFormatError, parse_ocds
from esq.contracts.rows import ContractRow, Reject

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


def read_montreal(
    source_id: str, files: Iterable[tuple[str, Path]], dataset: str
) -> tuple[list[ContractRow], list[Reject]]:
    """Rows of every Montréal contract CSV; the file name is part of the dataset key."""
    return _read_each(
        source_id,
        files,
        lambda fh, name, out: parse_montreal(fh, f"{dataset}/{name}", out, source_id, name),
    )


def read_contract_files(
    kind: str, source_id: str, files: list[tuple[str, Path]], options: dict[str, Any]
) -> tuple[list[ContractRow], list[Reject]]:
    """``ocds`` files as OCDS; any other kind's data files (``montreal_contracts``, or ``ckan``
    / ``tabular`` downloads of Montréal's CSVs) through the Montréal parser."""
    if kind == "ocds":
        return read_ocds(source_id, files)
    return read_montreal(source_id, files, str(options.get("dataset") or source_id))


def as_parsed_source(rows: list[ContractRow], rejects: list[Reject]) -> ParsedSource:
    """Contract rows in the adapters' generic shape (for tools that only know that shape)."""
    from esq.adapters.base import RawReject

    return ParsedSource(
        records=[RawRecord(r.contract_key, asdict(r), r.record_ref or "") for r in rows],
        rejects=[RawReject(None, "parse_error", j.reason, j.raw, j.locator) for j in rejects],
        columns=list(ContractRow.__dataclass_fields__),
    )
