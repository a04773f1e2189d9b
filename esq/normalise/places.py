"""Comparison keys for place names ("Trois-Rivières (Québec)", "ST-TITE QC", "Ville de Laval")."""

from __future__ import annotations

import re

from esq.normalise.text import clean_text, expand_saints, tokens

_PROVINCE = re.compile(
    r"\(\s*(?:qu[eé]bec|qc|p\.?\s?q\.?)\s*\)|[,\s]+(?:qu[eé]bec|qc|p\.?q\.?)$", re.I
)
_PARENTHESES = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")
# Designations that precede a name in buyer names and addresses ("Ville de Gatineau.").
_DESIGNATION = re.compile(
    r"^(?:ville|municipalit[eé]|paroisse|canton|village|cit[eé]|municipalit[eé] de paroisse)"
    r"\s+(?:de\s+|d'|du\s+|des\s+|de la\s+)",
    re.I,
)


def place_key(text: str) -> str:
    """Folded words of a place name joined by spaces, with St/Ste expanded to Saint/Sainte."""
    return " ".join(expand_saints(tokens(text)))


def place_variants(value: object) -> list[str]:
    """Keys to try, most specific first: the whole value without the province, then the parts
    outside and inside parentheses, then comma-separated parts, then without a designation."""
    text = clean_text(value)
    if text is None:
        return []
    text = text.strip(" .,;")
    previous = None
    while previous != text:  # "Trois-Rivières, Québec (Québec)" has the province twice.
        previous, text = text, _PROVINCE.sub("", text).strip(" .,;")
    forms = [text]
    match = _PARENTHESES.match(text)
    if match:
        forms += [f"{match.group(1)} {match.group(3)}", match.group(2)]
    forms += [part for form in list(forms) for part in form.split(",")]
    forms += [_DESIGNATION.sub("", form) for form in list(forms)]
    keys: list[str] = []
    for form in forms:
        key = place_key(form)
        if key and key not in keys:
            keys.append(key)
    return keys
