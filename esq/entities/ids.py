"""Stable enterprise ids: a cluster keeps the id it had; merges and splits are deterministic.

Ids are never reused: the registry of every id ever issued lives in the previous publication's
``enterprise_ids`` table (id, status, merged_into) and is carried forward.

Assignment is a hash join of this run's (cluster, member) pairs with last run's (member, id)
pairs, then group-bys: linear in members, whatever the number of previous ids (the daily
re-run of an unchanged world keeps ~800 000 ids).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from esq.scratch_db import scratch_connection


def member_key(source_id: str, record_key: str) -> str:
    return f"{source_id}:{record_key}"


def new_id(seed: str, taken: set[str]) -> str:
    """A fresh id derived from a member key, moved along when it collides with an issued id."""
    n = 0
    while True:
        candidate = _digest_id(seed, n)
        if candidate not in taken:
            return candidate
        n += 1


def _digest_id(seed: str, n: int) -> str:
    """The n-th candidate id of a seed."""
    return "E" + hashlib.sha1(f"{seed}#{n}".encode()).hexdigest()[:12].upper()


@dataclass
class IdAssignment:
    """Ids for this run's clusters, and what happened to the ids of the previous run."""

    cluster_ids: dict[str, str] = field(default_factory=dict)  # cluster label -> enterprise id
    merged: dict[str, str] = field(default_factory=dict)  # old id -> surviving id
    split_from: dict[str, str] = field(default_factory=dict)  # new id -> id it split from
    new: list[str] = field(default_factory=list)


#: Votes of each cluster for last run's ids, each old id's winner, each cluster's keeper.
_ASSIGN_SQL = """
WITH votes AS (
    SELECT c.label, p.old_id, count(*) AS n
    FROM clusters c JOIN previous p USING (member)
    GROUP BY ALL
), won AS (  -- an old id goes to the cluster bidding most for it (ties: smallest label)
    SELECT * FROM votes
    QUALIFY row_number() OVER (PARTITION BY old_id ORDER BY n DESC, label) = 1
), ranked AS (  -- a cluster keeps the old id most of its members had (ties: smallest id)
    SELECT label, old_id, row_number() OVER (PARTITION BY label ORDER BY n DESC, old_id) AS r
    FROM won
), parents AS (  -- a cluster that won nothing splits from the id most of its members had
    SELECT label, old_id FROM votes
    WHERE label NOT IN (SELECT label FROM won)
    QUALIFY row_number() OVER (PARTITION BY label ORDER BY n DESC, old_id) = 1
)
SELECT 'kept' AS what, label, old_id FROM ranked WHERE r = 1
UNION ALL SELECT 'merged', label, old_id FROM ranked WHERE r > 1
UNION ALL SELECT 'parent', label, old_id FROM parents
"""


def _decide(labels: np.ndarray, members: np.ndarray, previous: Mapping[str, str]) -> list:
    """(what, label, old_id) rows of :data:`_ASSIGN_SQL`: a hash join and window functions in
    DuckDB (pandas hashing of ~1 M Python strings took longer than the whole join here)."""
    pairs = pa.table(
        {"label": pa.array(labels, pa.string()), "member": pa.array(members, pa.string())}
    )
    old = pa.table(
        {
            "member": pa.array(list(previous.keys()), pa.string()),
            "old_id": pa.array(list(previous.values()), pa.string()),
        }
    )
    with scratch_connection() as con:
        con.register("clusters", pairs)
        con.register("previous", old)
        return con.execute(_ASSIGN_SQL).fetchall()


def _seeds(codes: np.ndarray, members: np.ndarray, size: int) -> np.ndarray:
    """Each cluster's smallest member (the seed of its fresh id): a singleton's own member,
    and a group-by over the rows of clusters of two or more (a register is mostly
    singletons)."""
    seeds = np.empty(size, dtype=object)
    seeds[codes] = members  # right for singletons
    multi = (np.bincount(codes, minlength=size) > 1)[codes]
    for code, member in zip(codes[multi].tolist(), members[multi].tolist(), strict=True):
        if member < seeds[code]:
            seeds[code] = member
    return seeds


def _fresh_ids(seeds: np.ndarray, issued: set[str]) -> list[str]:
    """:func:`new_id` of each seed, given in seed order as if one after another: when no
    first-try id collides with an issued one or another new one (almost always: 48-bit
    digests), each is its first try; else they are drawn again one at a time."""
    first = [_digest_id(seed, 0) for seed in seeds.tolist()]
    drawn = set(first)
    if len(drawn) == len(first) and drawn.isdisjoint(issued):
        return first
    taken = set(issued)
    out = []
    for seed in seeds.tolist():
        out.append(new_id(seed, taken))
        taken.add(out[-1])
    return out


def assign_row_ids(
    labels: np.ndarray,
    members: np.ndarray,
    previous: Mapping[str, str],
    issued: set[str],
) -> tuple[np.ndarray, IdAssignment]:
    """Each row's enterprise id, given each row's cluster label and member key (arrays over
    the listings, no per-cluster lists), and what happened to last run's ids.

    ``previous`` maps member keys to last run's ids; ``issued`` is every id ever given out.
    A cluster whose members carried several old ids keeps the one most of them had (ties: the
    smallest id) and the others are recorded as merged into it. When an old id's members now
    sit in several clusters (a split), the cluster with most of them keeps it (ties: the
    smallest label). Any other cluster gets a fresh id seeded by its smallest member, drawn
    in label order. ``IdAssignment.cluster_ids`` is left empty: the ids are per row.
    """
    out = IdAssignment()
    codes, uniques = pd.factorize(labels)
    uniques = np.asarray(uniques, dtype=object)
    ids = np.full(len(uniques), None, dtype=object)
    parent_of: dict[str, str] = {}
    if previous:
        kept_id: dict[str, str] = {}
        merged_into: list[tuple[str, str]] = []  # (label, old id)
        for what, label, old_id in _decide(labels, members, previous):
            if what == "kept":
                kept_id[label] = old_id
            elif what == "merged":
                merged_into.append((label, old_id))
            else:
                parent_of[label] = old_id
        out.merged = {old_id: kept_id[label] for label, old_id in sorted(merged_into)}
        kept = pd.Series(kept_id, dtype=object)
        at = pd.Index(uniques).get_indexer(kept.index)
        ids[at] = kept.to_numpy()
    # Fresh ids in label order (code point order, as Python's: fixed-width text sorted in C).
    waiting = np.flatnonzero(pd.isna(ids))
    waiting = waiting[np.argsort(uniques[waiting].astype(str), kind="stable")]
    seeds = _seeds(codes, np.asarray(members, dtype=object), len(uniques))[waiting]
    fresh = _fresh_ids(seeds, issued)
    ids[waiting] = fresh
    out.new = fresh
    for label, new in zip(uniques[waiting].tolist(), fresh, strict=True):
        if label in parent_of:
            out.split_from[new] = parent_of[label]
    return ids[codes], out


def assign_ids(
    clusters: Mapping[str, Sequence[str]],
    previous: Mapping[str, str],
    issued: set[str],
) -> IdAssignment:
    """Give each cluster (label -> member keys) an enterprise id, as :func:`assign_row_ids`
    does for rows; ``IdAssignment.cluster_ids`` maps each label to its id."""
    labels = np.array([label for label, ms in clusters.items() for _ in ms], dtype=object)
    members = np.array([m for ms in clusters.values() for m in ms], dtype=object)
    row_ids, out = assign_row_ids(labels, members, previous, issued)
    out.cluster_ids = dict(zip(labels.tolist(), row_ids.tolist(), strict=True))
    return out
