"""Stage a source from its last good landing entry into ESQ_HOME/staging/<source_id>/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from esq.adapters import adapter_for
from esq.catalog import Source
from esq.config import Settings
from esq.fetching import entry_for
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.drift import accept_columns, compare_columns, read_baseline
from esq.staging.quarantine import quarantine_frame
from esq.staging.stage import stage_source
from esq.store import read_json, write_frame, write_json

MUNICIPALITIES_SOURCE = "mamh-municipalites"


@dataclass(frozen=True)
class StageReport:
    source_id: str
    fetch_ref: str | None
    rows_parsed: int
    rows_staged: int
    rows_quarantined: int
    values_quarantined: int
    drift: str | None
    drift_blocked: bool
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.drift_blocked


def staging_dir(settings: Settings, source_id: str) -> Path:
    return settings.staging_dir / source_id


def load_municipalities(settings: Settings) -> MunicipalityIndex:
    """The MAMH répertoire from its last good landing entry."""
    entry = entry_for(MUNICIPALITIES_SOURCE, settings)
    if entry is None:
        raise FileNotFoundError(
            f"no landing entry for {MUNICIPALITIES_SOURCE}: the reference table is required"
        )
    return MunicipalityIndex.from_csv(entry.file_path(entry.manifest.files[0].name))


def _kept(
    settings: Settings,
    source: Source,
    fetch_ref: str | None,
    error: str | None,
    drift: str | None = None,
    blocked: bool = False,
) -> StageReport:
    """Report a source whose new data is not staged: its previous staged files stay."""
    meta = read_json(staging_dir(settings, source.id) / "meta.json", {}) or {}
    return StageReport(
        source.id,
        meta.get("fetch_ref", fetch_ref),
        meta.get("rows_parsed", 0),
        meta.get("rows_staged", 0),
        meta.get("rows_quarantined", 0),
        meta.get("values_quarantined", 0),
        drift,
        blocked,
        error,
    )


def stage_to_store(
    source: Source, settings: Settings, municipalities: MunicipalityIndex
) -> StageReport:
    """Parse, normalise and validate the source's last good entry; write listings + quarantine."""
    entry = entry_for(source.id, settings)
    if entry is None:
        return _kept(settings, source, None, f"source {source.id}: no landing entry to stage yet")
    try:
        parsed = adapter_for(source.kind).parse(source, entry)
    except Exception as exc:
        return _kept(
            settings, source, entry.ref, f"source {source.id}: cannot parse {entry.ref}: {exc}"
        )
    drift = compare_columns(read_baseline(settings.state_dir, source.id), parsed.columns)
    drift_file = staging_dir(settings, source.id) / "drift.json"
    if drift and source.on_schema_drift == "block":
        # Publication is gated on this file until an operator accepts the new columns.
        write_json(
            drift_file,
            {"fetch_ref": entry.ref, "drift": drift.describe(), "columns": parsed.columns},
        )
        return _kept(settings, source, entry.ref, None, drift.describe(), blocked=True)
    drift_file.unlink(missing_ok=True)
    staged = stage_source(source, entry.ref, parsed, municipalities)
    out = staging_dir(settings, source.id)
    write_frame(out / "listings.parquet", staged.listings)
    write_frame(out / "quarantine.parquet", quarantine_frame(staged.quarantine))
    accept_columns(settings.state_dir, source.id, parsed.columns)
    report = StageReport(
        source.id,
        entry.ref,
        len(parsed.records) + len(parsed.rejects),
        len(staged.listings),
        staged.rows_rejected,
        len(staged.quarantine) - staged.rows_rejected,
        drift.describe() or None,
        False,
        None,
    )
    write_json(out / "meta.json", {**report.__dict__, "columns": parsed.columns})
    return report
