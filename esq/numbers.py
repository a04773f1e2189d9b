"""One way to write numbers for people, everywhere esq shows them (terminal, run report).

esq writes English Canadian (en-CA) figures: a comma between thousands, a point before the
decimals, ``$`` before money (``$1,090,747.80``), shares with one decimal (``2.5%``). Data files
(Parquet, CSV exports) keep raw values; only what a person reads goes through here.
"""

from __future__ import annotations

from typing import Any


def count(value: Any) -> str:
    """``1,234``; an empty string for a missing value."""
    if value is None or value != value:  # None or NaN
        return ""
    return f"{round(float(value)):,}"


def money(value: Any, cents: bool = True) -> str:
    """``$1,234.50`` (``$1,235`` without cents); negative amounts as ``-$12.00``."""
    if value is None or value != value:
        return ""
    amount = float(value)
    text = f"{abs(amount):,.2f}" if cents else f"{abs(round(amount)):,.0f}"
    return f"{'-' if amount < 0 else ''}${text}"


def share(value: Any, digits: int = 1) -> str:
    """``2.5%`` for 0.025; ``<0.1%`` for a share too small to show but not zero; an empty
    string for a missing value."""
    if value is None or value != value:
        return ""
    smallest = 10.0**-digits
    if 0 < float(value) * 100 < smallest:
        return f"<{smallest:.{digits}f}%"
    return f"{float(value) * 100:,.{digits}f}%"


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """``1 enterprise``, ``2 enterprises``, ``1,204 pairs`` (count formatted)."""
    word = singular if n == 1 else (plural_form or singular + "s")
    return f"{count(n)} {word}"


def age(seconds: float | None) -> str:
    """A fetch age for people: ``12 min``, ``5 h``, ``3 d``; empty when unknown."""
    if seconds is None or seconds != seconds:
        return ""
    if seconds < 3600:
        return f"{max(seconds, 0) / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:,.0f} d"
