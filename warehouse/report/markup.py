"""HTML building blocks of the report page: escaped markup, a table, a bar, a headline tile.
Values are escaped here unless they are :class:`Markup`."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from esq.numbers import count


def table_cell(value: Any, numeric: bool = False) -> str:
    """One ``<td>``: a number in en-CA, None as a dash, text escaped (:class:`Markup` as is)."""
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


def html_table(
    ident: str, header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Sequence[int] = ()
) -> str:
    """A table (id ``ident``); the columns at positions ``numeric`` are right-aligned."""
    head = "".join(
        f"<th{' class=n' if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(header)
    )
    body = "\n".join(
        "<tr>" + "".join(table_cell(v, i in numeric) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f'<table id="{ident}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def bar(value: float, top: float, chart: str, label: str, text: str) -> Markup:
    """A horizontal bar ``value / top`` wide, then ``text``; chart, label and value are kept as
    data attributes."""
    width = 0 if not top else round(100 * value / top, 1)
    return Markup(
        f'<span class="hbar"><span class="fill" style="width:{width}%" data-chart="{chart}" '
        f'data-label="{escape(label)}" data-value="{value}"></span></span>'
        f'<span class="hval">{escape(text)}</span>'
    )


def tile(ident: str, figure: str, label: str) -> str:
    """A headline figure (id ``ident``) over its label."""
    return (
        f'<div class="tile"><div class="figure" id="{ident}">{escape(figure)}</div>'
        f'<div class="label">{escape(label)}</div></div>'
    )
