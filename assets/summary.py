"""The closing summary of a run: per-source rows, quarantine, staleness and checks.

Two views of the same Markdown: :func:`run_summary` for the command line (from the in-process
result) and :func:`publication_summary` attached to the published asset in the Dagster UI
(from the sources' state, so a publication-only run still lists every source).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dagster as dg

from esq.catalog import Catalog
from esq.config import Settings
from esq.status import read_status
from esq.store import staged_meta

HEADER = [
    "| source | rows staged | quarantined | carried | stale | note |",
    "|---|---:|---:|---:|---|---|",
]


def _value(entry: Any) -> Any:
    return getattr(entry, "value", entry)


def _row(source: str, rows: Any, quarantined: Any, carried: Any, stale: bool, note: str) -> str:
    note = " ".join(str(note or "").split()).replace("|", "/")
    return (
        f"| {source} | {'' if rows is None else rows} | "
        f"{'' if quarantined is None else quarantined} | {carried or ''} | "
        f"{'**yes**' if stale else ''} | {note[:160]} |"
    )


def check_lines(events: Iterable[Any]) -> list[str]:
    """One line per asset check evaluated in the run (DagsterEvents)."""
    lines = []
    for ev in events:
        if ev.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        e = ev.event_specific_data
        if e.passed:
            lines.append(f"- passed: {e.asset_key.to_user_string()} {e.check_name}")
            continue
        severity = getattr(getattr(e, "severity", None), "value", "ERROR")
        detail = {
            k: _value(v) for k, v in e.metadata.items() if k not in ("failure_cases", "summary")
        }
        lines.append(
            f"- **{'FAILED' if severity == 'ERROR' else 'WARN'}**: "
            f"{e.asset_key.to_user_string()} {e.check_name} {detail}"
        )
    return lines


def _materializations(events: Iterable[Any]) -> list[dg.AssetMaterialization]:
    return [
        e.event_specific_data.materialization
        for e in events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    ]


def run_summary(result: dg.ExecuteInProcessResult, settings: Settings) -> str:
    """A Markdown summary of what the run did, readable in a terminal and in the Dagster UI."""
    stale: dict[str, bool] = {}
    errors: dict[str, str] = {}
    staged: dict[str, tuple[Any, Any, Any, str]] = {}
    mats = _materializations(result.all_events)
    for mat in mats:
        layer, *rest = mat.asset_key.path
        meta = {k: _value(v) for k, v in mat.metadata.items()}
        source = rest[0] if rest else ""
        if layer == "raw":
            stale[source] = bool(meta.get("stale"))
            errors[source] = meta.get("error") or ""
        elif layer == "staging":
            staged[source] = (
                meta.get("dagster/row_count"),
                meta.get("rows_quarantined"),
                meta.get("rows_carried"),
                meta.get("error") or meta.get("schema_drift") or "",
            )
    lines = list(HEADER)
    for source in sorted(set(stale) | set(staged)):
        rows, quarantined, carried, note = staged.get(source, (None, None, None, ""))
        lines.append(
            _row(
                source,
                rows,
                quarantined,
                carried,
                stale.get(source, False),
                errors.get(source) or note,
            )
        )
    published = [m for m in mats if m.asset_key.path == ["warehouse", "published"]]
    state = (
        "published to " + str(settings.layout.published)
        if published
        else "NOT published: the previous publication stays in place"
    )
    outcome = "succeeded" if result.success else "failed"
    return "\n".join(
        [*lines, "", "Checks:", *check_lines(result.all_events), "", f"Run {outcome}; {state}."]
    )


def publication_summary(catalog: Catalog, settings: Settings, events: Iterable[Any] = ()) -> str:
    """Every enabled source's state after a publication, then the checks of the run."""
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
