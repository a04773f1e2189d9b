"""Union-find over record keys with cannot-link constraints checked at every union."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple


class Facts(NamedTuple):
    """What a record brings to a cluster that another cluster may contradict (a named tuple:
    one per touched record, 135 000 at 50 000 listings × 3 M register names, and a frozen
    dataclass was five times slower to make)."""

    neq: str | None = None
    province: str | None = None
    register: bool = False
    family: str | None = None
    #: Legal-form class a source states (``compat.form_class``): a co-operative, a mutual and a
    #: non-profit are three bodies, whatever their names share.
    form: str | None = None


_EMPTY: frozenset = frozenset()


@dataclass(slots=True)
class _Root:
    neqs: frozenset[str]
    provinces: frozenset[str]
    registers: int
    families: frozenset[str] = frozenset()
    forms: frozenset[str] = frozenset()
    # Reviewed no_match pairs: pair i puts +i on one record and -i on the other; a set holding
    # both signs of one pair joins records a reviewer said are different.
    apart: frozenset[int] = frozenset()


def _apart_clash(a: frozenset[int], b: frozenset[int]) -> bool:
    return bool(a and b) and any(-x in b for x in a)


def _families_clash(families: frozenset[str]) -> bool:
    """Two kinds of body (a CPE and a foundation); a family and its longer form are one."""
    if len(families) < 2:
        return False
    ordered = sorted(families)
    return any(
        not (b.startswith(a) or a.startswith(b))
        for i, a in enumerate(ordered)
        for b in ordered[i + 1 :]
    )


def _more_than_one(a: frozenset, b: frozenset) -> bool:
    """``len(a | b) > 1`` without building the union (asked for every edge)."""
    if not a or not b:
        return len(a or b) > 1
    return a != b or len(a) > 1


def _conflict(ra: _Root, rb: _Root) -> str | None:
    """Why two sets (their roots' facts) must stay apart, or None."""
    if _more_than_one(ra.neqs, rb.neqs):
        return "two_neqs"
    if _more_than_one(ra.provinces, rb.provinces):
        return "two_provinces"
    if ra.registers + rb.registers > 1:
        return "two_register_records"
    fa, fb = ra.families, rb.families
    if _families_clash(fa | fb if fa and fb and fa != fb else fa or fb):
        return "two_families"
    if _more_than_one(ra.forms, rb.forms):
        return "two_legal_forms"
    if _apart_clash(ra.apart, rb.apart):
        return "reviewed_no_match"
    return None


class ConstrainedUnionFind:
    """Disjoint sets holding at most one NEQ, province, register record and legal-form class,
    no two kinds of body (family words that are not variants of each other), and never both
    records of a pair in ``apart`` (reviewed no_match), whatever chain of unions would join
    them."""

    def __init__(
        self,
        facts: Mapping[str, Facts | str | None],
        apart: Iterable[tuple[str, str]] = (),
    ):
        self.parent = {k: k for k in facts}
        self.root: dict[str, _Root] = {}
        signs: dict[str, set[int]] = {}
        for i, (a, b) in enumerate(sorted(apart), start=1):
            if a in self.parent and b in self.parent and a != b:
                signs.setdefault(a, set()).add(i)
                signs.setdefault(b, set()).add(-i)
        # One frozenset per distinct value, shared by the records holding it (tens of
        # thousands of records, a few provinces, families and forms).
        ones: dict[object, frozenset] = {None: _EMPTY}
        for key, fact in facts.items():
            # A bare NEQ (or None) is accepted for the simple NEQ-only use.
            f = fact if isinstance(fact, Facts) else Facts(neq=fact)
            sets = []
            for value in (f.neq, f.province, f.family, f.form):
                one = ones.get(value)
                if one is None:
                    one = ones[value] = frozenset((value,))
                sets.append(one)
            sign = signs.get(key)
            self.root[key] = _Root(
                sets[0],
                sets[1],
                int(f.register),
                sets[2],
                sets[3],
                frozenset(sign) if sign else _EMPTY,
            )

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def conflict(self, a: str, b: str) -> str | None:
        """Why the sets of a and b must stay apart, or None."""
        return _conflict(self.root[self.find(a)], self.root[self.find(b)])

    def join(self, a: str, b: str) -> str | bool:
        """``conflict`` then ``union`` in one pass: the reason the sets must stay apart, else
        whether they were joined (False: one set already)."""
        ra, rb = self.find(a), self.find(b)
        reason = _conflict(self.root[ra], self.root[rb])
        if reason is not None:
            return reason
        if ra == rb:
            return False
        self._link(ra, rb)
        return True

    def can_union(self, a: str, b: str) -> bool:
        return self.conflict(a, b) is None

    def union(self, a: str, b: str) -> bool:
        """Join the sets of a and b; False when they were joined already or must not be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.conflict(a, b) is not None:
            return False
        self._link(ra, rb)
        return True

    def _link(self, ra: str, rb: str) -> None:
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        x, y = self.root[ra], self.root.pop(rb)
        self.root[ra] = _Root(
            x.neqs | y.neqs,
            x.provinces | y.provinces,
            x.registers + y.registers,
            x.families | y.families,
            x.forms | y.forms,
            x.apart | y.apart,
        )

    def clusters(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for key in sorted(self.parent):
            out.setdefault(self.find(key), []).append(key)
        return out
