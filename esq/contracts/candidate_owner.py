"""The social economy enterprise a candidate registration stands for, when entity resolution left
them apart: a supplier linked to the candidate is linked to that enterprise instead.

A candidate (an unlisted active non-profit, DESIGN §3) whose names end with the name of a listed
enterprise of its own town that has no registration (no NEQ) of its own is that enterprise's
registration under its full name: « Maison des jeunes Le Fil d'Ariane » (NEQ 2243690171,
Gatineau) and the listed « Le Fil d'Ariane » of Gatineau, « Centre de la petite enfance de
Saint-Georges » and the listed « CPE Saint-Georges ». Compared on the names' core words (the
key's words, stopwords and the kinds it folds aside); both names must say the same kind of body
or none (« Fondation Les Bâtisseurs » is not « Centre de la petite enfance Les Bâtisseurs »), a
name that is only its town's must say it, and exactly one enterprise of the town may answer. The
supplier's NEQ or name chose the candidate; the enterprise without a NEQ is the only one it can
be, entity resolution having had no NEQ to join them on.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from esq.contracts.name_variants import name_family
from esq.contracts.reference import split_names
from esq.contracts.supplier_evidence import column, core_words, town_key
from esq.entities.compat import place_words


def _names(row: pd.Series) -> list[str]:
    return [n for n in [row["name"], *split_names(row.get("other_names"))] if isinstance(n, str)]


def _ends_with(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    return 0 < len(short) <= len(long) and long[len(long) - len(short) :] == short


def _answers(candidate: list[str], enterprise: list[str], town: str) -> bool:
    """One of the candidate's names ends with one of the enterprise's (core words), both saying
    the same kind of body or none; a name that is only the town's must say one."""
    places = place_words(town) if town else frozenset()
    for c in candidate:
        c_words, c_kind = core_words(c), name_family(c)
        for e in enterprise:
            e_words, e_kind = core_words(e), name_family(e)
            if not _ends_with(c_words, e_words):
                continue
            if c_kind != e_kind or (set(e_words) <= places and not c_kind):
                continue
            return True
    return False


def candidate_owners(candidates: Iterable[str], reference: pd.DataFrame) -> dict[str, str]:
    """For these candidate ids, the one listed enterprise of ``reference`` (enterprise_id,
    name, other_names, neq, municipality, social_economy_basis) each stands for (module
    docstring); candidates without one are left out."""
    candidates = list(candidates)
    if not candidates or "municipality" not in reference:
        return {}
    ref = reference.set_index("enterprise_id", drop=False)
    towns = ref.municipality.map(town_key)
    neq = column(reference, "neq").set_axis(ref.index)
    without_neq = neq.isna() | (neq.astype(str).str.strip() == "")
    listed = ref.social_economy_basis.ne("candidate") & without_neq
    # enterprises by town and the last core word of each of their names: a candidate's name
    # must end with that word
    by_end: dict[tuple[str, str], set[str]] = {}
    for e in ref.index[listed & towns.notna()]:
        for n in _names(ref.loc[e]):
            if words := core_words(n):
                by_end.setdefault((towns[e], words[-1]), set()).add(e)
    owners = {}
    for c in dict.fromkeys(candidates):
        if c not in ref.index or not isinstance(towns[c], str):
            continue
        mine, town = _names(ref.loc[c]), towns[c]
        near = set().union(*(by_end.get((town, w[-1]), set()) for w in map(core_words, mine) if w))
        found = [e for e in sorted(near) if _answers(mine, _names(ref.loc[e]), town)]
        if len(found) == 1:
            owners[c] = found[0]
    return owners
