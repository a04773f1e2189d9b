"""The run report page: one HTML file with inline CSS and SVG, no script, no external asset.

Every figure comes from the warehouse (times from the sources table, never the clock), so the
same data gives the same page. Numbers are written one way (esq.numbers: en-CA, ``$`` on money).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any

from esq.numbers import count, money, plural, share
from warehouse.report.figures import CHANGE_KINDS, REVIEW_TABLES, Figures
from warehouse.report.geo import region_map
from warehouse.report.style import CSS
from warehouse.report.trend import city_panels

CHANGE_WORDS = {
    "new": "published for the first time",
    "updated": "with fields that changed",
    "merged": "merged into another enterprise",
    "removed": "no longer in any source",
}


def _cell(value: Any, numeric: bool = False) -> str:
    if numeric and isinstance(value, str) and not isinstance(value, Markup):
        return f'<td class="n">{escape(value)}</td>'  # a formatted amount or share
    if value is None:
        return '<td class="muted">–</td>'
    if isinstance(value, bool):
        return f"<td>{'yes' if value else 'no'}</td>"
    if isinstance(value, int | float):
        return f'<td class="n">{count(value)}</td>'
    return f"<td>{value}</td>" if isinstance(value, Markup) else f"<td>{escape(str(value))}</td>"


class Markup(str):
    """HTML already escaped, put in a cell as is."""


def _table(
    ident: str, header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()
) -> str:
    head = "".join(
        f"<th{' class=n' if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(header)
    )
    body = "\n".join(
        "<tr>" + "".join(_cell(v, i in numeric) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table id="{ident}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def _bar(value: float, top: float, chart: str, label: str, text: str) -> Markup:
    width = 0 if not top else round(100 * value / top, 1)
    return Markup(
        f'<span class="hbar"><span class="fill" style="width:{width}%" data-chart="{chart}" '
        f'data-label="{escape(label)}" data-value="{value}"></span></span>'
        f'<span class="hval">{escape(text)}</span>'
    )


def _tile(ident: str, figure: str, label: str) -> str:
    return (
        f'<div class="tile"><div class="figure" id="{ident}">{escape(figure)}</div>'
        f'<div class="label">{escape(label)}</div></div>'
    )


def _headline(f: Figures) -> str:
    reference, year = f.reference
    spend = sum(r.total_spend for r in f.procurement)
    se = sum(r.social_economy_spend for r in f.procurement)
    waiting = sum(n for _, n, _ in f.review_queue)
    tiles = [
        _tile("enterprises", count(f.enterprises), "social economy enterprises"),
        _tile(
            "coverage",
            share(f.enterprises / reference),
            f"of the {count(reference)} the ISQ counted in {year}",
        ),
    ]
    if f.procurement:
        tiles.append(
            _tile(
                "se-share",
                share(se / spend if spend else 0),
                f"of {money(spend, cents=False)} in city contracts went to them",
            )
        )
    tiles.append(_tile("waiting", count(waiting), "pairs waiting for a decision"))
    return '<div class="tiles">' + "".join(tiles) + "</div>"


def _map_section(f: Figures) -> str:
    reference, year = f.reference
    placed = [r for r in f.regions if r[0]]
    top = max((n for _, _, n in placed), default=0)
    rows = [
        (
            name.replace("--", "–"),
            n,
            _bar(n, top, "regions", name, share(n / f.enterprises if f.enterprises else 0)),
            share(n / reference, 2),
        )
        for code, name, n in f.regions
    ]
    mrcs = []
    biggest = sorted(n for _, _, n in placed)[-2:]  # the two largest regions open
    for code, name, n in placed:
        inside = [(m, k) for c, m, k in f.mrcs if c == code]
        items = "".join(
            f"<li><span>{escape(m)}</span><span class=n>{count(k)}</span></li>" for m, k in inside
        )
        mrcs.append(
            f"<details{' open' if n in biggest else ''}><summary>{escape(name.replace('--', '–'))} "
            f"<span class=muted>({plural(len(inside), 'MRC')}, {count(n)})</span></summary>"
            f'<ul class="mrcs">{items}</ul></details>'
        )
    exact = len(f.points)
    return "\n".join(
        [
            '<section id="map"><h2>Where the enterprises are</h2>',
            '<div class="mapwrap">',
            region_map(f.regions, f.points),
            '<p class="legend"><span class="key region"></span> enterprises per administrative '
            "region (circle area) &nbsp; "
            f'<span class="key point"></span> {plural(exact, "enterprise")} placed exactly by a '
            "source. Schematic outline, no map tiles.</p></div>",
            '<div class="cols"><div>',
            "<h3>Coverage per region</h3>",
            f'<p class="muted">The ISQ counts {count(reference)} social economy enterprises in '
            f"Québec ({year}); it publishes no per-region count here, so each region is shown as "
            "its share of our enterprises and of the province's count.</p>",
            _table(
                "coverage-regions",
                ["region", "enterprises", "share of ours", "of the province's count"],
                rows,
                numeric=(1, 3),
            ),
            '</div><div id="mrc-view"><h3>Per MRC</h3>',
            *mrcs,
            "</div></div></section>",
        ]
    )


def _procurement_section(f: Figures) -> str:
    if not f.procurement:
        return (
            '<section id="procurement"><h2>City contracts with social economy enterprises</h2>'
            '<p class="muted" id="procurement-none">No contracts tables in this publication.</p>'
            "</section>"
        )
    undated = [r for r in f.procurement if r.year is None]
    n_undated = sum(r.contracts for r in undated)
    undated_spend = sum(r.total_spend for r in undated)
    years = sorted({r.year for r in f.procurement if r.year is not None})
    span = f"{years[0]}–{years[-1]}" if years else "no year"
    cities = sorted({r.city for r in f.procurement})
    rows = []
    for city in cities:
        mine = [r for r in f.procurement if r.city == city]
        dated = [r for r in mine if r.year is not None]
        nd = [r for r in mine if r.year is None]
        total = sum(r.total_spend for r in mine)
        se = sum(r.social_economy_spend for r in mine)
        rows.append(
            (
                city,
                sum(r.contracts for r in dated),
                sum(r.contracts for r in nd),
                money(total),
                money(se),
                share(se / total if total else 0),
                money(sum(r.pending_review_spend for r in mine)),
            )
        )
    note = (
        f"{plural(n_undated, 'contract')} ({money(undated_spend)}) carry no date: they are the "
        "“undated” column of each panel (n.d.) and are never counted in a year."
        if n_undated
        else "Every contract is dated."
    )
    return "\n".join(
        [
            '<section id="procurement"><h2>City contracts with social economy enterprises</h2>',
            f"<p>Share of each city's contract spend that went to social economy enterprises, per "
            f"year ({span}); every panel has the same scale. <span id=undated-note>{note}</span>"
            "</p>",
            city_panels(f.procurement),
            _table(
                "procurement",
                [
                    "city",
                    "dated contracts",
                    "undated",
                    "spend",
                    "social economy",
                    "share",
                    "waiting for review",
                ],
                rows,
                numeric=(1, 2, 3, 4, 5, 6),
            ),
            "</section>",
        ]
    )


def _changes_section(f: Figures) -> str:
    if not f.changes:
        return (
            '<section id="changes"><h2>Changes since the last publication</h2>'
            '<p class="muted">No changes table in this publication.</p></section>'
        )
    tiles = "".join(
        f'<div class="tile change {k}"><div class="figure" data-change="{k}">'
        f"{count(f.changes.get(k, 0))}</div><div class=label>{k}: {CHANGE_WORDS[k]}</div></div>"
        for k in CHANGE_KINDS
    )
    lists = []
    for kind in CHANGE_KINDS:
        names = f.changed.get(kind, [])
        if not names:
            continue
        more = f.changes.get(kind, 0) - len(names)
        items = "".join(
            f"<li>{escape(n)}"
            + (f' <span class="muted">({escape(d)})</span>' if d else "")
            + "</li>"
            for n, d in names
        )
        tail = (
            f"<li class=muted>… and {count(more)} more (table <code>changes</code>)</li>"
            if more > 0
            else ""
        )
        lists.append(f"<div><h3>{kind.capitalize()}</h3><ul>{items}{tail}</ul></div>")
    return "\n".join(
        [
            '<section id="changes"><h2>Changes since the last publication</h2>',
            f'<div class="tiles">{tiles}</div>',
            f'<div class="cols4">{"".join(lists)}</div>',
            "</section>",
        ]
    )


def _status(s: Any) -> str:
    if s.status is None:
        return "never fetched"
    return f"{s.status}, stale: {s.last_error or 'last fetch failed'}" if s.stale else s.status


def _sources_section(f: Figures) -> str:
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
        _table("quarantine", ["source", "rule", "severity", "rows"], f.quarantine, numeric=(3,))
        if f.quarantine
        else '<p class="muted">Nothing quarantined.</p>'
    )
    return "\n".join(
        [
            '<section id="sources-section"><h2>Sources: licence, freshness and status</h2>',
            _table(
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


def _review_section(f: Figures) -> str:
    if not f.review_queue:
        return (
            '<section id="review"><h2>Waiting for a decision</h2><p id="review-queue">'
            "not available (no review table in this publication).</p></section>"
        )
    rows = [
        (
            REVIEW_TABLES[name][1],
            n,
            "–" if amount is None else money(amount),
            Markup(f"<code>{escape(name)}</code>"),
        )
        for name, n, amount in f.review_queue
    ]
    said = "; ".join(plural(n, *REVIEW_TABLES[name]) for name, n, _ in f.review_queue)
    return "\n".join(
        [
            '<section id="review"><h2>Waiting for a decision</h2>',
            f'<p><span id="review-queue">{escape(said)}</span>. Decide them with the decisions '
            "file (docs/operations.md); the amount is the contracts a supplier link would "
            "count.</p>",
            _table(
                "review-table", ["queue", "pairs", "contract amount waiting", "table"], rows, (1, 2)
            ),
            "</section>",
        ]
    )


def render_report(figures: Figures) -> str:
    """The whole page as text."""
    f = figures
    basis = ", ".join(f"{count(n)} {escape(b)}" for b, n in f.by_basis)
    sections = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>esq — Québec social economy: run report</title>",
        f"<style>{CSS}</style></head><body>",
        "<header><h1>Québec social economy — run report</h1>",
        f'<p class="muted">Data as of <span id="data-as-of">'
        f"{escape((f.data_as_of or 'unknown')[:10])}</span> (latest successful fetch). "
        f'<span id="enterprise-total">{plural(f.enterprises, "enterprise")}</span>'
        + (f" ({basis} by basis)" if basis else "")
        + ".</p></header>",
        _headline(f),
        _map_section(f),
        _procurement_section(f),
        _changes_section(f),
        _review_section(f),
        _sources_section(f),
        '<footer class="muted">Made by esq from the published warehouse. Numbers in en-CA '
        "format; money in Canadian dollars.</footer>",
        "</body></html>",
    ]
    return "\n".join(sections) + "\n"
