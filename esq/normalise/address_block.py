"""Free-text address blocks ("12, rue X<br>Trois-Rivières (Québec)&nbsp; G9A 1A1") split into
street line, unit, municipality and postal code.

The postal code is found by its pattern at the end; "(Québec)", "Québec", "QC" and "Canada" are
dropped; the municipality is the longest tail of words the MAMH répertoire recognises (given the
postal code, so homonyms are settled), else the last comma-separated part. Whatever precedes it is
the street line, read by :func:`esq.normalise.address.address`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from esq.normalise.address import address
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.postal import postal_code
from esq.normalise.text import clean_text

_POSTAL_TAIL = re.compile(r"[\s,]*\b([A-Za-z]\d[A-Za-z])[\s-]?(\d[A-Za-z]\d)\s*$")
_PROVINCE_TAIL = re.compile(
    r"[\s,]*(?:\(\s*(?:qu[ée]bec|qc)\s*\)|\bqu[ée]bec\b|\bqc\b|\bcanada\b)[\s,.]*$", re.IGNORECASE
)
#: A town name is rarely longer than this many words ("Saint-Jean-de-la-Lande" is one word).
MAX_TOWN_WORDS = 5


@dataclass(frozen=True)
class AddressBlock:
    """The parts of an address block; None when absent or not recognised."""

    street: str | None
    unit: str | None
    municipality: str | None
    postal_code: str | None


def _strip_tails(text: str) -> tuple[str, str | None]:
    """The text without its postal code and province markers (which may come in any order)."""
    code = None
    for _ in range(3):
        before = text
        match = _POSTAL_TAIL.search(text)
        if match and code is None:
            code = postal_code(match.group(1) + match.group(2))
            if code:
                text = text[: match.start()]
        text = _PROVINCE_TAIL.sub("", text)
        if text == before:
            break
    return text.strip(" ,;-"), code


def _town_tail(text: str, code: str | None, index: MunicipalityIndex) -> tuple[str, str] | None:
    """(street part, town) where the longest resolvable tail of words is a town."""
    words = text.replace(",", " , ").split()
    for size in range(min(MAX_TOWN_WORDS, len(words)), 0, -1):
        tail = [w for w in words[-size:] if w != ","]
        if not tail or words[-size] == ",":
            continue
        head = " ".join(words[:-size]).replace(" , ", ", ").strip(" ,")
        if head and not any(ch.isdigit() for ch in head):
            continue  # a street line has a civic number: "Saint-Denis Montréal" is no town
        if index.resolve(" ".join(tail), postal_code=code) is not None:
            return head.rstrip(" ,") or "", " ".join(tail)
    return None


def split_block(value: object, index: MunicipalityIndex | None = None) -> AddressBlock | None:
    """Split an address block (see module doc); None when ``value`` is empty."""
    text = clean_text(value)
    if text is None:
        return None
    rest, code = _strip_tails(text)
    town = None
    found = _town_tail(rest, code, index) if index is not None else None
    if found is not None:
        rest, town = found
    elif "," in rest:
        head, _, last = rest.rpartition(",")
        if last.strip() and not any(ch.isdigit() for ch in last):
            rest, town = head, last.strip()
    parsed = address(rest.strip(" ,"))
    street = parsed.line if parsed else None
    return AddressBlock(street, parsed.unit if parsed else None, town, code)


def looks_like_block(value: object) -> bool:
    """True when a value ends with a postal code or a province marker: more than a street."""
    text = clean_text(value)
    if text is None:
        return False
    return bool(_POSTAL_TAIL.search(text) or _PROVINCE_TAIL.search(text))
