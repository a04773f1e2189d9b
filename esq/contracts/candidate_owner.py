"""The social economy enterprise a candidate registration stands for, when entity resolution left
them apart and a supplier row joins them: a supplier linked to the candidate is linked to that
enterprise instead.

A row that publishes a candidate's NEQ (an unlisted active non-profit, DESIGN §3) under the
name of a listed enterprise of the candidate's own town — an enterprise without a NEQ of its
own, whose name the candidate's names end with, the only one so — says that the candidate is
that enterprise's registration under its full name: « Le Fil d'Ariane inc. » with the NEQ of
« Maison des jeunes Le Fil d'Ariane » (Gatineau), listed as « Le Fil d'Ariane » in Gatineau.
Names are compared on their core words (the key's words, stopwords and the kinds it folds
aside); the enterprise's name must keep two core words at least, not only its town's, and
differ from the candidate's (a namesake in town bearing the very same name may be another
body), both saying the same kind of body or none. Every link to the candidate then goes to
the enterprise.

A row may also publish the candidate's NEQ under the candidate's very name when that is the name
of a listed enterprise, in its town or elsewhere (its registered office in another town than the
site the hubs list): :func:`namesake_owners` then joins them when the listed enterprise has no
NEQ of its own and no other enterprise, listed or not, bears that name — two bodies of one name
are then the one body entity resolution left in two. Names are compared on their core words, a
qualifier in brackets aside and the kind phrase in either form
(:mod:`esq.contracts.kind_short_forms`); a name of a town's words only must say a kind of body
(« CDC de Saint-Julien »). Hard worlds v6 (small seeds 1–5, medium, large), relinked: 10 rows
linked, all right.

Hard worlds v3 (small seeds 1–5, medium, large), relinked: 3 NEQ rows join, 4 rows linked,
all right (134 k$ of Gatineau's 276 k$ on seed 1). Tried and dropped: any link to a candidate so
named, without the row's NEQ and name (large world: 6 rows right, 7 wrong — « Transport adapté
du Coteau » is a body of its own beside the listed « Le Coteau »), NEQ links alone (9 right, 2
wrong), and a name that is only the town's (« Stoneham-et-Tewkesbury inc.»: 1 wrong, and the
town's CPE of seed 3 right).
"""

from __future__ import annotations

import re

import pandas as pd

from esq.contracts.kind_short_forms import other_form
from esq.contracts.name_variants import name_family
from esq.contracts.reference import split_names
from esq.contracts.supplier_evidence import column, core_words, plain, town_key
from esq.entities.compat import place_words

_PARENS = re.compile(r"\([^)]*\)?")


def _names(row: pd.Series) -> list[str]:
    return [n for n in [row["name"], *split_names(row.get("other_names"))] if isinstance(n, str)]


def _answers(candidate: list[str], enterprise: list[str]) -> bool:
    """One of the candidate's names ends with one of the enterprise's (core words, two at
    least, not all of the candidate's), both saying the same kind of body or none."""
    for c in candidate:
        c_words, c_kind = core_words(c), name_family(c)
        for e in enterprise:
            e_words = core_words(e)
            if len(e_words) < 2 or len(e_words) >= len(c_words) or c_kind != name_family(e):
                continue
            if c_words[len(c_words) - len(e_words) :] == e_words:
                return True
    return False


def candidate_owners(joined: pd.DataFrame, reference: pd.DataFrame) -> dict[str, str]:
    """Candidate id → the listed enterprise of ``reference`` (enterprise_id, name, other_names,
    neq, municipality, social_economy_basis) it stands for, from the rows ``joined``
    (candidate: the candidate a supplier's NEQ chose, supplier_name: the name published with
    it): the module docstring's rule."""
    if joined.empty or "municipality" not in reference:
        return {}
    ref = reference.set_index("enterprise_id", drop=False)
    towns = ref.municipality.map(town_key)
    neq = column(reference, "neq").set_axis(ref.index)
    without_neq = neq.isna() | (neq.astype(str).str.strip() == "")
    listed = ref.social_economy_basis.ne("candidate") & without_neq
    # enterprises by town and the core words of each of their names
    by_name: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    kept = ref[listed & towns.notna()]  # read a column at a time, not a row lookup each
    for e, town, n, others in zip(
        kept.index, towns[kept.index], kept.name, column(kept, "other_names"), strict=True
    ):
        for name in [n, *split_names(others)]:
            if isinstance(name, str):
                by_name.setdefault((town, core_words(name)), set()).add(e)
    owners: dict[str, str] = {}
    for c, name in zip(joined.candidate, joined.supplier_name, strict=True):
        if c not in ref.index or not isinstance(towns[c], str) or not isinstance(name, str):
            continue
        words = core_words(name)
        if set(words) <= place_words(towns[c]):  # « Stoneham-et-Tewkesbury » names a town
            continue
        named = by_name.get((towns[c], words), set())
        found = [e for e in sorted(named) if _answers(_names(ref.loc[c]), _names(ref.loc[e]))]
        if len(found) == 1 and owners.get(c, found[0]) == found[0]:
            owners[c] = found[0]
    rest = joined[~joined.candidate.isin(list(owners))]
    return {**namesake_owners(rest, reference, listed & ~ref.index.isin(list(owners))), **owners}


def _keys(name: str) -> set[tuple[tuple[str, ...], str | None]]:
    """A name's (core words, family word) as :func:`namesake_owners` compares them: a qualifier
    in brackets aside (« … (entreprise d'insertion) »), and its kind phrase in either form
    (« Comptoir X », « Comptoir alimentaire X »: :mod:`esq.contracts.kind_short_forms`)."""
    bare = _PARENS.sub(" ", name)
    other = other_form(bare)
    return {(core_words(n), name_family(n)) for n in (bare, other) if n} - {((), None)}


def _bearers(reference: pd.DataFrame, words: set[tuple[str, ...]]) -> dict[tuple, set[str]]:
    """Per key (:func:`_keys`) whose core words are among ``words``, the enterprises of
    ``reference`` one of whose names has it (« Coop X » is not « CPE X »)."""
    last = {w[-1] for w in words}
    bearers: dict[tuple, set[str]] = {}
    for e, n, others in zip(
        reference.enterprise_id, reference.name, column(reference, "other_names"), strict=True
    ):
        for name in [n, *split_names(others)]:
            if not isinstance(name, str) or not last & set(plain(name).split()):
                continue  # most names share no last word: no key to compute
            for key in _keys(name):
                if key[0] in words:
                    bearers.setdefault(key, set()).add(e)
    return bearers


def namesake_owners(
    joined: pd.DataFrame, reference: pd.DataFrame, listed: pd.Series
) -> dict[str, str]:
    """Candidate id → the listed enterprise without a NEQ (``listed``, by enterprise id) that
    bears the candidate's name, the name the row published with the candidate's NEQ, when
    those two are the only enterprises of ``reference`` bearing it (module docstring). A name
    of a town's words only must say a kind of body (« CDC de Saint-Julien »)."""
    ref = reference.set_index("enterprise_id", drop=False)
    asked: dict[str, tuple] = {}
    for c, name in zip(joined.candidate, joined.supplier_name, strict=True):
        if c not in ref.index or not isinstance(name, str):
            continue
        towns = place_words(ref.at[c, "municipality"])
        for key in _keys(name) & _keys(ref.at[c, "name"]):
            words, family = key
            if len(words) >= 2 and (family is not None or not set(words) <= towns):
                asked[c] = key
    if not asked:
        return {}
    bearers = _bearers(reference, {w for w, _ in asked.values()})
    owners: dict[str, str] = {}
    for c, key in asked.items():
        others = bearers.get(key, set()) - {c}
        if len(others) == 1 and c in bearers.get(key, set()):
            (e,) = others
            town = place_words(ref.at[e, "municipality"])
            if listed.get(e, False) and (key[1] is not None or not set(key[0]) <= town):
                owners[c] = e
    return owners
