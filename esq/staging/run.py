"""Stage a source from its last good landing entry into ESQ_HOME/staging/<source_id>/."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pandas as pd

from esq.adapters import adapter_for
from esq.adapters.base import ParsedSource
from esq.adapters.records import record_keys
from esq.catalog import Source
from esq.config import Settings
from esq.fetching import entry_for
from esq.normalise.municipality import MunicipalityIndex
from esq.progress import Progress
from esq.removals import carry_forward, read_presence, update_presence, write_presence
from esq.staging.drift import accept_columns, compare_columns, read_baseline
from esq.staging.establishments import write_side_tables
from esq.staging.quarantine import quarantine_frame
from esq.staging.report import StageReport, kept_report, unreadable_report, write_report
from esq.staging.reuse import input_key, reusable
from esq.staging.stage import StagedSource, stage_source
from esq.store import read_staged, write_frame, write_json

MUNICIPALITIES_SOURCE = "mamh-municipalites"
STAGED_FILES = ("listings.parquet", "quarantine.parquet")


def load_municipalities(settings: Settings) -> MunicipalityIndex:
    """The MAMH répertoire from its last good landing entry."""
    entry = entry_for(MUNICIPALITIES_SOURCE, settings)
    if entry is None:
        raise FileNotFoundError(
            f"no landing entry for {MUNICIPALITIES_SOURCE}: the reference table is required"
        )
    return MunicipalityIndex.from_csv(entry.file_path(entry.manifest.files[0].name))


def _carry_missing(
    source: Source, settings: Settings, fetch_ref: str, parsed: ParsedSource, staged: StagedSource
) -> tuple[pd.DataFrame, int, pd.DataFrame]:
    """Count misses (esq.removals) and keep the rows of records missing fewer than K times.

    Without a declared record_key, keys are line positions: a shifted line is not a missing
    record, so such sources are replaced wholesale and nothing is carried.
    """
    presence = read_presence(settings, source.id)
    if not source.record_key:
        return staged.listings, 0, presence
    previous = read_staged(settings.layout, source.id, "listings.parquet", ("record_key",))
    presence = update_presence(
        presence,
        record_keys(parsed.records),
        fetch_ref,
        source.removal_after,
        known=previous.record_key,
    )
    listings, carried = carry_forward(previous, staged.listings, presence)
    return listings, carried, presence


def stage_to_store(
    source: Source,
    settings: Settings,
    municipalities: MunicipalityIndex | Callable[[], MunicipalityIndex],
    logger: logging.Logger | None = None,
) -> StageReport:
    """Parse, normalise and validate the source's last good entry; write listings + quarantine.

    ``municipalities`` may be a function that loads the index: it is then called only when the
    source is staged again, not when its staged output is reused (the daily case).
    """
    entry = entry_for(source.id, settings)
    if entry is None:
        return kept_report(
            settings, source, None, f"source {source.id}: no landing entry to stage yet"
        )
    key = input_key(source, [entry, entry_for(MUNICIPALITIES_SOURCE, settings)])
    meta = reusable(settings.layout.staged(source.id, "meta.json").parent, key, STAGED_FILES)
    if meta is not None:
        if logger:
            logger.info("stage %s: inputs unchanged since %s, staged output kept", source.id,
                        meta.get("fetch_ref"))  # fmt: skip
        fields = StageReport.__dataclass_fields__
        return StageReport(**{**{k: v for k, v in meta.items() if k in fields}, "reused": True})
    progress = Progress(f"stage {source.id}", "rows", log=logger)
    try:
        parsed = adapter_for(source.kind).parse(source, entry)
    except Exception as exc:  # keep the last good staged data of this source
        return unreadable_report(
            settings, source, entry.ref, f"source {source.id}: cannot parse {entry.ref}: {exc}"
        )
    progress.advance(len(parsed.records) + len(parsed.rejects))
    drift = compare_columns(read_baseline(settings.state_dir, source.id), parsed.columns)
    drift_file = settings.layout.staged(source.id, "drift.json")
    if drift and source.on_schema_drift == "block":
        # Publication is gated on this file until an operator accepts the new columns.
        write_json(
            drift_file,
            {"fetch_ref": entry.ref, "drift": drift.describe(), "columns": parsed.columns},
        )
        return kept_report(settings, source, entry.ref, None, drift.describe(), blocked=True)
    drift_file.unlink(missing_ok=True)
    index = municipalities() if callable(municipalities) else municipalities
    try:
        staged = stage_source(source, entry.ref, parsed, index)
    except ValueError as exc:  # a schema-level pandera failure concerns every row
        return unreadable_report(settings, source, entry.ref, f"source {source.id}: {exc}")
    layout = settings.layout
    listings, carried, presence = _carry_missing(source, settings, entry.ref, parsed, staged)
    write_frame(layout.staged(source.id, "listings.parquet"), listings)
    write_presence(settings, source.id, presence)
    write_frame(layout.staged(source.id, "quarantine.parquet"), quarantine_frame(staged.quarantine))
    write_side_tables(layout.staged(source.id, "listings.parquet").parent, parsed.side_tables,
                      index)  # fmt: skip
    accept_columns(settings.state_dir, source.id, parsed.columns)
    report = StageReport(
        source.id,
        entry.ref,
        len(parsed.records) + len(parsed.rejects),
        len(listings),
        staged.rows_rejected,
        len(staged.quarantine) - staged.rows_rejected,
        drift=drift.describe() or None,
        rows_carried=carried,
        rows_removed=int(presence.removed.sum()),
    )
    progress.finish(f"{len(listings)} staged, {staged.rows_rejected} quarantined")
    # meta.json, last; its input key lets an unchanged next run keep these files
    return write_report(settings, report, columns=parsed.columns, input_key=key)
