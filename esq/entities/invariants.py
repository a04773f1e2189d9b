"""Invariants checked on every run: one NEQ per cluster, every merge explained by links."""

from __future__ import annotations

import pandas as pd

from esq.entities.union_find import ConstrainedUnionFind


class InvariantError(RuntimeError):
    """The clustering broke a rule it must never break."""


def check_invariants(listings: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """Count violations; raise when any cluster has two NEQs or an unexplained merge.

    ``listings`` carries ``member``, ``enterprise_id``, ``neq``, ``neq_status`` and
    ``source_role``; ``links`` has ``left_record``/``right_record``.
    """
    trusted = listings[
        listings.neq.notna()
        & ((listings.source_role == "register") | (listings.neq_status == "valid"))
    ]
    two_neqs = int((trusted.groupby("enterprise_id").neq.nunique() > 1).sum())
    registers = listings[listings.source_role == "register"].groupby("enterprise_id").size()
    uf = ConstrainedUnionFind(dict.fromkeys(listings.member))
    for a, b in zip(links.left_record, links.right_record, strict=True):
        uf.union(a, b)
    unexplained = 0
    for _, group in listings.groupby("enterprise_id"):
        if len({uf.find(m) for m in group.member}) > 1:
            unexplained += 1
    found = {
        "clusters_with_two_neqs": two_neqs,
        "clusters_with_two_register_records": int((registers > 1).sum()),
        "clusters_with_unexplained_merge": unexplained,
    }
    if any(found.values()):
        raise InvariantError(f"entity invariants broken: {found}")
    return found
