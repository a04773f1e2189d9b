"""The report's review section: the pairs waiting for a decision, per queue, with the
contract amount a supplier link would count."""

from __future__ import annotations

from html import escape

from esq.numbers import money, plural
from warehouse.report.figures import REVIEW_TABLES, Figures
from warehouse.report.markup import Markup, html_table


def review_section(f: Figures) -> str:
    """The review queues, their pairs and the contract amount waiting."""
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
            html_table(
                "review-table", ["queue", "pairs", "contract amount waiting", "table"], rows, (1, 2)
            ),
            "</section>",
        ]
    )
