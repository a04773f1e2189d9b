"""A supplier name that is an enterprise's name but for one slip making a word no name has.

The name scores weigh a short word's slip heavily (« Café Friperie Saint-Joseph du Sd » for
« … du Sud »: « sd » is one letter from « sud », but a third of it) and leave such a name in the
review band. When the supplier's whole name, legal form aside, is one letter (dropped, added,
replaced or swapped) from one of the enterprise's names, and the words it has that the
enterprise's name lacks are in no enterprise's name at all, the slip made no other name: the
linker takes the enterprise (:meth:`esq.contracts.supplier_link.SupplierLinker.link_one`).
« Coop Le Pic » against « Coop Le Pin » stays in review: « pic » is a word of names. Hard
worlds v6 (small seeds 1–5, medium, large), relinked: 1 row linked, right (seed 5).

A slip in a rare word often leaves the name below the review band, its enterprise not even
among the scored candidates (« Coopérative d'habitation La Fnotaine du Bûcheron »).
:class:`SlipIndex` looks for it among all the names: the supplier's name with its one word no
name has put right by one slip (the names' words one letter apart, from an index of the
words less one letter) that is one enterprise's name word for word. A name left unlinked
links when exactly one enterprise is found so, by either reading. Hard worlds v6 relinked,
row by row: large 6 rows more linked (recall .9485 → .9507), medium 3 (.9690 → .9726), seed
5 one (.9670 → .9780), none wrongly; the supplier's own register standing decides as before
(two rows went to a candidate, a non-social-economy registration, named so).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence

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


#: A word shorter than this is not put right: one letter from it are too many other words.
SLIP_WORD = 4


class SlipIndex:
    """Every enterprise name (plain), to find those a supplier's name is but for one slip in
    one word that is in no name: the scores weigh a slip in a rare word so heavily that such a
    name (« Coopérative d'habitation La Fnotaine du Bûcheron ») is often not even among its
    enterprise's candidates. The words one slip apart come from an index of the names' words
    less one letter, built at the first call (most suppliers never need it)."""

    def __init__(
        self, ordered: Sequence[tuple[str, str]], keys: Sequence[str], words: Mapping[str, int]
    ):
        # ``ordered`` and its names ``keys`` are :class:`esq.contracts.cut_names.CutNames`'
        # (sorted once for both: hundreds of thousands of names on a register-sized run)
        self.ordered, self.keys, self.words = ordered, keys, words
        self._near: dict[str, list[str]] | None = None

    def _less_one(self) -> dict[str, list[str]]:
        if self._near is None:
            self._near = {}
            for word in self.words:
                if len(word) >= SLIP_WORD - 1 and word.isalpha():
                    for key in _shortened(word):
                        self._near.setdefault(key, []).append(word)
        return self._near

    def neighbours(self, word: str) -> set[str]:
        """The names' words one letter (dropped, added, replaced or swapped) from ``word``."""
        near = self._less_one()
        found = {w for key in _shortened(word) for w in near.get(key, ())}
        return {w for w in found if w != word and one_edit(word, w)}

    def refs(self, name: object) -> set[str]:
        """The enterprises one of whose names is ``name`` with its one word that no name has
        put right by one slip; empty unless exactly one such word of ``SLIP_WORD`` letters."""
        mine = plain(name)
        words = mine.split()
        unknown = [i for i, w in enumerate(words) if self.words.get(w, 0) == 0]
        if len(mine) < TYPO_LENGTH or len(unknown) != 1:
            return set()
        i = unknown[0]
        if len(words[i]) < SLIP_WORD or not words[i].isalpha():
            return set()
        found: set[str] = set()
        for right in self.neighbours(words[i]):
            fixed = " ".join([*words[:i], right, *words[i + 1 :]])
            at = bisect_left(self.keys, fixed)
            while at < len(self.keys) and self.keys[at] == fixed:
                found.add(self.ordered[at][1])
                at += 1
        return found


def _shortened(word: str) -> set[str]:
    """``word`` and the word less each one of its letters."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
