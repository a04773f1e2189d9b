"""The report's procurement section: each city's contract spend with social economy
enterprises, per year (small multiples) and in total, undated contracts told apart."""

from __future__ import annotations

from esq.numbers import money, plural, share
from warehouse.report.figures import Figures
from warehouse.report.markup import html_table
from warehouse.report.trend import city_panels


def procurement_section(f: Figures) -> str:
    """The per-city panels and the per-city totals (or a note when there are no contracts)."""
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
            html_table(
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
