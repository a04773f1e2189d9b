"""Streaming reader for OCDS files (SEAO on Données Québec), never loading a whole file.

What the real SEAO files look like (learned from public code that reads them; no SEAO file is
stored in this repository):

- Données Québec dataset ``systeme-electronique-dappel-doffres-seao`` (package id
  d23b2e02-085d-43e5-9e6e-e1d558ebfdd5) lists weekly ``hebdo_YYYYMMDD_YYYYMMDD.json`` and
  monthly ``mensuel_YYYYMMDD_YYYYMMDD.json`` resources of 10–35 MB, each an OCDS *release
  package* (open-contracting/kingfisher-collect, spider ``canada_quebec``: ``data_type =
  "release_package"``; resource sizes in ../shared/data/real/seao). The same file name can be
  republished with different releases, and monthly and weekly files overlap.
- Package: ``{"uri", "version": "1.1", "publishedDate", "publisher": {"name"}, "releases": [...]}``.
- Release: ``ocid`` = ``ocds-ec9k95-<SEAO notice number>``; ``id`` = a timestamp
  ``YYYYMMDDhhmmss`` (so release ids of one ocid sort chronologically); ``date`` ISO-8601 with a
  local offset (``2026-06-02T14:05:54-04:00``); ``tag`` among tender, award, contract,
  awardUpdate, contractUpdate, contractTermination, tenderCancellation.
- ``parties[]``: buyer ``{"id": "OP-81796", "roles": ["buyer"], "details": {"municipal": "1"}}``
  (a string flag, "1"/"0"); suppliers ``{"id": "FO-<NEQ>", "roles": ["supplier"], "details":
  {"neq": "1174002437"}, "address": {"locality", "region", "postalCode", "countryName"}}`` — the
  NEQ is in ``details.neq``, not in the standard ``identifier``. One buyer (Montréal) publishes
  under several OP- ids.
- ``tender``: ``id`` is the buyer's own reference; ``title``; ``items[0].description`` is the
  SEAO category ("S8 - Contrôle de la qualité…"), ``items[0].classification`` UNSPSC;
  ``procurementMethod`` / ``procurementMethodDetails`` ("Contrat de gré à gré").
- ``awards[]`` carry ``value``, ``date`` and ``suppliers``; ``contracts[]`` (``awardID``) carry
  ``value`` (the settled amount, distinct from the award value), ``dateSigned``, ``period``,
  ``status``. Only winners are published.

Sources consulted (public code, read for the shape only): govbudget's OCDS parser and its test
fixture reproducing a release of ``mensuel_20260601_20260630.json``; kingfisher-collect's
``canada_quebec`` spider; an SEAO municipal analysis script's tests (``details.municipal`` "1").

Accepted inputs: a release package (several concatenated packages too), a record package
(``compiledRelease`` preferred, else embedded releases), a JSON array of releases, or JSON lines
of releases. The shape is sniffed from the first top-level keys, then the C backend of ijson
streams the releases.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import ijson

from esq.content import describe_content
from esq.contracts.collapse import collapse_latest
from esq.contracts.flatten import flatten_release
from esq.contracts.rows import ContractRow, Reject, truncate

__all__ = [
    "OcdsFormatError",
    "collapse_latest",
    "flatten_release",
    "iter_releases",
    "parse_ocds",
]

_PREFIX = {"array": "item", "lines": "", "release_package": "releases.item"}


def _backend() -> Any:
    try:
        return ijson.get_backend("yajl2_c")
    except Exception:  # the C extension is optional; the pure-Python backend is slower
        return ijson.get_backend("python")


class OcdsFormatError(ValueError):
    """The file is not well-formed JSON or not an OCDS shape we know."""

    def __init__(self, message: str, offset: int | None = None):
        self.offset = offset
        where = f" (at or before byte {offset})" if offset is not None else ""
        super().__init__(f"{message}{where}")


class _Stream:
    """A reader that replays sniffed bytes, then the rest of the file, counting what it serves."""

    def __init__(self, raw: BinaryIO, head: bytes = b"", record: bool = False):
        self.raw, self.head, self.record = raw, head, record
        self.served = 0
        self.recorded = bytearray()

    def read(self, size: int = -1) -> bytes:
        if self.head:
            size = len(self.head) if size is None or size < 0 else size
            chunk, self.head = self.head[:size], self.head[size:]
        else:
            chunk = self.raw.read(size)
        if self.record:
            self.recorded += chunk
        self.served += len(chunk)
        return chunk


def _sniff(fileobj: BinaryIO) -> tuple[str, _Stream]:
    """Decide the container shape from the first top-level events; return a replaying stream."""
    first = fileobj.read(3)
    probe = _Stream(fileobj, head=b"" if first == b"\xef\xbb\xbf" else first, record=True)
    shape = None
    try:
        for prefix, event, value in _backend().parse(probe, multiple_values=True):
            if prefix != "":
                continue
            if event == "start_array":
                shape = "array"
            elif event == "map_key" and value in ("releases", "records"):
                shape = "release_package" if value == "releases" else "record_package"
            elif event == "end_map":
                shape = "lines"
            elif event != "start_map" and event != "map_key":
                raise OcdsFormatError(f"top-level JSON {event} is not an OCDS document", 0)
            if shape:
                break
    except ijson.JSONError as exc:
        if not probe.recorded.strip():
            raise OcdsFormatError("empty file: no JSON document", 0) from exc
        what = describe_content((bytes(probe.recorded) + fileobj.read(1024))[:1024])
        if what != "JSON":
            raise OcdsFormatError(f"expected OCDS JSON but the file is {what}", 0) from exc
        raise OcdsFormatError(f"malformed JSON: {exc}", probe.served) from exc
    if shape is None:
        raise OcdsFormatError("empty document: no release found", probe.served)
    return shape, _Stream(fileobj, bytes(probe.recorded))


def _check(item: Any, index: int, source_id: str, rejects: list[Reject] | None) -> bool:
    """True when ``item`` is a usable release; otherwise record why."""
    if not isinstance(item, dict):
        reason = "release is not a JSON object"
    elif not isinstance(item.get("ocid"), str) or not item["ocid"].strip():
        reason = "release has no ocid" if "url" not in item else "linked release without data"
    else:
        return True
    if rejects is not None:
        rejects.append(Reject(source_id, f"release #{index}", reason, truncate(item)))
    return False


def _items(stream: _Stream, shape: str) -> Iterator[Any]:
    backend = _backend()
    if shape != "record_package":
        yield from backend.items(stream, _PREFIX[shape], multiple_values=True)
        return
    for record in backend.items(stream, "records.item", multiple_values=True):
        compiled = record.get("compiledRelease") if isinstance(record, dict) else None
        if isinstance(compiled, dict):
            yield compiled
        elif isinstance(record, dict):
            yield from record.get("releases") or [record]
        else:
            yield record


def _indexed(
    fileobj: BinaryIO, rejects: list[Reject] | None, source_id: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    shape, stream = _sniff(fileobj)
    index = 0
    try:
        for item in _items(stream, shape):
            if _check(item, index, source_id, rejects):
                yield index, item
            index += 1
    except ijson.JSONError as exc:
        message = f"malformed JSON after release #{index}: {exc}"
        raise OcdsFormatError(message, stream.served) from exc


def iter_releases(
    fileobj: BinaryIO, rejects: list[Reject] | None = None, source_id: str = "seao"
) -> Iterator[dict[str, Any]]:
    """Yield the releases of an OCDS file one at a time.

    Numbers come back as ``Decimal`` (exact money). Releases without an ocid are appended to
    ``rejects`` with a reason instead of being yielded. Malformed JSON raises
    :class:`OcdsFormatError` carrying the byte offset reached when the parser failed (the
    parser reads ahead in 64 KiB blocks, so the error lies at or before that offset).
    """
    for _, release in _indexed(fileobj, rejects, source_id):
        yield release


def parse_ocds(
    fileobj: BinaryIO, rejects: list[Reject], source_id: str = "seao", file_name: str = ""
) -> Iterator[ContractRow]:
    """Rows of every release of one file (not collapsed), each traced to ``file#release n``."""
    for index, release in _indexed(fileobj, rejects, source_id):
        yield from flatten_release(release, source_id, f"{file_name}#release {index}")
