"""Trade names of the supplier's own town: a supplier whose town is known (SEAO's address), left
unlinked, in review or linked to an enterprise elsewhere, is the one enterprise of that town
named so after leading words, when there is exactly one.

« Le Trait d'union des Bois » of Longueuil is the « Coopérative funéraire Le Trait d'union des
Bois » of Longueuil (its key: « funeraire le trait d union des bois »), not the Montréal co-op
whose name, its kind folded by the key, it is word for word; « L'Atelier du Nord » of
Saint-Jean-sur-Richelieu, tied between six namesakes elsewhere, is the « Association chasse et
pêche L'Atelier du Nord » there. The name scores (module name_score_sql) keep each supplier's
best 25 pairs, and a name of common words may leave the enterprise of its own town out of
them; :class:`TownTradeNames` finds it by town and key, of the kind of body the supplier's
name says if it says one. Hard worlds v3, relinked (small seeds 1–5, medium, large): 10 rows:
9 now linked right (1 was wrong), 1 wrong link undone, none wrong. Tried and dropped: the buying
city instead of the supplier's own town (medium: 2 right, 5 wrong — Montréal holds too many « X »),
and the supplier's name with one more leading word (« Excavation Les Jardins » for « Les
Jardins »: some 70 wrong links per small world).
"""

from __future__ import annotations

from collections.abc import Iterable

from esq.contracts.supplier_evidence import town_key
from esq.normalise.names import name_key


class TownTradeNames:
    """Enterprises by (town, key less its first words) of each of their names."""

    def __init__(self, named: Iterable[tuple[str, str, object]]):
        """``named``: (enterprise id, name, town folded by :func:`town_key`) triples, one per
        name."""
        self.by_rest: dict[tuple[str, str], set[str]] = {}
        for ref, name, town in named:
            words = (name_key(name) or "").split()
            if isinstance(town, str) and town:
                for k in range(1, len(words) - 1):
                    self.by_rest.setdefault((town, " ".join(words[k:])), set()).add(ref)

    def find(self, name: object, localities: object) -> str | None:
        """The one enterprise of the supplier's towns (' | '-separated) named ``name``'s key
        after leading words, or None (none, or several)."""
        key = name_key(name) if isinstance(name, str) else None
        if not key or len(key.split()) < 2:
            return None
        towns = {t for t in map(town_key, str(localities or "").split(" | ")) if t}
        found = set().union(*(self.by_rest.get((t, key), set()) for t in towns))
        return next(iter(found)) if len(found) == 1 else None
