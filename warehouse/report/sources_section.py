"""The report's sources section: each source's licence, freshness, status and rows, and the
rows set aside (quarantine)."""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from warehouse.report.figures import Figures
from warehouse.report.markup import Markup, html_table


def _status(s: Any) -> str:
    if s.status is None:
        return "never fetched"
    return f"{s.status}, stale: {s.last_error or 'last fetch failed'}" if s.stale else s.status


def sources_section(f: Figures) -> str:
    """The sources table, each licence once, and the quarantine counts."""
    rows = [
        (
            Markup(f"{escape(s.source_id)}<div class=muted>{escape(s.title)}</div>"),
            s.role,
            Markup(f'<span title="{escape(s.licence_title)}">{escape(s.licence_id)}</span>'),
            (s.last_success_at or "")[:10] or None,
            Markup(
                f'<span class="status {"stale" if s.stale else ""}">{escape(_status(s))}</span>'
            ),
            s.rows_staged,
            s.rows_quarantined,
        )
        for s in f.sources
    ]
    titles: dict[str, Counter] = {}
    for s in f.sources:
        titles.setdefault(s.licence_id, Counter())[s.licence_title] += 1
    legend = [  # each licence once, with the title most sources give (as datapackage.json)
        f"<li><b>{escape(lid)}</b>: {escape(min(t, key=lambda x, t=t: (-t[x], len(x), x)))}</li>"
        for lid, t in sorted(titles.items())
    ]
    quarantine = (
        html_table("quarantine", ["source", "rule", "severity", "rows"], f.quarantine, numeric=(3,))
        if f.quarantine
        else '<p class="muted">Nothing quarantined.</p>'
    )
    return "\n".join(
        [
            '<section id="sources-section"><h2>Sources: licence, freshness and status</h2>',
            html_table(
                "sources",
                ["source", "role", "licence", "data fetched", "status", "rows", "quarantined"],
                rows,
                numeric=(5, 6),
            ),
            f'<ul class="licences">{"".join(legend)}</ul>',
            "<h3>Rows set aside (quarantine) and why</h3>",
            quarantine,
            "</section>",
        ]
    )
