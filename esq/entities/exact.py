"""Deterministic links: records that share an NEQ, or a name key in the same municipality."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from esq.entities.ids import member_key
from esq.entities.union_find import ConstrainedUnionFind


@dataclass(frozen=True)
class Link:
    """Why two records are one enterprise."""

    left: str
    right: str
    rule: str
    score: float | None
    agreeing_fields: str


#: Blocking keys of the deterministic rules, most specific first.
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("same_neq", ("neq",)),
    ("same_name_municipality", ("name_key", "municipality_code")),
    ("same_name_raw_municipality", ("name_key", "municipality_raw")),
)


def link_exact(listings: pd.DataFrame) -> tuple[dict[str, list[str]], list[Link]]:
    """Cluster listings by the deterministic rules; return clusters and the links made."""
    keys = [member_key(s, r) for s, r in zip(listings.source_id, listings.record_key, strict=True)]
    frame = listings.assign(member=keys)
    neqs = {
        m: (n if isinstance(n, str) else None) for m, n in zip(frame.member, frame.neq, strict=True)
    }
    uf = ConstrainedUnionFind(neqs)
    links: list[Link] = []
    for rule, cols in RULES:
        usable = frame.dropna(subset=list(cols)).sort_values("member")
        for _, group in usable.groupby(list(cols), sort=True):
            members = list(group.member)
            for other in members[1:]:
                if uf.union(members[0], other):
                    links.append(Link(members[0], other, rule, None, ",".join(cols)))
    return uf.clusters(), links
