"""Canadian postal codes (A1A 1A1)."""

from __future__ import annotations

import re

from esq.normalise.text import clean_text, text_cache

# Canada Post never uses D F I O Q U; W and Z never start a code.
_POSTAL = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])(\d[ABCEGHJ-NPRSTV-Z]\d)$")
_SEPARATORS = re.compile(r"[\s\-.]+")


@text_cache  # pure; a register repeats its values over ~800 000 rows
def postal_code(value: object) -> str | None:
    """Return a Canadian postal code as "A1A 1A1", or None when `value` is not one.

    Case, spaces, hyphens and dots are tolerated ("g9a5k8", "G9A-5K8", "G9A  5K8").
    Codes with letters Canada Post does not use (D F I O Q U anywhere, W or Z first) give None.
    """
    text = clean_text(value)
    if text is None:
        return None
    compact = _SEPARATORS.sub("", text.upper())
    match = _POSTAL.match(compact)
    if match is None:
        return None
    return f"{match.group(1)} {match.group(2)}"


def is_quebec_postal_code(code: str | None) -> bool:
    """True when `code` is a valid postal code whose first letter is Québec's (G, H or J)."""
    normalised = postal_code(code)
    return normalised is not None and normalised[0] in "GHJ"


def fsa(value: object) -> str | None:
    """Forward sortation area: the first three characters of a valid postal code."""
    normalised = postal_code(value)
    return normalised[:3] if normalised else None
