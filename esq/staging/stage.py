"""Stage one source: parsed records -> validated listing rows + quarantine."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd
import pandera.errors as pa_errors

from esq.adapters.base import ParsedSource, RawRecord
from esq.catalog import Source
from esq.normalise.municipality import MunicipalityIndex
from esq.staging import pandera_speed
from esq.staging.listing_rows import build_listing_frame
from esq.staging.quarantine import QuarantineRow, raw_json
from schemas.listing import LISTING_COLUMNS, ListingSchema


@dataclass
class StagedSource:
    """The staged listings of one source and everything it rejected."""

    listings: pd.DataFrame
    quarantine: list[QuarantineRow] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return sum(1 for q in self.quarantine if q.severity == "row")


def empty_listings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in LISTING_COLUMNS})


def _parse_rejects(source: Source, fetch_ref: str, parsed: ParsedSource) -> list[QuarantineRow]:
    return [
        QuarantineRow(
            source.id,
            r.record_key,
            fetch_ref,
            r.location,
            r.severity,
            r.rule,
            None,
            None,
            r.message,
            raw_json(r.raw),
        )
        for r in parsed.rejects
    ]


def validate_listings(
    frame: pd.DataFrame, raws: Sequence[RawRecord], source_id: str, fetch_ref: str
) -> tuple[pd.DataFrame, list[QuarantineRow]]:
    """Validate lazily with pandera; failing rows leave the frame for the quarantine.

    ``raws`` holds the source record of each row of the frame (by index), for quarantine
    messages (the raw JSON is written for failing rows only: a register has ~800 000 rows).
    """
    if frame.empty:
        return frame, []
    pandera_speed.install()  # at the first validation, not on import (once per process)
    try:
        # In place: no copy of a ~800 000-row frame (the caller keeps only the result).
        return ListingSchema.validate(frame, lazy=True, inplace=True), []
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
    bad: list[QuarantineRow] = []
    rejected: set[int] = set()
    for case in cases.itertuples(index=False):
        idx = case.index
        if idx is None or pd.isna(idx):
            # A schema-level failure (a column missing or of the wrong type) concerns every row.
            raise ValueError(
                f"listing schema failure for {source_id}: {case.check} on {case.column}"
            )
        idx = int(idx)
        rejected.add(idx)
        record = raws[idx]
        key, location, raw = record.record_key, record.location, raw_json(record.fields)
        bad.append(
            QuarantineRow(
                source_id,
                key,
                fetch_ref,
                location,
                "row",
                f"schema:{case.check}",
                case.column,
                None if pd.isna(case.failure_case) else str(case.failure_case),
                f"{case.column} fails {case.check}",
                raw,
            )
        )
    kept = frame.drop(index=sorted(rejected))
    return ListingSchema.validate(kept, lazy=True, inplace=True), bad


def missing_mapped_columns(
    source: Source, fetch_ref: str, parsed: ParsedSource
) -> list[QuarantineRow]:
    """One ``column`` quarantine row per mapped column the file does not have.

    Without this, a renamed column would silently empty a field for every record.
    """
    if not parsed.columns:
        return []
    # Adapters may derive fields beyond the file's columns (ArcGIS geometry -> latitude).
    available = set(parsed.columns).union(*(r.fields for r in parsed.records[:1]))
    found = ", ".join(parsed.columns[:30])
    out = []
    for target, spec in sorted(source.mapping.items()):
        alternatives = [c.strip() for c in spec.split("|")]
        if not any(c in available for c in alternatives):
            out.append(
                QuarantineRow(
                    source.id,
                    None,
                    fetch_ref,
                    fetch_ref,
                    "column",
                    "mapped_column_missing",
                    spec,
                    None,
                    f"the catalog maps {target!r} to {spec!r}, which the source does not have; "
                    f"columns found: {found}",
                    "",
                )
            )
    return out


def stage_source(
    source: Source, fetch_ref: str, parsed: ParsedSource, municipalities: MunicipalityIndex
) -> StagedSource:
    """Normalise, de-duplicate keys and validate the records of one source."""
    quarantine = _parse_rejects(source, fetch_ref, parsed)
    quarantine += missing_mapped_columns(source, fetch_ref, parsed)
    built = build_listing_frame(source, parsed.records, fetch_ref, municipalities)
    quarantine += built.quarantine
    frame = built.frame if built.records else empty_listings()
    frame, schema_rejects = validate_listings(frame, built.records, source.id, fetch_ref)
    frame = frame.sort_values("record_key", kind="stable").reset_index(drop=True)
    return StagedSource(frame, quarantine + schema_rejects, parsed.columns)
