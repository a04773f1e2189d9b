"""The REQ open-data ZIP: the legal register, dropped in the inbox or downloaded.

The Registraire blocks automated downloads from servers, so the usual path is an operator
dropping the ZIP in ``ESQ_HOME/inbox/`` (endpoint ``inbox``); a ``url`` works where allowed.
Parsing loads the six CSVs into a temporary DuckDB database (never into Python memory whole) and
yields the social economy part of the register (co-operatives, non-profits, mutuals,
associations) as records in the listing vocabulary; beside them, the sites away from the head
office and the companies (other forms) with a name of their own, which a listing may name
(``esq.register.other_forms``, ``esq.register.named``).
"""

from __future__ import annotations

import logging
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from esq.adapters.base import FetchContext, ParsedSource, ParseError
from esq.adapters.records import RecordTable
from esq.adapters.single_file import fetch_single_file
from esq.catalog import Source
from esq.landing import LandingEntry
from esq.normalise.per_value import per_value
from esq.progress import Progress
from esq.register.other_forms import other_forms
from esq.register.req_entries import social_economy_register
from esq.register.req_establishments import register_establishments
from esq.register.req_zip import ReqArchiveError, check_archive, load_req_zip

POSTAL = re.compile(r"\b([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)\b")
#: REQ address lines put the municipality as "Trois-Rivières (Québec)"; a PO box or a second
#: street line sometimes comes first, so the line with a province in brackets wins.
PROVINCE_SUFFIX = re.compile(r"\((Québec|Quebec|QC|Ontario|[A-Z][\w.\- ]+)\)\s*$")

_BATCH_ROWS = 50_000

RECORD_COLUMNS = (
    "neq",
    "name",
    "other_names",
    "legal_form",
    "legal_form_label",
    "register_status",
    "address",
    "municipality",
    "postal_code",
    "activity",
    "cae_code",
)


def split_address(lines: list[str | None]) -> dict[str, str | None]:
    """Street line, municipality line and postal code out of the REQ's four address lines."""
    present = [line.strip() for line in lines if line and line.strip()]
    postal = next((m.group(0) for line in present if (m := POSTAL.search(line))), None)
    municipality = next((line for line in present if PROVINCE_SUFFIX.search(line)), None)
    if municipality is None and len(present) >= 2:
        municipality = present[1]
    street = next(
        (
            line
            for line in present
            if line not in (municipality,)
            and not (postal and line.replace(" ", "") == postal.replace(" ", ""))
        ),
        None,
    )
    return {"address": street, "municipality": municipality, "postal_code": postal}


def register_records(con: duckdb.DuckDBPyConnection, location: str) -> RecordTable:
    """The social economy register as records keyed by NEQ, held as columns: a dict and an
    object per row of an ~800 000-row register cost more than the rest of the parse."""
    return entry_records(social_economy_register(con), location)


def entry_records(entries: duckdb.DuckDBPyRelation, location: str) -> RecordTable:
    """Records keyed by NEQ from a relation of register entries (``req_entries`` columns)."""
    plain = ("neq", "name", "legal_form", "legal_form_label", "register_status", "activity",
             "cae_code")  # fmt: skip
    lines = [f"address_line{i}" for i in range(1, 5)]
    rel = entries.select(*plain, "other_names", *lines).order("neq")
    columns: dict[str, list] = {name: [] for name in (*plain, "other_names", "address_lines")}
    # Arrow batches read column by column: a Python tuple per row cost twice the time, and the
    # whole result at once would double the peak.
    for batch in rel.to_arrow_reader(_BATCH_ROWS):
        for name in plain:
            columns[name].extend(batch.column(name).to_pylist())
        others = batch.column("other_names").to_pylist()
        columns["other_names"].extend(" | ".join(names or []) or None for names in others)
        address_lines = [batch.column(c).to_pylist() for c in lines]
        columns["address_lines"].extend(zip(*address_lines, strict=True))
    # Repeated values (forms, statuses, activities) become one string object each.
    for name in ("legal_form", "legal_form_label", "register_status", "activity", "cae_code"):
        columns[name] = per_value(columns[name], _same)
    parts = per_value(columns.pop("address_lines"), lambda *lines: split_address(list(lines)),
                      star=True)  # fmt: skip
    for name in ("address", "municipality", "postal_code"):
        columns[name] = [p[name] for p in parts]
    keys = columns["neq"]
    fields = {name: columns[name] for name in RECORD_COLUMNS}
    return RecordTable(keys, [f"{location}#{neq}" for neq in keys], fields)


def _same(value: object) -> object:
    return value


def _member_logger(progress: Progress) -> Callable[[str, int], None]:
    """One line per loaded member, counted in ``progress``: a full register takes a while, the
    operator sees it move."""

    def log_member(member: str, rows: int) -> None:
        logging.getLogger("esq.register").info("REQ %s loaded: %s rows", member, f"{rows:,}")
        progress.advance(rows)

    return log_member


def _not_a_zip(path: Path) -> str | None:
    return None if zipfile.is_zipfile(path) else "is not a ZIP file"


class ReqZipAdapter:
    """Kind ``req_zip``."""

    kind = "req_zip"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        return fetch_single_file(ctx, "req.zip", check=_not_a_zip)

    def check(self, source: Source, entry: LandingEntry) -> str | None:
        """What is wrong with a landed ZIP (members, columns), without loading it."""
        landed = entry.manifest.files[0]
        try:
            check_archive(entry.file_path(landed.name))
        except ReqArchiveError as exc:
            return str(exc)
        return None

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        landed = entry.manifest.files[0]
        path = entry.file_path(landed.name)
        progress = Progress(f"load REQ {source.id}", "rows", log=logging.getLogger("esq.register"))
        with tempfile.TemporaryDirectory(prefix="esq-req-") as tmp:
            db = Path(tmp) / "register.duckdb"  # not "req": that is the schema name
            with duckdb.connect(str(db)) as con:
                try:
                    load_req_zip(path, con, tmp_dir=Path(tmp), progress=_member_logger(progress))
                except ReqArchiveError as exc:
                    raise ParseError(source.id, str(exc)) from exc
                records = register_records(con, landed.name)
                # Sites away from the head office: address evidence for matching listings.
                establishments = register_establishments(con)
                # Companies and other forms under a name of their own, for a listing or a
                # contract to name later (esq.register.named).
                others = other_forms(con)
        progress.finish(f"{len(records):,} register entries")
        return ParsedSource(
            records=records,
            columns=list(RECORD_COLUMNS),
            side_tables={"establishments": establishments, "other_forms": others},
        )


ADAPTER = ReqZipAdapter()
