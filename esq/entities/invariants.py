"""Invariants of every run's entities: one NEQ per enterprise, one register record per
enterprise, every merge explained by links.

Counted here on the tables the entity step writes; the Dagster check ``entity_invariants`` on
``core/enterprises`` (assets/entities.py) is blocking, so a broken invariant stops the run
before the warehouse is built, with the counts in the check's metadata.
"""

from __future__ import annotations

import pandas as pd

from esq.entities.exact import with_members
from esq.entities.union_find import ConstrainedUnionFind


def invariant_violations(listings: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """Enterprises breaking each invariant (all zero when the clustering is sound).

    ``listings`` is the linked listings table (``source_id``, ``record_key``,
    ``enterprise_id``, ``neq``, ``neq_status``, ``source_role``); ``links`` the
    enterprise_links table (``left_record``/``right_record`` as ``source_id:record_key``).
    """
    listings = with_members(listings)
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
    return {
        "clusters_with_two_neqs": two_neqs,
        "clusters_with_two_register_records": int((registers > 1).sum()),
        "clusters_with_unexplained_merge": unexplained,
    }
