"""Buyer names → (city, unit) for the eight cities of the mission.

SEAO buyer names are typed by each organisation and carry noise: trailing dots and spaces
("Ville de Gatineau.", "Ville de Longueuil ."), double spaces ("Ville de Montréal -  Service de
la culture"), units after " - " or " / " ("Ville de Montréal / SITE - Direction des
infrastructures"). A buyer counts as one of the eight cities only when its name starts with
"Ville de <city>" followed by a word boundary that is not a hyphen, so that Montréal-Est,
Montréal-Ouest (separate municipalities) and Lavaltrie never match Montréal or Laval.
Anything else keeps ``city=None`` and its raw name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# folded spelling -> canonical name; folded = accents removed, lower case, "st-" spelled out
CITIES: dict[str, str] = {
    "montreal": "Montréal",
    "gatineau": "Gatineau",
    "laval": "Laval",
    "levis": "Lévis",
    "longueuil": "Longueuil",
    "quebec": "Québec",
    "sherbrooke": "Sherbrooke",
    "saint-jean-sur-richelieu": "Saint-Jean-sur-Richelieu",
    "st-jean-sur-richelieu": "Saint-Jean-sur-Richelieu",
}

_CITY_ALT = "|".join(re.escape(k) for k in sorted(CITIES, key=len, reverse=True))
# The city must be followed by the end, a space, a dash or punctuation, but not a hyphen
# (compound names use hyphens; en and em dashes are separators).
_PATTERN = re.compile(rf"^(?:la\s+)?ville\s+de\s+(?P<city>{_CITY_ALT})(?=$|[\s./,(:–—])")
_UNIT_EDGES = " \t-/–—.:,"


@dataclass(frozen=True)
class Buyer:
    """A buyer name split into one of the eight cities (or None) and a unit."""

    city: str | None
    unit: str | None
    raw: str


def _fold(text: str) -> str:
    """Lower case without accents, one character per input character (indexes stay valid)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base[0] if base else ch)
    return "".join(out)


@lru_cache(maxsize=4096)  # a file names a few hundred buyers thousands of times
def normalise_buyer(name: str | None) -> Buyer:
    """Split a published buyer name into (city, unit); non-city buyers keep city None."""
    raw = name or ""
    text = " ".join(raw.split())
    match = _PATTERN.match(_fold(text))
    if not match:
        return Buyer(city=None, unit=None, raw=raw)
    city = CITIES[match.group("city")]
    unit = " ".join(text[match.end() :].strip(_UNIT_EDGES).split()) or None
    return Buyer(city=city, unit=unit, raw=raw)
