"""The run summary laid out: :func:`summary_tables` as tables (rich renderables: colours on a
terminal, plain text in a log); :func:`run_summary` is the same as text."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import dagster as dg
from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from assets.summary import CHANGE_KINDS, RunSummary, summarise
from esq.config import Settings
from esq.numbers import age, count, money, share


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
