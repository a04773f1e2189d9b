"""The closing summary of a run, in figures: per-source rows, quarantine, staleness, checks,
totals, changes.

:func:`summarise` gathers one :class:`RunSummary` from the in-process result and the warehouse;
``summary_tables.py`` lays it out as tables and text, ``publication_summary.py`` writes the
Markdown attached to the published asset in the Dagster UI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import duckdb

from assets.check_lines import CheckLine, check_lines_of, metadata_value
from esq.config import Settings

#: The order in which changes since the last publication are told.
CHANGE_KINDS = ("new", "updated", "merged", "removed")


@dataclass(frozen=True)
class SourceLine:
    source: str
    rows: int | None
    quarantined: int | None
    carried: int | None
    stale: bool
    why: str
    fetched: str | None  # ISO time of the data in use


@dataclass
class RunSummary:
    succeeded: bool
    published: bool
    published_to: str
    sources: list[SourceLine] = field(default_factory=list)
    checks: list[CheckLine] = field(default_factory=list)
    #: (basis, enterprises) then the total; empty when no warehouse exists yet.
    enterprises: list[tuple[str, int]] = field(default_factory=list)
    #: contracts, undated contracts, spend, social economy spend, linked contracts.
    contracts: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)
    #: True when the publication is the same release as before: nothing changed.
    unchanged: bool = False


def _materializations(events: Iterable[Any]) -> list[dg.AssetMaterialization]:
    return [
        e.event_specific_data.materialization
        for e in events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    ]


def _source_lines(mats: list[dg.AssetMaterialization]) -> list[SourceLine]:
    raw: dict[str, dict[str, Any]] = {}
    staged: dict[str, dict[str, Any]] = {}
    reference_rows = None
    for mat in mats:
        layer, *rest = mat.asset_key.path
        meta = {k: metadata_value(v) for k, v in mat.metadata.items()}
        if layer == "raw":
            raw[rest[0]] = meta
        elif layer == "staging" and rest and rest[0] != "municipalities":
            staged[rest[0]] = meta
        elif mat.asset_key.path[-1] == "municipalities":
            reference_rows = meta.get("dagster/row_count")
    lines = []
    for source in sorted(set(raw) | set(staged)):
        r, s = raw.get(source, {}), staged.get(source)
        why = r.get("error") or (s or {}).get("error") or (s or {}).get("schema_drift") or ""
        why = re.sub(rf"^source {re.escape(source)}: ", "", str(why))  # the row names it
        if source not in staged and reference_rows is not None:
            rows, why = reference_rows, why or "reference table (municipalities)"
        else:
            rows = (s or {}).get("dagster/row_count")
        lines.append(
            SourceLine(
                source=source,
                rows=rows,
                quarantined=(s or {}).get("rows_quarantined", 0 if s else None),
                carried=(s or {}).get("rows_carried", 0 if s else None),
                stale=bool(r.get("stale")),
                why=" ".join(str(why).split()),
                fetched=r.get("last_success_at") or None,
            )
        )
    return lines


def _warehouse_totals(summary: RunSummary, settings: Settings) -> None:
    """Enterprises by basis, contracts and spend, changes: from the live warehouse."""
    if not settings.warehouse_path.is_file():
        return
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "enterprises" in tables:
            summary.enterprises = [
                (str(basis or "unknown"), int(n))
                for basis, n in con.execute(
                    "SELECT social_economy_basis, count(*) FROM enterprises GROUP BY 1 "
                    "ORDER BY 2 DESC, 1"
                ).fetchall()
            ]
        if "contracts" in tables:
            n, undated, spend, linked, linked_spend = con.execute(
                "SELECT count(*), count(*) FILTER (WHERE year IS NULL), sum(amount), "
                "count(enterprise_id), sum(amount) FILTER (WHERE enterprise_id IS NOT NULL) "
                "FROM contracts"
            ).fetchone()
            summary.contracts = {
                "contracts": n,
                "undated": undated,
                "spend": spend or 0,
                "linked": linked,
                "linked_spend": linked_spend or 0,
            }
        if "changes" in tables:
            found = dict(con.execute("SELECT change, count(*) FROM changes GROUP BY 1").fetchall())
            summary.changes = {k: int(found.get(k, 0)) for k in CHANGE_KINDS}


def current_release(settings: Settings) -> str | None:
    """The release folder the publication link points at (None before the first one)."""
    link = settings.layout.published
    return link.resolve().name if link.exists() else None


def summarise(
    result: dg.ExecuteInProcessResult, settings: Settings, previous_release: str | None = None
) -> RunSummary:
    """What the run did, in figures; ``previous_release`` (read before the run) tells whether
    the publication changed at all."""
    mats = _materializations(result.all_events)
    published = any(m.asset_key.path == ["warehouse", "published"] for m in mats)
    summary = RunSummary(
        succeeded=result.success,
        published=published,
        published_to=str(settings.layout.published),
        sources=_source_lines(mats),
        checks=check_lines_of(result.all_events),
    )
    _warehouse_totals(summary, settings)
    summary.unchanged = published and previous_release == current_release(settings)
    return summary
