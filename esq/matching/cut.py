"""A cut name the row's place completes: « COMPTOIR ALIMENTAIRE DE SAINT- » from
St-Nazaire-de-Dorchester is the one « Comptoir alimentaire de Saint-Nazaire-de-Dorchester ».

Finance systems keep 30 to 40 characters of a name. The linker links a cut name that begins one
enterprise's name only (:class:`esq.contracts.cut_names.CutNames`, which says when a name is
cut and begins another: inside a word, or after a word no name ends with; never after a legal
form; keeping a rare word). When several of the names it scored begin with it, it leaves the
row; as for any tie, the row's postal code or town settles it when exactly one of them is there
(:func:`esq.matching.ties.break_tie`). This module only finds, by prefix in one sorted list of
every enterprise name the linker reads, the enterprises whose names begin with the cut name —
each one then checked by the linker's own rule (one implementation).
"""

from __future__ import annotations

from bisect import bisect_left

from esq.contracts.cut_names import CutNames
from esq.contracts.supplier_evidence import plain


class CutLookup:
    """Every enterprise name of the linker's :class:`CutNames`, sorted for prefix search."""

    def __init__(self, names: CutNames):
        self.names = names
        self.keys: list[str] = []
        self.ids: list[str] = []

    def _index(self) -> None:
        """Sort the names once, on the first cut name asked about (most lists have none)."""
        pairs = sorted((p, e) for e, plains in self.names.names.items() for p in plains)
        self.keys, self.ids = [p for p, _ in pairs], [e for _, e in pairs]

    def begun(self, name: str | None) -> list[str]:
        """The enterprises the cut ``name`` begins a name of, by the linker's rule (none when
        the name was not cut, or is some enterprise's whole name)."""
        short = plain(name) if isinstance(name, str) else ""
        if not short:
            return []
        if not self.keys:
            self._index()
        i, found = bisect_left(self.keys, short), set()
        while i < len(self.keys) and self.keys[i].startswith(short):
            if len(self.keys[i]) == len(short):
                return []  # a whole name: not cut
            found.add(self.ids[i])
            i += 1
        return sorted(e for e in found if self.names.begun(name, [e]))
