"""Gather the input of every public table from the layers below.

The core tables (entities, contracts) are handed over as the Parquet files their steps wrote,
for DuckDB to read straight into the warehouse (warehouse.build); the small tables computed
here (sources, quarantine, changes, municipalities) as frames.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from esq.catalog import Catalog
from esq.config import Settings
from esq.contracts.store import CORE_TABLES
from esq.entities.files import ENTITY_FILES
from esq.staging.quarantine import QUARANTINE_COLUMNS
from esq.status import read_status
from esq.store import (
    MissingFileError,
    empty_frame,
    read_frame,
    read_published,
    read_staged,
    staged_meta,
)
from schemas.tables import CHANGES, ENTERPRISE_IDS, MUNICIPALITIES, SOURCES
from warehouse.build import TableInput
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


def core_files(settings: Settings, names: Iterable[str], why: str) -> dict[str, Path]:
    """The Parquet files of core tables, by table name; a missing one raises
    :class:`MissingFileError`."""
    files = {name: settings.layout.core(name) for name in names}
    for path in files.values():
        if not path.is_file():
            raise MissingFileError(path, why)
    return files


def assemble_tables(catalog: Catalog, settings: Settings) -> dict[str, TableInput]:
    """Every public table's input (a Parquet file or a frame), by table name."""
    inputs: dict[str, TableInput] = {}
    inputs.update(core_files(settings, ENTITY_FILES, "written by the entities step"))
    inputs["quarantine"] = quarantine_all(catalog, settings)
    inputs["sources"] = published_sources(sources_frame(catalog, settings))
    names = [t.name for t in CORE_TABLES]
    inputs.update(core_files(settings, names, "written by the contracts assets"))
    inputs["municipalities"] = read_frame(
        settings.layout.reference(MUNICIPALITIES.name), "written by reference/municipalities"
    )
    inputs["changes"] = changes_frame(settings)
    return inputs


def changes_frame(settings: Settings) -> pd.DataFrame:
    """Changes between the current publication (the ``published`` link) and the enterprises
    the entities step wrote."""
    published = settings.layout.published
    layout = settings.layout
    return compute_changes(
        previous=read_published(published, "enterprises", ("enterprise_id",)),
        current=read_frame(layout.core("enterprises"), "written by the entities step"),
        current_ids=read_frame(
            layout.core("enterprise_ids"),
            "written by the entities step",
            [c for c in ENTERPRISE_IDS.column_names if c != "split_from"],
        ),
        previous_changes=read_published(published, "changes", CHANGES.column_names),
    )
