"""A cut name the row's place completes: « COMPTOIR ALIMENTAIRE DE SAINT- » from
St-Nazaire-de-Dorchester is the one « Comptoir alimentaire de Saint-Nazaire-de-Dorchester ».

Finance systems keep 30 to 40 characters of a name. The linker links a cut name that begins one
enterprise's name only (:mod:`esq.contracts.cut_names`, which says when a name is cut: inside a
word, or after a word no name ends with; never after a legal form; never when the whole name is
an enterprise's). When several names begin with it, the names tie; as for any tie, the row's
postal code or town breaks it when exactly one of them is there
(:func:`esq.matching.ties.break_tie`). The enterprises' names are those the linker reads
(``SupplierLinker.cut.names``), searched by prefix in one sorted list.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping

from esq.contracts.cut_names import MIN_LENGTH
from esq.contracts.name_score import cut_short, ends_whole
from esq.contracts.supplier_evidence import plain


class CutLookup:
    """Every enterprise name (id → plain names), sorted for prefix search."""

    def __init__(self, names: Mapping[str, frozenset[str]]):
        pairs = sorted((p, e) for e, plains in names.items() for p in plains)
        self.keys = [p for p, _ in pairs]
        self.ids = [e for _, e in pairs]

    def begun(self, name: str | None) -> list[str]:
        """The enterprises one of whose names begins with the cut ``name`` (none when the name
        was not cut, or is some enterprise's whole name)."""
        if not isinstance(name, str) or ends_whole(name):
            return []
        short, dangling = plain(name), cut_short(name)
        if len(short) < MIN_LENGTH:
            return []
        found: list[str] = []
        i = bisect_left(self.keys, short)
        while i < len(self.keys) and self.keys[i].startswith(short):
            full = self.keys[i]
            if len(full) == len(short):
                return []  # a whole name: not cut
            if dangling or full[len(short)] != " ":
                found.append(self.ids[i])
            i += 1
        return sorted(set(found))
