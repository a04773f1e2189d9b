"""The figures a buyer asks of a matched list: rows linked, the amount and share with social
economy enterprises (by year when a date column is given), and the amount waiting in review.
As in the contracts mart, a row waiting on a tie between social economy enterprises only
(``tied_social_economy``) is social economy spend: it counts in the amount and share with them,
and in review (which enterprise is for the review to say), and the summary says how much.

Only figures: no supplier name is ever printed, so natural persons never appear in a summary.
Rows whose amount is not a number count in the rows, not in the amounts, and are counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from esq.numbers import money, share


@dataclass
class Bucket:
    """Rows and amounts of one year (or of the whole file)."""

    rows: int = 0
    linked: int = 0
    review: int = 0
    amount: Decimal = Decimal(0)
    linked_amount: Decimal = Decimal(0)
    review_amount: Decimal = Decimal(0)
    tied: int = 0
    tied_amount: Decimal = Decimal(0)

    @property
    def share(self) -> float | None:
        """Social economy amount (linked, or tied between social economy enterprises only) /
        amount (None when the amount is 0)."""
        return float(self.social_economy_amount / self.amount) if self.amount else None

    @property
    def social_economy_amount(self) -> Decimal:
        """The amount linked to a social economy enterprise or tied between them only."""
        return self.linked_amount + self.tied_amount


@dataclass
class MatchSummary:
    """Counts by link method, the whole-file bucket and one bucket per year."""

    methods: dict[str, int]
    total: Bucket
    years: dict[int | None, Bucket] = field(default_factory=dict)
    has_amount: bool = False
    unreadable_amounts: int = 0


def summarise(
    links: pd.DataFrame, amounts: Sequence[Decimal | None], years: Sequence[int | None] | None
) -> MatchSummary:
    """Figures of :func:`esq.matching.rows.link_rows`' added columns, row amounts and years."""
    methods = links.link_method.value_counts().to_dict()
    summary = MatchSummary({str(k): int(v) for k, v in methods.items()}, Bucket())
    summary.has_amount = any(a is not None for a in amounts)
    summary.unreadable_amounts = sum(a is None for a in amounts) if summary.has_amount else 0
    year_list = list(years) if years is not None else [None] * len(links)
    ties = links.get("tied_social_economy", pd.Series(False, index=links.index))
    for linked, review, tied, amount, year in zip(
        links.enterprise_id.notna(), links.needs_review, ties, amounts, year_list, strict=True
    ):
        buckets = [summary.total]
        if years is not None:
            buckets.append(summary.years.setdefault(year, Bucket()))
        value = amount or Decimal(0)
        for b in buckets:
            b.rows += 1
            b.linked += bool(linked)
            b.review += bool(review)
            b.amount += value
            b.linked_amount += value if linked else 0
            b.review_amount += value if review else 0
            b.tied += bool(tied)
            b.tied_amount += value if tied else 0
    return summary


def _share(value: float | None) -> str:
    return "—" if value is None else share(value)


def summary_lines(summary: MatchSummary) -> list[str]:
    """The summary as text lines for the terminal."""
    t = summary.total
    m = summary.methods
    linked_methods = ", ".join(
        f"{k} {m[k]}" for k in ("neq", "name_exact", "name_fuzzy", "name_place") if m.get(k)
    )
    lines = [
        f"rows: {t.rows}; linked to a social economy enterprise: {t.linked}"
        + (f" ({linked_methods})" if linked_methods else ""),
        f"waiting in review: {t.review}; natural persons (never linked): {m.get('person', 0)}; "
        f"no match: {m.get('no_match', 0)}",
    ]
    if summary.has_amount:
        lines += [
            f"amount: {money(t.amount)}; with social economy enterprises: "
            f"{money(t.social_economy_amount)} ({_share(t.share)}); waiting in review: "
            f"{money(t.review_amount)}",
        ]
        if t.tied:
            lines.append(
                f"  of which waiting on a tie between social economy enterprises only: "
                f"{t.tied} row{'' if t.tied == 1 else 's'}, {money(t.tied_amount)} "
                "(social economy whichever it is)"
            )
        if summary.unreadable_amounts:
            lines.append(f"rows without a readable amount: {summary.unreadable_amounts}")
    if summary.years:
        lines.append("by year: year | rows | linked | amount | social economy | share | in review")
        for year in sorted(summary.years, key=lambda y: (y is None, y or 0)):
            b = summary.years[year]
            lines.append(
                f"  {year if year is not None else 'no date'} | {b.rows} | {b.linked} | "
                f"{money(b.amount)} | {money(b.social_economy_amount)} | {_share(b.share)} | "
                f"{money(b.review_amount)}"
            )
    return lines
