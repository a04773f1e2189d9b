"""The closing summary of a run: per-source rows, quarantine, staleness, checks, totals, changes.

:func:`summarise` gathers one :class:`RunSummary` from the in-process result and the warehouse;
:func:`summary_tables` lays it out as tables (rich renderables: colours on a terminal, plain
text in a log); :func:`run_summary` is the same as text. :func:`publication_summary` is the
Markdown attached to the published asset in the Dagster UI (from the sources' state, so a
publication-only run still lists every source).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import dagster as dg
import duckdb
from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from esq.catalog import Catalog
from esq.config import Settings
from esq.numbers import age, count, money, share
from esq.status import read_status
from esq.store import staged_meta

HEADER = [
    "| source | rows staged | quarantined | carried | stale | note |",
    "|---|---:|---:|---:|---|---|",
]
#: Metadata that is a detail of a detail (failure rows, the summary text itself).
_HIDDEN_META = {"failure_cases", "summary"}
#: The order in which changes since the last publication are told.
CHANGE_KINDS = ("new", "updated", "merged", "removed")


def _value(entry: Any) -> Any:
    return getattr(entry, "value", entry)


def describe(meta: dict[str, Any]) -> str:
    """Check metadata as one plain sentence: the error if there is one, else the non-empty
    values (``pes-x: 1000 -> 122 rows``), never a Python dict."""
    if meta.get("error"):
        return " ".join(str(meta["error"]).split())
    parts = []
    for key, value in meta.items():
        if key in _HIDDEN_META or value in (None, "", 0, False) or value == {} or value == []:
            continue
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {describe_value(v)}" for k, v in value.items())
            parts.append(inner if key in ("drops", "blocked_sources") else f"{_words(key)} {inner}")
        else:
            parts.append(f"{_words(key)} {describe_value(value)}")
    return "; ".join(parts)


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {describe_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(describe_value(v) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return count(value) if float(value).is_integer() else f"{value:,.3g}"
    return " ".join(str(value).split())


def _words(key: str) -> str:
    return key.replace("_", " ")


@dataclass(frozen=True)
class SourceLine:
    source: str
    rows: int | None
    quarantined: int | None
    carried: int | None
    stale: bool
    why: str
    fetched: str | None  # ISO time of the data in use


@dataclass(frozen=True)
class CheckLine:
    target: str
    check: str
    outcome: str  # passed, WARN, FAILED
    detail: str


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


def check_lines_of(events: Iterable[Any]) -> list[CheckLine]:
    """One line per asset check evaluated in the run (DagsterEvents)."""
    lines = []
    for ev in events:
        if ev.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        e = ev.event_specific_data
        severity = getattr(getattr(e, "severity", None), "value", "ERROR")
        outcome = "passed" if e.passed else ("FAILED" if severity == "ERROR" else "WARN")
        detail = "" if e.passed else describe({k: _value(v) for k, v in e.metadata.items()})
        detail = re.sub(r"^source [\w.-]+: ", "", detail)  # the check's row names the source
        lines.append(CheckLine(e.asset_key.to_user_string(), e.check_name, outcome, detail))
    return lines


def check_lines(events: Iterable[Any]) -> list[str]:
    """Markdown bullets of the checks (the Dagster UI's publication summary)."""
    return [
        f"- {c.outcome}: {c.target} {c.check}" + (f" — {c.detail}" if c.detail else "")
        for c in check_lines_of(events)
    ]


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
        meta = {k: _value(v) for k, v in mat.metadata.items()}
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


def _age(iso: str | None, now: datetime) -> str:
    if not iso:
        return "never fetched"
    try:
        then = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return age((now - then).total_seconds())


def _table(title: str, columns: list[tuple[str, str]], first: int | None = None) -> Table:
    """A table whose first column (``first`` characters wide) is never cut or folded."""
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        min_width=len(title),
    )
    for i, (name, justify) in enumerate(columns):
        table.add_column(
            name,
            justify=justify,  # type: ignore[arg-type]
            no_wrap=i == 0,
            min_width=first if i == 0 else None,
        )
    return table


def summary_tables(summary: RunSummary, now: datetime | None = None) -> list[RenderableType]:
    """The summary as tables: sources, checks, totals, changes, then the outcome."""
    now = now or datetime.now(UTC)
    sources = _table(
        "Sources",
        [
            ("source", "left"),
            ("rows", "right"),
            ("quarantined", "right"),
            ("carried", "right"),
            ("stale", "left"),
            ("data age", "right"),
            ("note", "left"),
        ],
        first=max([6] + [len(s.source) for s in summary.sources]),
    )
    for s in summary.sources:
        sources.add_row(
            s.source,
            count(s.rows) if s.rows is not None else "–",
            count(s.quarantined) if s.quarantined is not None else "–",
            count(s.carried) if s.carried is not None else "–",
            Text("yes", style="bold yellow") if s.stale else "no",
            _age(s.fetched, now),
            s.why,
        )
    parts: list[RenderableType] = [sources]
    problems = [c for c in summary.checks if c.outcome != "passed"]
    passed = len(summary.checks) - len(problems)
    checks = _table(
        f"Checks: {count(passed)} passed, {count(len(problems))} to look at",
        [("check", "left"), ("result", "left"), ("detail", "left")],
    )
    for c in problems:
        style = "bold red" if c.outcome == "FAILED" else "yellow"
        checks.add_row(f"{c.target} {c.check}", Text(c.outcome, style=style), c.detail)
    parts.append(checks if problems else Text(f"Checks: all {count(passed)} passed.\n"))
    if summary.enterprises:
        totals = _table("Totals", [("what", "left"), ("count or amount", "right")])
        total = sum(n for _, n in summary.enterprises)
        for basis, n in summary.enterprises:
            totals.add_row(f"enterprises ({basis})", count(n))
        totals.add_row(Text("enterprises", style="bold"), Text(count(total), style="bold"))
        c = summary.contracts
        if c:
            totals.add_row("contracts", count(c["contracts"]))
            totals.add_row("  of which undated", count(c["undated"]))
            totals.add_row("  linked to an enterprise", count(c["linked"]))
            totals.add_row("spend", money(c["spend"]))
            spend_share = share(c["linked_spend"] / c["spend"]) if c["spend"] else "–"
            totals.add_row("  with social economy enterprises", money(c["linked_spend"]))
            totals.add_row("  share", spend_share)
        parts.append(totals)
    if summary.unchanged:
        parts.append(Text("Changes: none; the publication is the same as before.\n"))
    elif summary.changes:
        changes = _table(
            "Changes since the last publication", [("enterprises", "left"), ("", "right")]
        )
        for kind in CHANGE_KINDS:
            changes.add_row(kind, count(summary.changes.get(kind, 0)))
        parts.append(changes)
    outcome = "succeeded" if summary.succeeded else "failed"
    state = (
        f"published to {summary.published_to}"
        if summary.published
        else "NOT published: the previous publication stays in place"
    )
    style = "bold green" if summary.succeeded and summary.published else "bold red"
    parts.append(Text(f"Run {outcome}; {state}.", style=style))
    return parts


def render_text(renderables: list[RenderableType], width: int = 200) -> str:
    """Renderables as plain text (no colour), lines not wrapped below ``width``."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, soft_wrap=True)
    console.print(Group(*renderables))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def run_summary(result: dg.ExecuteInProcessResult, settings: Settings) -> str:
    """The summary as plain text (what ``esq run`` prints, without colour)."""
    return render_text(summary_tables(summarise(result, settings)), width=1000)


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
