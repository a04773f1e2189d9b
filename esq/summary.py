"""The closing summary of a run: per-source rows, quarantine, staleness and checks."""

from __future__ import annotations

from typing import Any

import dagster as dg

from esq.config import Settings


def _value(entry: Any) -> Any:
    return getattr(entry, "value", entry)


def _materializations(result: dg.ExecuteInProcessResult) -> list[dg.AssetMaterialization]:
    return [
        e.event_specific_data.materialization for e in result.get_asset_materialization_events()
    ]


def run_summary(result: dg.ExecuteInProcessResult, settings: Settings) -> str:
    """A Markdown summary of what the run did, readable in a terminal and in the Dagster UI."""
    lines = ["| source | rows staged | quarantined | stale | note |", "|---|---:|---:|---|---|"]
    stale: dict[str, bool] = {}
    errors: dict[str, str] = {}
    staged: dict[str, tuple[Any, Any, str]] = {}
    for mat in _materializations(result):
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
                meta.get("error") or meta.get("schema_drift") or "",
            )
    for source in sorted(set(stale) | set(staged)):
        rows, quarantined, note = staged.get(source, ("", "", ""))
        quarantined = "" if quarantined is None else quarantined
        note = errors.get(source) or note
        lines.append(
            f"| {source} | {rows} | {quarantined} | {'yes' if stale.get(source) else ''}"
            f" | {note[:120]} |"
        )
    checks = [
        f"- {'passed' if e.passed else 'FAILED'}: {e.check_name}"
        + ("" if e.passed else f" {dict((k, _value(v)) for k, v in e.metadata.items())}")
        for e in (
            ev.event_specific_data
            for ev in result.all_events
            if ev.event_type_value == "ASSET_CHECK_EVALUATION"
        )
    ]
    published = [
        m for m in _materializations(result) if m.asset_key.path == ["warehouse", "published"]
    ]
    state = (
        "published to " + str(settings.home / "published")
        if published
        else "NOT published: the previous publication stays in place"
    )
    outcome = "succeeded" if result.success else "failed"
    return "\n".join([*lines, "", "Checks:", *checks, "", f"Run {outcome}; {state}."])
