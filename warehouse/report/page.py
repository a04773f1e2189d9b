"""The run report page: one HTML file with inline CSS and SVG, no script, no external asset.

Every figure comes from the warehouse (times from the sources table, never the clock), so the
same data gives the same page. Numbers are written one way (esq.numbers: en-CA, ``$`` on money).
"""

from __future__ import annotations

from html import escape

from esq.numbers import count, money, plural, share
from warehouse.report.changes_section import changes_section
from warehouse.report.figures import Figures
from warehouse.report.map_section import map_section
from warehouse.report.markup import tile
from warehouse.report.procurement_section import procurement_section
from warehouse.report.review_section import review_section
from warehouse.report.sources_section import sources_section
from warehouse.report.style import CSS


def _headline(f: Figures) -> str:
    reference, year = f.reference
    spend = sum(r.total_spend for r in f.procurement)
    se = sum(r.social_economy_spend for r in f.procurement)
    waiting = sum(n for _, n, _ in f.review_queue)
    tiles = [
        tile("enterprises", count(f.enterprises), "social economy enterprises"),
        tile(
            "coverage",
            share(f.enterprises / reference),
            f"of the {count(reference)} the ISQ counted in {year}",
        ),
    ]
    if f.procurement:
        tiles.append(
            tile(
                "se-share",
                share(se / spend if spend else 0),
                f"of {money(spend, cents=False)} in city contracts went to them",
            )
        )
    tiles.append(tile("waiting", count(waiting), "pairs waiting for a decision"))
    return '<div class="tiles">' + "".join(tiles) + "</div>"


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
        map_section(f),
        procurement_section(f),
        changes_section(f),
        review_section(f),
        sources_section(f),
        '<footer class="muted">Made by esq from the published warehouse. Numbers in en-CA '
        "format; money in Canadian dollars.</footer>",
        "</body></html>",
    ]
    return "\n".join(sections) + "\n"
