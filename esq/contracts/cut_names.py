"""Names a buyer's system cut at a fixed width, found whole at the start of an enterprise's name.

ERPs and SEAO keep 30 to 40 characters of a supplier name: « COOPERATIVE DE TRAVAIL LA BONN »
for « Coopérative de travail La Bonne Mine ». The word scores of
:mod:`esq.contracts.name_score` credit the cut last word, but a long name keeps few of its
words, and the more words it lost the lower it scores. :class:`CutNames` says which enterprises
have a name (:func:`esq.contracts.supplier_evidence.plain`) that *begins with the whole cut
name* — when only one does —, the cut falling inside a word (or after a word no name ends
with, « … de la »). A name ending with a legal form was not cut; a whole name found at the
start of a longer one is not a cut name either (« Coop Le Phare » is not « Coop Le Phare des
Monts »). The cut name must keep an identifying word — one that at most ``RARE_SHARE`` of
the names hold, or cut from one — else « SOCIETE D'HABITATION COMMUNAUT » would begin every
such society's name. When the name scoring leaves the one it begins out of the candidates, or
several enterprises' names begin with it, :meth:`CutNames.begun_anywhere` looks among all the
names: one enterprise beginning so — or only one of the supplier's own town (SEAO's address)
— is the supplier (large hard world v6: 1 row right, none wrong; a buying city is not used:
cut « COOPERATIVE DE SOLIDARITE LE F » begins 8 names of Montréal's).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from esq.contracts.name_ends import cut_short, ends_whole
from esq.contracts.supplier_evidence import plain
from esq.entities.compat import STOPWORDS

#: A cut name this short (folded) says too little to be matched by its start.
MIN_LENGTH = 20
#: A word in more than this share of the enterprises' names does not identify one.
RARE_SHARE = 0.01
#: The score a cut name gets against the names it begins: linked when it begins one only.
CUT_SCORE = 0.95


class CutNames:
    """The enterprises' names (id → plain names) and how many enterprises hold each word."""

    def __init__(self, names: Mapping[str, frozenset[str]]):
        self.names = names
        self.df: Counter[str] = Counter()
        for plains in names.values():
            self.df.update({w for p in plains for w in p.split()})
        self.rare_cap = max(2, int(RARE_SHARE * len(names)))
        # every name, sorted, for the names a cut one begins among all the enterprises'
        self.ordered = sorted((p, ref) for ref, plains in names.items() for p in plains)
        self.keys = [p for p, _ in self.ordered]

    def begun(self, name: str | None, ids: Iterable[str]) -> set[str]:
        """The enterprise of ``ids`` one of whose names begins with the cut ``name``, when
        only one does (several: the cut left too little to choose, the scores decide)."""
        if not isinstance(name, str) or ends_whole(name):
            return set()
        short = plain(name)
        dangling = cut_short(name)
        if len(short) < MIN_LENGTH:
            return set()
        found = set()
        for ref in ids:
            for full in self.names.get(ref, ()):
                if not full.startswith(short) or len(full) <= len(short):
                    continue
                inside_word = full[len(short)] != " "
                if (inside_word or dangling) and self._identifies(full, len(short)):
                    found.add(ref)
                    break
        return found if len(found) == 1 else set()

    def begun_anywhere(self, name: str | None, here: Callable[[str], bool]) -> dict[str, str]:
        """The enterprise (id → the name it begins) of all the enterprises one of whose names
        begins with the cut ``name``, when only one does — or, when several do, only one in
        the supplier's own town (``here``: SEAO's address, evidence that tells the towns'
        namesakes apart): the name scoring found too few of its words to be among the
        candidates (« MAISON DES JEUNES LE PHENIX CA »), or several begin with it."""
        if not isinstance(name, str) or ends_whole(name):
            return {}
        short = plain(name)
        if len(short) < MIN_LENGTH:
            return {}
        # every enterprise a name of which begins so competes, even when that name would not
        # be taken for the cut one (« … LA M » is « La Maison… » as much as « La Marmite… »)
        found: dict[str, str] = {}
        at = bisect_left(self.keys, short)
        while at < len(self.keys) and self.keys[at].startswith(short):
            full, ref = self.ordered[at]
            at += 1
            if len(full) == len(short):
                return {}  # the whole name of an enterprise: not cut
            found.setdefault(ref, full)
        if len(found) > 1:
            found = {ref: full for ref, full in found.items() if here(ref)}
        if len(found) != 1:
            return {}
        full = next(iter(found.values()))
        inside_word = full[len(short)] != " "
        if (inside_word or cut_short(name)) and self._identifies(full, len(short)):
            return found
        return {}

    def _identifies(self, full: str, kept: int) -> bool:
        """The words of ``full`` the cut name keeps (the cut one whole) include a rare one."""
        end = full.find(" ", kept)
        words = full[: end if end > 0 else len(full)].split()
        return any(w not in STOPWORDS and self.df[w] <= self.rare_cap for w in words)
