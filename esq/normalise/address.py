"""Street addresses as Québec sources write them: civic number, street, unit, PO box."""

from __future__ import annotations

import re
from dataclasses import dataclass

from esq.normalise.text import clean_text, text_cache, tokens

_PO_BOX = re.compile(
    r"[,\s]*\b(?:c\.?\s?p\.?|case\s+postale|p\.?\s?o\.?\s+box|b\.?\s?p\.?)"
    r"\s*[:-]?\s*#?\s*(\d[\d ]*\d|\d)\b"
    r"(?:[,\s]*\bsucc(?:ursale|\.)?\s*[^,]*)?",
    re.IGNORECASE,
)
_UNIT = re.compile(
    r"[,\s]*\b(?:app(?:artement)?|apt|bureau|bur|suite|local|unit[ée]?|porte)\b\.?\s*:?\s*#?\s*"
    r"([0-9]+[A-Za-z]?|[A-Za-z][0-9]*)\b|[,\s]*#\s*([0-9]+[A-Za-z]?)\b",
    re.IGNORECASE,
)
# Canada Post order "unit-civic": "100-190 rue X", "B100-2000 boul. Y", "1-306-1250 av. Z",
# "2e ét.-1300 rue W". The unit is one or two short words, possibly hyphenated.
_UNIT_CIVIC = re.compile(
    r"^#?\s*(?P<unit>[^\s,#-]+(?:[ .]+[^\s,-]+)?(?:-[A-Za-z0-9]+)*?)\s*-\s*"
    r"(?P<civic>\d+[A-Za-z]?)(?=[\s,]|$)[\s,]*(?P<rest>.*)$"
)
# "517-B rue X" is civic number 517B.
_CIVIC_DASH_LETTER = re.compile(
    r"^(?P<civic>\d+)-(?P<letter>[A-Za-z])(?=[\s,]|$)[\s,]*(?P<rest>.*)$"
)
# "12A rue X", "123 B rue X", "3351": a letter may follow the number.
_CIVIC = re.compile(
    r"^(?P<civic>\d+)(?:(?P<letter>[A-Za-z])|\s(?P<spaced>[A-D]))?(?=[\s,]|$)[\s,]*(?P<rest>.*)$"
)
_STREET_TYPES = re.compile(
    r"^(?:rue|avenue|av|ave|boulevard|boul|blvd|bd|chemin|ch|rang|rg|route|rte|place)\b\.?\s*"
    r"(?:nord|sud|est|ouest|[nseo]\.?)?$",
    re.IGNORECASE,
)
_STREET_WORDS = {
    "st": "saint",
    "ste": "sainte",
    "boul": "boulevard",
    "blvd": "boulevard",
    "bd": "boulevard",
    "av": "avenue",
    "ave": "avenue",
    "ch": "chemin",
    "chem": "chemin",
    "rte": "route",
    "rg": "rang",
    "mgr": "monseigneur",
    "mont": "montee",
    "mtee": "montee",
    "pl": "place",
    "n": "nord",
    "s": "sud",
    "e": "est",
    "o": "ouest",
}
# Too ambiguous anywhere else (an initial, « R.-Bourassa »): a street type only where the
# type is written, first (after a civic number or ordinal when one leads the text).
_LEADING_STREET_WORDS = {"r": "rue", "bl": "boulevard", "rt": "route"}
_ORDINAL = re.compile(r"^(\d+)(?:e|er|re|eme|ieme|iem|nd|rd|th|st)$")


@dataclass(frozen=True)
class Address:
    """`line` is the cleaned input; the parts are None when absent or not recognised."""

    line: str
    civic_number: str | None
    street: str | None
    unit: str | None
    po_box: str | None


def address(value: object) -> Address | None:
    """Split an address line into civic number, street, unit and PO box.

    Understands "190 RUE Bonaventure APP: 100 CP: 1281", "100-190 RUE Bonaventure",
    "911, rue Notre-Dame-Sud", "301 rue St-Jacques, bureau 201", "650, 4e avenue, bureau 7"
    and PO-box-only lines ("CP 368", "C.P. 128", "Case postale 128"). The street keeps its
    spelling; compare streets with `street_key`.
    """
    line = clean_text(value)
    if line is None:
        return None
    rest = line
    po_box = unit = None
    match = _PO_BOX.search(rest)
    if match:
        po_box = match.group(1).replace(" ", "")
        rest = rest[: match.start()] + rest[match.end() :]
    match = _UNIT.search(rest)
    if match:
        unit = match.group(1) or match.group(2)
        rest = rest[: match.start()] + rest[match.end() :]
    civic, unit_before, rest = _civic(rest.strip(" ,-"))
    unit = unit or unit_before
    street = rest.strip(" ,;-") or None
    return Address(line=line, civic_number=civic, street=street, unit=unit, po_box=po_box)


def _civic(text: str) -> tuple[str | None, str | None, str]:
    """(civic number, unit written before it, the rest) of an address without PO box/unit."""
    match = _CIVIC_DASH_LETTER.match(text)
    if match:
        return match["civic"] + match["letter"].upper(), None, match["rest"]
    match = _UNIT_CIVIC.match(text)
    if match:
        return match["civic"].upper(), match["unit"], match["rest"]
    match = _CIVIC.match(text)
    if match is None:
        return None, None, text
    letter = match["letter"] or match["spaced"] or ""
    # "4e avenue" / "4e Rue" is an ordinal street name, "33E rue du Pont" a civic number.
    if letter in "eE" and letter and _STREET_TYPES.match(match["rest"]):
        return None, None, text
    return match["civic"] + letter.upper(), None, match["rest"]


@text_cache  # pure; street names (without their civic numbers) repeat across a register
def street_key(street: str | None) -> str | None:
    """Comparison key of a street name: folded, abbreviations expanded (St -> saint,
    boul./bd -> boulevard, ch. -> chemin, av. -> avenue, rte -> route, rg -> rang, and r. ->
    rue where the street type stands), ordinals reduced ("4e" -> "4")."""
    text = clean_text(street)
    if text is None:
        return None
    words: list[str] = []
    for word in tokens(text):
        ordinal = _ORDINAL.match(word)
        if ordinal:
            words.append(ordinal.group(1))
        elif all(w.isdigit() for w in words) and word in _LEADING_STREET_WORDS:
            words.append(_LEADING_STREET_WORDS[word])
        else:
            words.append(_STREET_WORDS.get(word, word))
    # A key that reads as a missing marker ("NA") would not survive a second pass.
    return clean_text(" ".join(words))
