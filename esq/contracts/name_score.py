"""Score a supplier name against a reference of organisation names. Pure; no I/O.

Names are compared through :func:`esq.normalise.names.name_key` (accents, case, punctuation,
Saint/St, trailing legal forms and family words folded away), on a few *variants* of each name,
because suppliers decorate their names in SEAO: "WSP Canada Inc. (Ouest-du-Québec - Montréal)",
"Les Consultants S.M. inc. Montréal", "LVM, une division d'EnGlobe Corp.". The variants are the
whole name, the name without parenthesised text, the words before a legal form found mid-name,
and both sides of "X, (une) division de Y".

The score of two keys is 1.0 when equal, else the mean of an IDF-weighted token Jaccard (rare
words such as "abbotsford" weigh more than "pepiniere" or "construction") and a character
similarity (difflib ratio, for typos and joined words). Candidates are found by blocking: the
reference keys equal to a supplier key, and those sharing one of its *rare* words (a word in at
most ``BLOCK_CAP`` reference keys). Common words ("services", "construction", a big town) only
weigh in the ranking of those candidates: walking their postings lists made each supplier cost
time in proportion to the register (n^1.6 overall, issue 13), and a pair sharing only common
words is refused by the name guard anyway (not only generic words shared). The cost per
supplier is bounded by its words times ``BLOCK_CAP``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from esq.normalise.names import name_key, normalise_name
from esq.normalise.text import fold

_PARENS = re.compile(r"\([^)]*\)?")
_DIVISION = re.compile(
    r"^(?P<left>.+?),?\s+(?:une\s+)?division\s+(?:de|d'|du|des)\s*(?P<right>.+)$"
)
_MID_SUFFIX = re.compile(
    r"^(?P<head>.+?\b(?:inc|ltee|limitee|ltd|corp|s\.?e\.?n\.?c|senc)\b\.?)\s+\S"
)
MAX_CANDIDATES = 25
#: A word in more reference keys than this is not a blocking key (see the module docstring).
BLOCK_CAP = 100

#: Whether a supplier key may be the reference key (with the reference name's family word).
Accept = Callable[[str, str, str | None], bool]


def name_variants(name: str | None) -> set[str]:
    """The comparison keys of a name's variants (see the module docstring); empty if none."""
    if not name:
        return set()
    texts = {name, _PARENS.sub(" ", name)}
    for text in list(texts):
        folded = fold(text).replace("\u2019", "'")
        division = _DIVISION.match(folded)
        if division:
            texts |= {division.group("left"), division.group("right")}
        mid = _MID_SUFFIX.match(folded)
        if mid:
            texts.add(mid.group("head"))
    return {k for k in (name_key(t) for t in texts) if k}


def name_family(name: str | None) -> str | None:
    """The family word of a name (« coopérative », « cpe », « fondation »…), or None."""
    parts = normalise_name(name)
    return parts.family if parts else None


@dataclass(frozen=True)
class Candidate:
    """A reference entry and how well a supplier name matched it."""

    ref: str
    score: float
    supplier_key: str
    reference_key: str
    reference_family: str | None = None


class NameIndex:
    """Reference names (ref id, name) indexed by key words, with word weights (IDF)."""

    def __init__(self, pairs: Iterable[tuple[str, str | None]]):
        self.keys: list[tuple[str, str]] = []
        self.families: dict[tuple[str, str], str | None] = {}
        for ref, name in pairs:
            for key in sorted(name_variants(name)):
                if (ref, key) not in self.families:
                    self.families[(ref, key)] = name_family(name)
                    self.keys.append((ref, key))
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        refs_by_word: dict[str, set[str]] = defaultdict(set)
        for i, (ref, key) in enumerate(self.keys):
            self.by_key[key].append(i)
            for word in set(key.split()):
                self.postings[word].append(i)
                refs_by_word[word].add(ref)
        n = max(len({ref for ref, _ in self.keys}), 1)
        self.idf = {w: math.log(1 + n / len(refs)) for w, refs in refs_by_word.items()}
        self.max_idf = math.log(1 + n)

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.max_idf)

    def _shared_weight(self, words: list[str], key: str) -> float:
        mine = set(key.split())
        return sum(self.weight(w) for w in words if w in mine)

    def similarity(self, a: str, b: str) -> float:
        """1.0 for equal keys, else mean of weighted token Jaccard and character ratio."""
        if a == b:
            return 1.0
        wa, wb = set(a.split()), set(b.split())
        union = sum(self.weight(w) for w in wa | wb)
        jaccard = sum(self.weight(w) for w in wa & wb) / union if union else 0.0
        return round((jaccard + SequenceMatcher(None, a, b).ratio()) / 2, 4)

    def candidates(self, name: str | None, accept: Accept | None = None) -> list[Candidate]:
        """Best candidate per reference id, highest score first (ties by ref id); pairs of keys
        that ``accept`` (supplier key, reference key, reference family) refuses are skipped."""
        best: dict[str, Candidate] = {}
        for skey in sorted(name_variants(name)):
            words = list(set(skey.split()))
            pool = set(self.by_key.get(skey, ()))
            for word in words:
                posting = self.postings.get(word, ())
                if len(posting) <= BLOCK_CAP:
                    pool.update(posting)
            # Weight of the words each candidate shares (common words count here).
            shared = {i: self._shared_weight(words, self.keys[i][1]) for i in pool}
            top = heapq.nsmallest(MAX_CANDIDATES, shared, key=lambda i: (-shared[i], i))
            for i in top:
                ref, rkey = self.keys[i]
                family = self.families[(ref, rkey)]
                if accept is not None and not accept(skey, rkey, family):
                    continue
                score = self.similarity(skey, rkey)
                if ref not in best or score > best[ref].score:
                    best[ref] = Candidate(ref, score, skey, rkey, family)
        return sorted(best.values(), key=lambda c: (-c.score, c.ref))
