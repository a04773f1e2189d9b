"""A supplier named by its registration — a kind phrase, then the name its enterprise is listed by.

Hubs list « Centre d'action bénévole Le Sentier solidaire » as « Le Sentier solidaire », and
« Comptoir alimentaire du Fjord des Pionniers » as « Le Fjord des Pionniers »; buyers write the
registered name. When entity resolution left the registration apart, the supplier's name scores
low against the listed name (« centre action benevole » weighs as much as the name itself) and
nothing links. The reading here sets the supplier's leading words apart: the enterprise's name
(its words, stopwords aside) is the end of the supplier's, after two or three leading words — a
kind phrase, not a trade word: « Construction La Bonne Mine » is a company, and one leading word
is :func:`esq.contracts.link_decision.one_leading_word_apart`'s review-band reading. It links
only when the supplier's own town (SEAO's locality) is the enterprise's — a buying city is not
enough: on the large hard world it chose 1 right and 5 wrong, Montréal's « Maison des jeunes
La Clé des champs » taken for the « La Clé des champs » it lists —, the enterprise's names say
no other kind of body, its name is not only a town's, and exactly one enterprise reads so
(hard worlds v3, small seeds 1–5, medium and large: 2 rows linked, both right).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from esq.contracts.name_score import Candidate
from esq.contracts.name_variants import core
from esq.entities.compat import families_conflict

#: Words a kind phrase takes, stopwords aside (« centre action benevole », « comptoir
#: alimentaire », « societe habitation communautaire »).
LEADING = (2, 3)
#: Words the enterprise's own name keeps, stopwords aside: « Le Phare » alone is too common.
MIN_WORDS = 2


def phrase_apart(supplier_key: str, reference_key: str) -> bool:
    """The reference key's words end the supplier key's, after a kind phrase's worth of words."""
    mine, theirs = core(supplier_key).split(), core(reference_key).split()
    extra = len(mine) - len(theirs)
    return len(theirs) >= MIN_WORDS and LEADING[0] <= extra <= LEADING[1] and mine[extra:] == theirs


def kind_phrase_reading(
    found: Iterable[Candidate],
    family: str | None,
    kinds: Callable[[str], frozenset[str]],
    confirmed: Callable[[str], str | None],
) -> tuple[Candidate, str] | None:
    """The one candidate named by the supplier's name less its kind phrase, whose names say no
    kind other than the supplier's (``kinds``) and that the town confirms (``confirmed`` gives
    the evidence's name or None), with that name; None unless exactly one."""
    readings = []
    for c in found:
        if not phrase_apart(c.supplier_key, c.reference_key):
            continue
        theirs = kinds(c.ref)
        if theirs and (family is None or all(families_conflict(family, k) for k in theirs)):
            continue
        why = confirmed(c.ref)
        if why:
            readings.append((c, why))
    return readings[0] if len({c.ref for c, _ in readings}) == 1 else None
