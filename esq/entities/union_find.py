"""Union-find over record keys, refusing any union that would put two NEQs in one cluster."""

from __future__ import annotations


class ConstrainedUnionFind:
    """Disjoint sets where each set holds at most one distinct NEQ (a cannot-link rule)."""

    def __init__(self, neq_of: dict[str, str | None]):
        self.parent = {k: k for k in neq_of}
        self.neq = {k: v for k, v in neq_of.items()}

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def can_union(self, a: str, b: str) -> bool:
        na, nb = self.neq[self.find(a)], self.neq[self.find(b)]
        return na is None or nb is None or na == nb

    def union(self, a: str, b: str) -> bool:
        """Join the sets of a and b; False when they were joined already or must not be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.can_union(a, b):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.neq[ra] = self.neq[ra] or self.neq[rb]
        return True

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in sorted(self.parent):
            out.setdefault(self.find(key), []).append(key)
        return out
