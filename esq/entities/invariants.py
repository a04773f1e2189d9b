"""Invariants of every run's entities: one NEQ per enterprise, one register record per
enterprise, every merge explained by links.

Counted here on the tables the entity step writes; the Dagster check ``entity_invariants`` on
``core/enterprises`` (assets/entities.py) is blocking, so a broken invariant stops the run
before the warehouse is built, with the counts in the check's metadata.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def invariant_violations(listings: pd.DataFrame, links: pd.DataFrame) -> dict[str, int]:
    """Enterprises breaking each invariant (all zero when the clustering is sound).

    ``listings`` is the linked listings table (``source_id``, ``record_key``,
    ``enterprise_id``, ``neq``, ``neq_status``, ``source_role``); ``links`` the
    enterprise_links table (``left_record``/``right_record`` as ``source_id:record_key``).
    Group-bys over integer enterprise codes; member keys are built only for the records of
    multi-member enterprises (a register is mostly singletons), never a copy of the table.
    """
    codes, _ = pd.factorize(listings.enterprise_id)
    register = (listings.source_role == "register").to_numpy()
    trusted = listings.neq.notna().to_numpy() & (
        register | (listings.neq_status == "valid").to_numpy()
    )
    neqs = pd.DataFrame({"e": codes[trusted], "neq": listings.neq.to_numpy()[trusted]})
    per_enterprise = neqs.drop_duplicates().e.to_numpy()
    two_neqs = int((np.bincount(per_enterprise) > 1).sum()) if len(per_enterprise) else 0
    registers = np.bincount(codes[register]) if register.any() else np.zeros(0, np.int64)
    multi = np.bincount(codes)[codes] > 1 if len(codes) else np.zeros(0, bool)
    members = pd.DataFrame(
        {
            "member": listings.source_id[multi].astype(str)
            + ":"
            + listings.record_key[multi].astype(str),
            "enterprise_id": listings.enterprise_id[multi],
        }
    )
    return {
        "clusters_with_two_neqs": two_neqs,
        "clusters_with_two_register_records": int((registers > 1).sum()),
        "clusters_with_unexplained_merge": unexplained_merges(members, links),
    }


def unexplained_merges(listings: pd.DataFrame, links: pd.DataFrame) -> int:
    """Enterprises whose members the links do not join into one connected set.

    Only enterprises of two or more members can break this (a register of ~800 000 entities is
    mostly singletons), so components are computed over their members alone, with an array
    union-find (hooking under the smaller root, then pointer jumping) instead of a dict per
    record and a Python loop per enterprise.
    """
    size = listings.groupby("enterprise_id").member.transform("size")
    multi = listings.loc[size.to_numpy() > 1, ["member", "enterprise_id"]]
    if multi.empty:
        return 0
    index = pd.Series(np.arange(len(multi)), index=multi.member.to_numpy())
    left, right = links.left_record.map(index), links.right_record.map(index)
    known = (left.notna() & right.notna()).to_numpy()
    a = left[known].to_numpy(dtype=np.int64)
    b = right[known].to_numpy(dtype=np.int64)
    parent = np.arange(len(multi))
    while True:
        ra, rb = parent[a], parent[b]
        low, high = np.minimum(ra, rb), np.maximum(ra, rb)
        if not (low != high).any():
            break
        np.minimum.at(parent, high, low)  # parent[i] <= i always: no cycles
        while not np.array_equal(parent, parent[parent]):
            parent = parent[parent]
    roots = pd.Series(parent, index=multi.enterprise_id.to_numpy())
    return int((roots.groupby(level=0).nunique() > 1).sum())
