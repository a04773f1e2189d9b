"""Variants of a listing's name that hubs write for a registered name.

**A town at the end.**
« Festival de la galette de sarrasin de Louiseville » is listed (at another address) where the
register says « FESTIVAL DE LA GALETTE DE SARRASIN » in Louiseville: a town's name at the end
of a listing's name says where, not who. Each listing whose name ends with the name of a
municipality of the data (any record's town) gets one more rule row without it, so the name
rules (same name in the town, the core name unique in the region's register) can match it. A
name that would keep fewer than two identifying words gets none (« Coop de Saint-Tite » is a
kind and a place, not a name).

**A division.** « Atelier Chocolaté, une division de l'Atelier des Vieilles Forges » is run by
the registered « Atelier des Vieilles Forges »: the operator's name after « (une) division de »,
« un service de », « un projet de » gets a row (the gold set's `division` listings).

**A leading abbreviation.** « CAB X » is « Centre d'action bénévole (de) X », « Tourisme X » is
« Corporation touristique (de) X » (issue 12): the listing gets a row with the words written
out. Listings only: there are few, and the register's names are the reference.
"""

from __future__ import annotations

import re

import pandas as pd

from esq.entities.compat import STOPWORDS, identity_words
from esq.normalise.places import place_key

_MAX_TOWN_WORDS = 5
#: « X, une division de Y » and the like in a folded name key: Y is the operator.
_OPERATOR = re.compile(r"\b(?:une |un )?(?:division|service|projet|initiative) (?:de|du|des|d) ")
#: Leading words of a listing's name key and how the register writes them out.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "cab": ("centre d action benevole", "centre d action benevole de"),
    "tourisme": ("corporation touristique", "corporation touristique de"),
}


def _without_town(name_key: object, towns: frozenset[str], lasts: frozenset[str]) -> str | None:
    """``name_key`` without the town's name it ends with (``lasts``: the towns' last words)."""
    if not isinstance(name_key, str):
        return None
    words = name_key.split()
    if not words or words[-1] not in lasts:  # no town's name ends with its last word
        return None
    for n in range(min(_MAX_TOWN_WORDS, len(words) - 1), 0, -1):
        if " ".join(words[-n:]) in towns:
            kept = words[:-n]
            # the « de », « du »… that introduced the town goes too
            while kept and kept[-1] in STOPWORDS:
                kept.pop()
            return " ".join(kept) if len(identity_words(" ".join(kept))) >= 2 else None
    return None


def town_stripped_rows(rows: pd.DataFrame, every: pd.DataFrame | None = None) -> pd.DataFrame:
    """Listing rows whose name ends with a town's name, with the town left out; the towns are
    those of ``every`` row (default: ``rows``; a caller passing only its listings' rows as
    ``rows`` spares a pass over the register)."""
    every = rows if every is None else every
    listed = rows[rows.source_role != "register"]
    if listed.empty or "municipality" not in every:
        return rows.iloc[0:0]
    towns = frozenset(place_key(m) for m in every.municipality.unique() if isinstance(m, str))
    lasts = frozenset(t.split(" ")[-1] for t in towns)
    out = listed.assign(name_key=[_without_town(k, towns, lasts) for k in listed.name_key])
    return out[out.name_key.notna()]


def abbreviation_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Listing rows whose name starts with a known abbreviation, with the words written out."""
    listed = rows[rows.source_role != "register"]
    if listed.empty:
        return rows.iloc[0:0]
    first = listed.name_key.str.split(" ", n=1).str[0]
    frames = []
    for short, longs in ABBREVIATIONS.items():
        hit = listed[(first == short) & listed.name_key.str.contains(" ", regex=False)]
        rest = hit.name_key.str.split(" ", n=1).str[1]
        frames += [hit.assign(name_key=long_ + " " + rest) for long_ in longs]
    return pd.concat(frames, ignore_index=True) if frames else rows.iloc[0:0]


def operator_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Listing rows named as a division or service of another organisation, with its name."""
    listed = rows[rows.source_role != "register"]
    if listed.empty:
        return rows.iloc[0:0]
    operators = [
        # the division's own name comes first: « Service de garde X » names no operator
        parts[1] if len(parts := _OPERATOR.split(k, maxsplit=1)) == 2 and parts[0] else None
        for k in listed.name_key
    ]
    out = listed.assign(name_key=operators)
    named = out.name_key.map(lambda k: isinstance(k, str) and len(identity_words(k)) >= 2)
    return out[named.astype(bool)]
