"""Gather the frames of every public table from the layers below."""

from __future__ import annotations

import pandas as pd

from esq.catalog import Catalog
from esq.config import Settings
from esq.contracts.store import read_core_contracts
from esq.entities.resolve import read_entities
from esq.staging.quarantine import QUARANTINE_COLUMNS
from esq.status import read_status
from esq.store import empty_frame, read_frame, read_published, read_staged, staged_meta
from schemas.tables import CHANGES, MUNICIPALITIES, SOURCES
from warehouse.changes import compute_changes


def sources_frame(catalog: Catalog, settings: Settings) -> pd.DataFrame:
    """The catalog joined with each source's status and staging counts."""
    rows = []
    for s in catalog.sources:
        status = read_status(settings.state_dir, s.id)
        meta = staged_meta(settings.layout, s.id)
        rows.append(
            {
                "source_id": s.id,
                "kind": s.kind,
                "role": s.role,
                "title": s.title,
                "publisher": s.publisher,
                "city": s.city,
                "region": s.region,
                "cadence": s.cadence,
                "enabled": s.enabled,
                "disabled_reason": s.disabled_reason,
                "licence_id": s.licence.id,
                "licence_title": s.licence.title,
                "licence_url": s.licence.url,
                "attribution": s.licence.attribution,
                "non_commercial": s.licence.non_commercial,
                "fetch_ref": status.fetch_ref,
                "last_fetch_status": status.last_fetch_status,
                "last_fetch_at": status.last_fetch_at,
                "last_success_at": status.last_success_at,
                "source_last_modified": status.source_last_modified,
                "last_error": status.last_error,
                "rows_parsed": meta.get("rows_parsed"),
                "rows_staged": meta.get("rows_staged"),
                "rows_quarantined": meta.get("rows_quarantined"),
                "stale": status.stale,
            }
        )
    frame = pd.DataFrame(rows)
    for col in ("rows_parsed", "rows_staged", "rows_quarantined"):
        frame[col] = frame[col].astype("Int64")
    return frame


def published_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """The sources table as published: what describes the data in use, not the attempt.

    A ``not_modified`` attempt confirms the data in use is current, as ``success`` does; telling
    them apart (and the attempt's time, kept for `esq status` only) would change the
    published bytes on every unchanged re-run.
    """
    out = frame[list(SOURCES.column_names)].copy()
    out["last_fetch_status"] = out["last_fetch_status"].replace({"not_modified": "success"})
    return out


def quarantine_all(catalog: Catalog, settings: Settings) -> pd.DataFrame:
    frames = [
        read_staged(settings.layout, s.id, "quarantine.parquet", QUARANTINE_COLUMNS)
        for s in catalog.sources
        if s.enabled
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(QUARANTINE_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def assemble_tables(catalog: Catalog, settings: Settings) -> dict[str, pd.DataFrame]:
    """Every public table's frame, by table name."""
    frames = read_entities(settings)
    frames["quarantine"] = quarantine_all(catalog, settings)
    frames["sources"] = published_sources(sources_frame(catalog, settings))
    frames.update(read_core_contracts(settings))
    frames["municipalities"] = read_frame(
        settings.layout.reference(MUNICIPALITIES.name), "written by reference/municipalities"
    )
    frames["changes"] = changes_frame(frames, settings)
    return frames


def changes_frame(frames: dict[str, pd.DataFrame], settings: Settings) -> pd.DataFrame:
    """Changes between the current publication (the ``published`` link) and these frames."""
    published = settings.layout.published
    return compute_changes(
        previous=read_published(published, "enterprises", ("enterprise_id",)),
        current=frames["enterprises"],
        current_ids=frames["enterprise_ids"],
        previous_changes=read_published(published, "changes", CHANGES.column_names),
    )
