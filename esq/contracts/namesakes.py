"""Enterprises a supplier name reads as well as its exact match: the tie widened before evidence.

A name key folds the kind of body (« Coopérative d'habitation », « CPE ») and keeps the words of
other kinds (« Ressourcerie », « Café », « Théâtre »); the scorer ranks an equal key (1.0) ahead
of names differing in their articles (≤ 0.975) or by a leading word (0.8). When the supplier's
name is not word for word one of the exact match's names, that order says nothing: the trade
name « Arc-en-ciel de la Seigneurie » is as much the « Ressourcerie Arc-en-ciel de la
Seigneurie » as the « Coopérative d'habitation Arc-en-ciel de la Seigneurie » its key equals,
and « Coop Les Deux Rives des Saules » as much the « Coopérative de solidarité des Deux Rives
des Saules » as the co-op whose trade name has « Les ». :func:`widen` puts those readings level
with the exact match, so the evidence of :mod:`esq.contracts.supplier_evidence` (the supplier's
town, the buyer's, a name word for word…) chooses, or a person does (``supplier_review``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from esq.contracts.name_score import Candidate
from esq.contracts.name_variants import core, name_family

#: A reading scoring below this is not raised (the linker's review threshold).
FLOOR = 0.75


def leading_word_added(short_key: str, long_key: str) -> bool:
    """``long_key`` is ``short_key`` with one more word in front (a kind of body, « cafe »)."""
    short, long = short_key.split(), long_key.split()
    return len(short) >= 2 and len(long) == len(short) + 1 and long[1:] == short


def reads_as(best: Candidate, other: Candidate, kind_stated: bool) -> bool:
    """``other`` reads the supplier's name as well as the exact match ``best``: the same words
    but for articles, or — the name stating no kind — the same with a leading kind word."""
    if core(other.reference_key) == core(best.supplier_key):
        return True
    return not kind_stated and leading_word_added(best.supplier_key, other.reference_key)


def widen(
    name: str | None, candidates: list[Candidate], same_name: Callable[[str | None, str], bool]
) -> list[Candidate]:
    """``candidates`` (best first) with the readings as good as an exact match raised to 1.0,
    when the best is an equal key but not one of its enterprise's names word for word
    (``same_name(name, enterprise_id)``), or when one of several equal keys is not: the name
    is then already read as more than one enterprise's (« Les Moulins »: « CPE des Moulins »
    as well as « Les Moulins »), and its other readings are as good; otherwise unchanged."""
    same = [same_name(name, c.ref) for c in candidates if c.score == 1.0]
    if not same or all(same):
        return candidates
    # a name word for word one enterprise's is not read with a kind word added (« Notre-Dame »
    # is not « Café Notre-Dame » when an enterprise is named « Notre-Dame »)
    best, no_kind_added = candidates[0], name_family(name) is not None or any(same)
    raised = [
        replace(c, score=1.0) if FLOOR <= c.score < 1.0 and reads_as(best, c, no_kind_added) else c
        for c in candidates
    ]
    return sorted(raised, key=lambda c: (-c.score, c.ref))


#: A reading this close (the same words but for articles, a typo) may take the town's side.
NEAR = 0.95


def local_reading(candidates: list[Candidate], local: Callable[[str], bool]) -> list[Candidate]:
    """``candidates`` (best first) with the close readings (score ≥ ``NEAR``) of enterprises in
    the supplier's own town (``local(enterprise_id)``) raised level with the exact matches,
    when none of those is in that town: « CPE des Bois-Francs des Érablières » from
    Sainte-Perpétue is the CPE of Sainte-Perpétue registered « … de Érablières » rather than
    its namesake of Blainville; the town then breaks the tie."""
    exact = [c for c in candidates if c.score == 1.0]
    if not exact or any(local(c.ref) for c in exact):
        return candidates
    raised = [replace(c, score=1.0) if NEAR <= c.score < 1.0 and local(c.ref) else c
              for c in candidates]  # fmt: skip
    return sorted(raised, key=lambda c: (-c.score, c.ref))
