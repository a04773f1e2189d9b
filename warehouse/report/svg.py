"""Horizontal bar charts as inline SVG (no script, no external asset)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

ROW = 22
LABEL_WIDTH = 260
BAR_WIDTH = 360


def bar_chart(
    ident: str,
    title: str,
    bars: Sequence[tuple[str, float]],
    value_text: Sequence[str] | None = None,
) -> str:
    """An SVG with one labelled bar per (label, value), scaled to the largest value."""
    texts = list(value_text) if value_text else [f"{v:,.0f}" for _, v in bars]
    top = max((v for _, v in bars), default=0) or 1
    height = ROW * len(bars) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="chart" role="img" '
        f'aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, ((label, value), text) in enumerate(zip(bars, texts, strict=True)):
        y = 4 + i * ROW
        w = round(BAR_WIDTH * value / top, 1)
        parts += [
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{escape(label)}</text>',
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{w}" height="{ROW - 6}" '
            f'data-chart="{ident}" data-label="{escape(label)}" data-value="{value}"></rect>',
            f'<text class="value" x="{LABEL_WIDTH + w + 6}" y="{y + 15}">{escape(text)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
