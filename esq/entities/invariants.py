"""Invariants checked on every run: one NEQ per cluster, every merge explained by links."""

from __future__ import annotations

import numpy as np
import pandas as pd


class InvariantError(RuntimeError):
    """The clustering broke a rule it must never break."""


def _unexplained_merges(listings: pd.DataFrame, links: pd.DataFrame) -> int:
    """Enterprises whose members the links do not join into one connected set.

    Only enterprises of two or more members can break this (a register of ~800 000 entities is
    mostly singletons), so the components are computed over their members alone, with an
    array union-find (pointer jumping) instead of a dict per record.
    """
    size = listings.groupby("enterprise_id").member.transform("size")
    multi = listings.loc[size.to_numpy() > 1, ["member", "enterprise_id"]]
    if multi.empty:
        return 0
    index = pd.Series(np.arange(len(multi)), index=multi.member.to_numpy())
    left = links.left_record.map(index)
    right = links.right_record.map(index)
    known = left.notna() & right.notna()
    a, b = left[known].to_numpy(dtype=np.int64), right[known].to_numpy(dtype=np.int64)
    parent = np.arange(len(multi))
    while True:  # hook each edge's larger root under the smaller, then compress
        ra, rb = parent[a], parent[b]
        low, high = np.minimum(ra, rb), np.maximum(ra, rb)
        if not (low != high).any():
            break
        np.minimum.at(parent, high, low)
        while not np.array_equal(parent, parent[parent]):
            parent = parent[parent]
    roots = pd.Series(parent, index=multi.enterprise_id.to_numpy())
    return int((roots.groupby(level=0).nunique() > 1).sum())


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
    unexplained = _unexplained_merges(listings, links)
    found = {
        "clusters_with_two_neqs": two_neqs,
        "clusters_with_two_register_records": int((registers > 1).sum()),
        "clusters_with_unexplained_merge": unexplained,
    }
    if any(found.values()):
        raise InvariantError(f"entity invariants broken: {found}")
    return found
