"""The social economy share of each city's contract spend, per year: small multiples in SVG.

One panel per city on a common scale (so panels compare), one column per year, and the
contracts whose date is unknown in their own "undated" column at the right, never folded into
a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from esq.numbers import money, share
from warehouse.report.figures import CityYear

PANEL_W, PANEL_H = 300, 150
PAD_L, PAD_R, PAD_T, PAD_B = 40, 8, 34, 22
#: The share axis goes at least this high, so a city at 0.1% does not look like a city at 50%.
MIN_TOP = 0.01


def _nice_top(top: float) -> float:
    for step in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0):
        if top <= step:
            return step
    return 1.0


def city_panels(rows: Sequence[CityYear]) -> str:
    """Small multiples, one per city: an SVG each inside a grid."""
    if not rows:
        return ""
    years = sorted({r.year for r in rows if r.year is not None})
    first, last = (years[0], years[-1]) if years else (0, 0)
    slots = [*range(first, last + 1)] if years else []
    undated_any = any(r.year is None for r in rows)
    top = _nice_top(
        max([MIN_TOP] + [r.social_economy_spend / r.total_spend for r in rows if r.total_spend])
    )
    cities = sorted({r.city for r in rows})
    panels = [
        _panel(city, [r for r in rows if r.city == city], slots, undated_any, top)
        for city in cities
    ]
    return '<div class="multiples" id="share-per-year">' + "\n".join(panels) + "</div>"


def _panel(city: str, rows: list[CityYear], slots: list[int], undated_any: bool, top: float) -> str:
    by_year = {r.year: r for r in rows}
    n_slots = len(slots) + (2 if undated_any else 0)  # a gap, then the undated column
    inner_w = PANEL_W - PAD_L - PAD_R
    inner_h = PANEL_H - PAD_T - PAD_B
    step = inner_w / max(n_slots, 1)
    bar_w = max(step * 0.7, 2)
    spend = sum(r.total_spend for r in rows)
    se = sum(r.social_economy_spend for r in rows)
    ident = "trend-" + "".join(c if c.isalnum() else "-" for c in city.lower())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="panel" id="{escape(ident)}" '
        f'viewBox="0 0 {PANEL_W} {PANEL_H}" width="{PANEL_W}" height="{PANEL_H}" role="img" '
        f'aria-label="{escape(city)}: social economy share of contract spend per year">',
        f'<text class="city" x="{PAD_L}" y="14">{escape(city)}</text>',
        f'<text class="sub" x="{PAD_L}" y="27">{share(se / spend if spend else 0)} of '
        f"{money(spend, cents=False)}</text>",
    ]
    base = PAD_T + inner_h
    for frac in (0, 0.5, 1):
        y = round(base - frac * inner_h, 1)
        parts.append(
            f'<line class="grid" x1="{PAD_L}" x2="{PANEL_W - PAD_R}" y1="{y}" y2="{y}"/>'
            f'<text class="axis" x="{PAD_L - 4}" y="{y + 3}" text-anchor="end">'
            f"{share(top * frac, 0 if top * frac * 100 >= 1 or frac == 0 else 1)}</text>"
        )
    columns = [(y, by_year.get(y)) for y in slots]
    if undated_any:
        columns += [("gap", None), (None, by_year.get(None))]
    for i, (year, row) in enumerate(columns):
        if year == "gap":
            continue
        x = round(PAD_L + i * step + (step - bar_w) / 2, 1)
        label = "undated" if year is None else str(year)
        if row is not None and row.contracts:
            value = row.social_economy_spend / row.total_spend if row.total_spend else 0.0
            h = round(min(value / top, 1) * inner_h, 1)
            cls = "bar undated" if year is None else "bar"
            parts.append(
                f'<rect class="{cls}" x="{x}" y="{round(base - h, 1)}" width="{round(bar_w, 1)}" '
                f'height="{h}" data-chart="share-per-year" data-city="{escape(city)}" '
                f'data-year="{label}" data-value="{round(value, 6)}"><title>{escape(city)} '
                f"{label}: {share(value)} of {money(row.total_spend)} "
                f"({row.contracts} contracts)</title></rect>"
            )
            if value > 0:
                parts.append(
                    f'<text class="value" x="{round(x + bar_w / 2, 1)}" '
                    f'y="{round(base - h - 3, 1)}" text-anchor="middle">{share(value, 0)}</text>'
                )
            # a tick under every year with contracts: a zero share is data, not a gap
            parts.append(
                f'<rect class="tick{" undated" if year is None else ""}" x="{x}" '
                f'y="{base + 1}" width="{round(bar_w, 1)}" height="3"/>'
            )
        if year is None or (isinstance(year, int) and (year - slots[0]) % 5 == 0):
            parts.append(
                f'<text class="axis" x="{round(x + bar_w / 2, 1)}" y="{PANEL_H - 6}" '
                f'text-anchor="middle">{"n.d." if year is None else year}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
