"""What every source adapter provides: fetch bytes into the landing zone, parse them into rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from esq.catalog import Source
from esq.errors import ParseError, RetriableSourceError, SourceError
from esq.landing import LandingEntry, LandingZone

__all__ = ["ParseError", "RetriableSourceError", "SourceError"]


@dataclass(frozen=True)
class RawRecord:
    """One record of a source, with fields keyed by the source's own column names."""

    record_key: str
    fields: dict[str, Any]
    location: str  # file and line / page, for quarantine messages
    #: The fetch whose bytes hold this record, when older than the entry parsed (a web page
    #: carried unchanged from the last good crawl keeps its original fetch_ref).
    fetch_ref: str | None = None


@dataclass(frozen=True)
class RawReject:
    """A record the parser could not read (severity ``row``), or a repair it made to a record
    it kept (severity ``value``: a line decoded as cp1252, NUL bytes removed); it goes to
    quarantine with its reason."""

    record_key: str | None
    rule: str
    message: str
    raw: str
    location: str
    severity: str = "row"


@dataclass
class ParsedSource:
    """Everything a parse produced: records, rejects and the columns seen (for drift)."""

    #: A list, or a column table (``esq.adapters.records.RecordTable``: the register).
    records: Sequence[RawRecord] = field(default_factory=list)
    rejects: list[RawReject] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    #: Tables beside the records, by name (the register's secondary establishments): staging
    #: normalises and writes each as ``<name>.parquet`` in the source's staging folder.
    side_tables: dict[str, Any] = field(default_factory=dict)


@dataclass
class FetchContext:
    """What an adapter needs to fetch one source."""

    source: Source
    landing: LandingZone
    inbox: Path
    http: Any = None  # esq.http.HttpClient in live mode
    previous: LandingEntry | None = None
    log: logging.Logger = field(default_factory=lambda: logging.getLogger("esq.fetch"))


class Adapter(Protocol):
    """A source kind."""

    kind: str

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """Fetch the source into a new landing entry, or raise SourceError."""
        ...

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Read a landing entry into raw records and rejects."""
        ...


def record_key_of(source: Source, fields: dict[str, Any], fallback: str) -> str:
    """The declared key columns joined, or a positional fallback when none are declared."""
    if not source.record_key:
        return fallback
    # NUL bytes never reach a key: the same record would otherwise get two keys
    parts = [str(fields.get(col) or "").replace("\0", "").strip() for col in source.record_key]
    return "|".join(parts) if any(parts) else fallback


def iter_entry_files(entry: LandingEntry) -> Iterator[tuple[str, Path]]:
    for landed, path in entry.iter_files():
        yield landed.name, path
