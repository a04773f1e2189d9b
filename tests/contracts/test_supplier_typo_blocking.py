"""A supplier's misspelt word that a hub misspelt too (« tournsol » in one listing's name) still
blocks on the word it misspells (esq/contracts/name_score_sql.py, ``TYPO_DF``)."""

from __future__ import annotations

import pytest

import esq.contracts.name_score_sql as name_score_sql
from esq.contracts.name_score import NameIndex

REFERENCE = [
    ("T1", "Coopérative de solidarité Le Tournesol de la Traverse"),
    ("T2", "Centre de la petite enfance Le Tournesol de la Traverse"),
    ("T3", "Théâtre Le Tournesol de la Traverse"),
    ("L1", "Le Tournsol du Lac"),  # a hub's typo: « tournsol » is a known word, once
    ("Z1", "Boulangerie Zéphyrin"),
]


@pytest.mark.parametrize(
    ("supplier", "best", "score"),
    [
        # the misspelt word is known only from the hub's typo: the name blocks on its two
        # rarest words, read through the typo, and finds the Traverse namesakes
        ("LE TOURNSOL DE LA TRAVERSE", {"T1", "T2"}, 0.9),
        # a word rare because it is a name's own still finds that name, word for word
        ("BOULANGERIE ZEPHYRIN", {"Z1"}, 1.0),
    ],
)
def test_typo_known_from_a_hub_still_blocks(
    monkeypatch: pytest.MonkeyPatch, supplier: str, best: set[str], score: float
) -> None:
    # the worlds' common words (« tournesol », « traverse ») are in more names than BLOCK_CAP
    monkeypatch.setattr(name_score_sql, "BLOCK_CAP", 1)
    found = NameIndex(REFERENCE).candidates(supplier)
    top = [c for c in found if c.score == found[0].score]
    assert {c.ref for c in top} == best
    assert top[0].score >= score
