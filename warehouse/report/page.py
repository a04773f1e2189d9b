"""The run report page: one HTML file with inline CSS and SVG, no script, no external asset.

Every figure comes from the warehouse (times from the sources table), so the same data gives
the same page.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from warehouse.report.figures import REVIEW_TABLES, Figures
from warehouse.report.svg import bar_chart

CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #ddd; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart text { font-size: 12px; } .chart .bar { fill: #2b6cb0; } .muted { color: #666; }
"""


def _cell(value: Any) -> str:
    if value is None:
        return "<td></td>"
    if isinstance(value, bool):
        return f"<td>{'yes' if value else ''}</td>"
    if isinstance(value, int | float | Decimal):  # money is DECIMAL: cents shown
        return f'<td class="n">{value:,}</td>'
    return f"<td>{escape(str(value))}</td>"


def _table(ident: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "\n".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return f'<table id="{ident}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def _procurement(figures: Figures) -> str:
    if not figures.procurement:
        return '<p class="muted" id="procurement-none">No contracts tables in this publication.</p>'
    bars = [(str(city), float(share or 0)) for city, _, _, share in figures.procurement]
    chart = bar_chart(
        "procurement-chart",
        "Share of spend with social economy enterprises per city",
        bars,
        [f"{v:.1%}" for _, v in bars],
    )
    rows = [
        (c, round(t or 0, 2), round(s or 0, 2), f"{(sh or 0):.1%}")
        for c, t, s, sh in figures.procurement
    ]
    return chart + _table("procurement", ["city", "total spend", "social economy", "share"], rows)


def render_report(figures: Figures) -> str:
    """The whole page as text."""
    reference, year = figures.reference
    review = (
        "; ".join(f"{n:,} {REVIEW_TABLES[name]}" for name, n in figures.review_queue)
        if figures.review_queue
        else "not available (no review table in this publication)"
    )
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>esq run report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>esq — Québec social economy: run report</h1>",
        f'<p>Data as of <span id="data-as-of">{escape(figures.data_as_of or "unknown")}</span>'
        f' (latest successful fetch). <span id="enterprises">{figures.enterprises:,}</span> '
        f"enterprises, {figures.enterprises / reference:.1%} of the {reference:,} counted by the "
        f"Institut de la statistique du Québec for {year}.</p>",
        f'<p>Waiting for a decision: <span id="review-queue">{escape(review)}</span>.</p>',
        "<h2>Rows per source</h2>",
        _table(
            "sources",
            ["source", "role", "parsed", "staged", "quarantined", "stale", "data fetched"],
            figures.sources,
        ),
        "<h2>Quarantine reasons</h2>",
        _table("quarantine", ["source", "rule", "severity", "rows"], figures.quarantine)
        if figures.quarantine
        else '<p class="muted">Nothing quarantined.</p>',
        "<h2>Enterprises per administrative region</h2>",
        bar_chart(
            "regions-chart",
            "Enterprises per administrative region",
            [(label, float(n)) for label, n in figures.regions],
        ),
        "<h2>Procurement with social economy enterprises</h2>",
        _procurement(figures),
        "</body></html>",
    ]
    return "\n".join(sections) + "\n"
