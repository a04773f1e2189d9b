"""The comparison keys of a supplier name's variants, and its family word.

Names are compared through :func:`esq.normalise.names.name_key` (accents, case, punctuation,
Saint/St, trailing legal forms and family words folded away), on a few *variants* of each name,
because suppliers decorate their names in SEAO: "WSP Canada Inc. (Ouest-du-Québec - Montréal)",
"Les Consultants S.M. inc. Montréal", "LVM, une division d'EnGlobe Corp.". The variants are the
whole name, the name without parenthesised text, the words before a legal form found mid-name,
both sides of "X, (une) division de Y", a leading short form spelt out (« CAB X »: « Centre
d'action bénévole X »; « Tourisme X »: « Corporation touristique de X »), an article typed
with a letter doubled or dropped put right (« duu »: « du »), a letter typed across the space
before an article put back (« coccinell ede »: « coccinelle de »), a kind of body typed with a slip
put right (« Coopéative », :mod:`esq.contracts.kind_typos`; the name then has that family), and
a mutual's name less « prévention » (« Mutuelle de prévention des Moulins »: « des Moulins »,
the kind of body being two words long there).
"""

from __future__ import annotations

import re
from functools import lru_cache

from esq.contracts.kind_typos import corrected
from esq.entities.compat import STOPWORDS
from esq.normalise.names import normalise_name
from esq.normalise.text import fold

_PARENS = re.compile(r"\([^)]*\)?")
_DIVISION = re.compile(
    r"^(?P<left>.+?),?\s+(?:une\s+)?division\s+(?:de|d'|du|des)\s*(?P<right>.+)$"
)
_MID_SUFFIX = re.compile(
    r"^(?P<head>.+?\b(?:inc|ltee|limitee|ltd|corp|s\.?e\.?n\.?c|senc)\b\.?)\s+\S"
)
#: An article or « de » typed with a letter doubled or dropped (« l'Éclaircie duu Nord »,
#: « La Ruche es Bois »): such a word, unknown to every name, would weigh as the rarest word of
#: all; a variant puts it right.
_ARTICLE_SLIPS = {
    w[: i + 1] + w[i:]: w
    for w in ("de", "du", "des", "la", "le", "les", "et", "au", "aux")
    for i in range(len(w))
    if w[: i + 1] + w[i:] not in ("lee", "less", "dee")  # English words
} | {"es": "des", "ds": "des", "ls": "les", "ax": "aux"}  # … or a letter dropped
_SLIPPED = re.compile(r"\b(?:" + "|".join(sorted(_ARTICLE_SLIPS)) + r")\b", re.IGNORECASE)
#: A word's last letter typed after the space (« La Coccinell ede la Colline », « Comptoir
#: alimentair ede Sherbrooke », « Cooperativ ed'habitation »): the article after it, wearing the
#: letter, is no word; a variant moves the letter back.
_SPACE_SLIP = re.compile(r"\b([a-z]{3,})\s([a-z])((?:de|du|des|la|le|les)(?=\s|$)|[dl]')")
#: The family word of « Coopérative » alone: the words after it may still say which kind.
_BARE_COOP = "cooperative"
#: Short forms hubs and buyers put before a name, and what they stand for.
SHORT_FORMS = {
    "cab": "centre d'action bénévole",
    "mdj": "maison des jeunes",
    # « Tourisme Papineau », the trade name of « Corporation touristique de Papineau », as the
    # listings' name variants read it (esq/entities/name_variants.py)
    "tourisme": "corporation touristique de",
}
#: Names whose variants are kept: more than a large world's reference (~300 000 distinct names
#: at 20 000 listed / 2.5 M register): the index, the tie evidence (name families) and the
#: contracts table all ask for the same names, and a smaller cache recomputed every one of them.
VARIANT_CACHE = 1 << 20


_PREVENTION = "prevention "


@lru_cache(maxsize=VARIANT_CACHE)
def variants_and_family(name: str | None) -> tuple[tuple[str, ...], str | None]:
    """The comparison keys of a name's variants (sorted) and the whole name's family word."""
    if not name:
        return (), None
    whole = normalise_name(name)
    keys = {whole.key} if whole else set()
    family = whole.family if whole else None
    texts = {_PARENS.sub(" ", name)} if "(" in name else set()
    folded_name = fold(name).replace("\u2019", "'")
    # A kind of body typed with a slip (module kind_typos); « Coopérative » typed right and
    # « de soldiarité » not leaves the bare family word, and the slip in the key.
    slip = corrected(folded_name) if family in (None, _BARE_COOP) else None
    slipped = normalise_name(slip) if slip else None
    if slipped and slipped.family and slipped.family != family:
        keys.add(slipped.key)
        family = slipped.family
    for text in [name, *texts]:
        folded = folded_name if text is name else fold(text).replace("\u2019", "'")
        division = _DIVISION.match(folded) if "division" in folded else None
        if division:
            texts |= {division.group("left"), division.group("right")}
        mid = _MID_SUFFIX.match(folded)
        if mid:
            texts.add(mid.group("head"))
        first, _, rest = folded.partition(" ")
        if first in SHORT_FORMS and rest:
            texts.add(f"{SHORT_FORMS[first]} {rest}")
        if _SLIPPED.search(folded):
            texts.add(_SLIPPED.sub(lambda m: _ARTICLE_SLIPS[m.group(0).lower()], folded))
        if _SPACE_SLIP.search(folded):
            texts.add(_SPACE_SLIP.sub(r"\1\2 \3", folded))
    for text in texts - {name}:
        parts = normalise_name(text)
        if parts:
            keys.add(parts.key)
    if family == "mutuelle":  # « Mutuelle de prévention X »: the kind of body is two words long
        keys |= {k.removeprefix(_PREVENTION) for k in keys if k.startswith(_PREVENTION)}
    return tuple(sorted(keys)), family


def name_variants(name: str | None) -> set[str]:
    """The comparison keys of a name's variants (see the module docstring); empty if none."""
    return set(variants_and_family(name)[0])


def name_family(name: str | None) -> str | None:
    """The family word of a name (« coopérative », « cpe », « fondation »…), or None."""
    return variants_and_family(name)[1]


def tail(text: str) -> str:
    """``text`` less its first word."""
    return " ".join(text.split()[1:])


def core(key: str) -> str:
    """A key without its stopwords: what the character similarity compares."""
    return " ".join(w for w in key.split() if w not in STOPWORDS)
