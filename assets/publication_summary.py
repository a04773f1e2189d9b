"""The publication summary: the Markdown attached to the published asset in the Dagster UI
(from the sources' state, so a publication-only run still lists every source), then the run's
checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from assets.check_lines import check_lines
from esq.catalog import Catalog
from esq.config import Settings
from esq.status import read_status
from esq.store import staged_meta

HEADER = [
    "| source | rows staged | quarantined | carried | stale | note |",
    "|---|---:|---:|---:|---|---|",
]


def _row(source: str, rows: Any, quarantined: Any, carried: Any, stale: bool, note: str) -> str:
    note = " ".join(str(note or "").split()).replace("|", "/")
    return (
        f"| {source} | {'' if rows is None else rows} | "
        f"{'' if quarantined is None else quarantined} | {carried or 0} | "
        f"{'**yes**' if stale else 'no'} | {note[:160]} |"
    )


def publication_summary(catalog: Catalog, settings: Settings, events: Iterable[Any] = ()) -> str:
    """Every enabled source's state after a publication, then the checks of the run (Markdown
    for the Dagster UI, which renders it)."""
    events = list(events)
    lines = ["## Sources", "", *HEADER]
    stale_ids = []
    for source in catalog.enabled():
        status = read_status(settings.state_dir, source.id)
        meta = staged_meta(settings.layout, source.id)
        staged = bool(meta)  # listing, register and contracts staging all write meta.json
        note = status.last_error or (
            f"last good data {status.last_success_at}"
            if status.last_success_at
            else "never fetched"
        )
        if source.role == "reference":
            note = f"reference table; {note}"
        lines.append(
            _row(
                source.id,
                meta.get("rows_staged") if staged else None,
                meta.get("rows_quarantined") if staged else None,
                meta.get("rows_carried"),
                status.stale,
                note,
            )
        )
        if status.stale:
            stale_ids.append(source.id)
    checks = check_lines(events) or ["- (no check ran in this run)"]
    stale_note = (
        f"Stale (published with their last good data): {', '.join(stale_ids)}."
        if stale_ids
        else "No source is stale."
    )
    return "\n".join([*lines, "", stale_note, "", "## Checks", "", *checks])
