"""Readings of a supplier name as good as its exact match tie with it (esq.contracts.namesakes)."""

from __future__ import annotations

import pytest

from esq.contracts.name_score import Candidate
from esq.contracts.namesakes import widen


def _same_name(known: dict[str, str]):
    return lambda name, ref: known.get(ref) == name


@pytest.mark.parametrize(
    ("name", "others", "known", "expected"),
    [
        # a trade name leaving out its kind: the ressourcerie ties with the co-op whose key it is
        ("Arc-en-ciel de la Seigneurie", [("R", 0.8, "ressourcerie arc en ciel de la seigneurie")],
         {}, {"E": 1.0, "R": 1.0}),
        # … unless the name says its kind (« Coop »): a leading word is then another body
        ("Coop Arc-en-ciel de la Seigneurie",
         [("R", 0.8, "ressourcerie arc en ciel de la seigneurie")], {}, {"E": 1.0, "R": 0.8}),
        # articles only: « des Deux Rives » reads « les deux rives » as well
        ("Arc-en-ciel de la Seigneurie", [("D", 0.975, "arc en ciel des seigneurie")], {},
         {"E": 1.0, "D": 1.0}),
        # the exact match bears the name word for word: nothing to widen
        ("Arc-en-ciel de la Seigneurie", [("R", 0.8, "ressourcerie arc en ciel de la seigneurie")],
         {"E": "Arc-en-ciel de la Seigneurie"}, {"E": 1.0, "R": 0.8}),
        # another name altogether stays where it is
        ("Arc-en-ciel de la Seigneurie", [("X", 0.8, "arc en ciel du littoral")], {},
         {"E": 1.0, "X": 0.8}),
    ],
)  # fmt: skip
def test_widen(name, others, known, expected) -> None:
    key = "arc en ciel de la seigneurie"
    found = [Candidate("E", 1.0, key, key)] + [Candidate(r, s, key, k) for r, s, k in others]
    got = widen(name, found, _same_name(known))
    assert {c.ref: c.score for c in got} == expected
    assert [c.score for c in got] == sorted((c.score for c in got), reverse=True)
