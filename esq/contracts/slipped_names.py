"""A supplier name that is an enterprise's name but for one slip making a word no name has.

The name scores weigh a short word's slip heavily (« Café Friperie Saint-Joseph du Sd » for
« … du Sud »: « sd » is one letter from « sud », but a third of it) and leave such a name in the
review band. When the supplier's whole name, legal form aside, is one letter (dropped, added,
replaced or swapped) from one of the enterprise's names, and the words it has that the
enterprise's name lacks are in no enterprise's name at all, the slip made no other name: the
linker takes the enterprise (:meth:`esq.contracts.supplier_link.SupplierLinker.link_one`).
« Coop Le Pic » against « Coop Le Pin » stays in review: « pic » is a word of names. Hard
worlds v6 (small seeds 1–5, medium, large), relinked: 1 row linked, right (seed 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from esq.contracts.kind_typos import one_edit
from esq.contracts.supplier_evidence import TYPO_LENGTH, plain


def slipped(name: object, names: Iterable[str], words: Mapping[str, int]) -> bool:
    """``name`` is one of ``names`` (plain names) but for one slip, and the words the slip made
    are in no name (``words``: per plain word, how many enterprises' names hold it)."""
    mine = plain(name)
    if len(mine) < TYPO_LENGTH:
        return False
    for theirs in names:
        if mine != theirs and one_edit(mine, theirs):
            made = set(mine.split()) - set(theirs.split())
            if made and all(words.get(w, 0) == 0 for w in made):
                return True
    return False
