"""Trade names of the supplier's own town: a name linked to an enterprise elsewhere is, when
the supplier's town holds exactly one enterprise named so after a leading word, that one.

« Le Trait d'union des Bois » of Longueuil is the « Coopérative funéraire Le Trait d'union des
Bois » of Longueuil (its key: « funeraire le trait d union des bois »), not the Montréal co-op
whose name, its kind folded by the key, it is word for word. The name scores (module
name_score_sql) keep each supplier's best 25 pairs, and a name of common words may leave the
enterprise of its own town out of them; :class:`TownTradeNames` finds it by town and key. The
leading word apart is the review band's trade name rule (:mod:`esq.contracts.link_decision`),
confirmed by the supplier's own town (SEAO's address), which the enterprise chosen elsewhere
does not have.
"""

from __future__ import annotations

from collections.abc import Iterable

from esq.contracts.supplier_evidence import town_key
from esq.normalise.names import name_key


class TownTradeNames:
    """Enterprises by (town, key less its first word) of each of their names."""

    def __init__(self, named: Iterable[tuple[str, str, object]]):
        """``named``: (enterprise id, name, town folded by :func:`town_key`) triples, one per
        name."""
        self.by_rest: dict[tuple[str, str], set[str]] = {}
        for ref, name, town in named:
            words = (name_key(name) or "").split()
            if isinstance(town, str) and town and len(words) >= 3:
                self.by_rest.setdefault((town, " ".join(words[1:])), set()).add(ref)

    def find(self, name: object, localities: object) -> str | None:
        """The one enterprise of the supplier's towns (' | '-separated) named ``name``'s key
        after a leading word, or None."""
        key = name_key(name) if isinstance(name, str) else None
        if not key or len(key.split()) < 2:
            return None
        towns = {t for t in map(town_key, str(localities or "").split(" | ")) if t}
        found = set().union(*(self.by_rest.get((t, key), set()) for t in towns))
        return next(iter(found)) if len(found) == 1 else None
