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

import duckdb
import pyarrow as pa


def member_key(source_id: str, record_key: str) -> str:
    return f"{source_id}:{record_key}"


def new_id(seed: str, taken: set[str]) -> str:
    """A fresh id derived from a member key, moved along when it collides with an issued id."""
    n = 0
    while True:
        digest = hashlib.sha1(f"{seed}#{n}".encode()).hexdigest()[:12]
        candidate = f"E{digest.upper()}"
        if candidate not in taken:
            return candidate
        n += 1


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


def _decide(
    clusters: Mapping[str, Sequence[str]], previous: Mapping[str, str]
) -> list[tuple[str, str, str]]:
    """(what, label, old_id) rows of :data:`_ASSIGN_SQL`: a hash join and window functions in
    DuckDB (pandas hashing of ~1 M Python strings took longer than the whole join here)."""
    pairs = pa.table(
        {
            "label": pa.array([label for label, ms in clusters.items() for _ in ms], pa.string()),
            "member": pa.array([m for ms in clusters.values() for m in ms], pa.string()),
        }
    )
    old = pa.table(
        {
            "member": pa.array(list(previous.keys()), pa.string()),
            "old_id": pa.array(list(previous.values()), pa.string()),
        }
    )
    with duckdb.connect() as con:
        con.register("clusters", pairs)
        con.register("previous", old)
        return con.execute(_ASSIGN_SQL).fetchall()


def assign_ids(
    clusters: Mapping[str, Sequence[str]],
    previous: Mapping[str, str],
    issued: set[str],
) -> IdAssignment:
    """Give each cluster (label -> member keys) an enterprise id.

    ``previous`` maps member keys to last run's ids; ``issued`` is every id ever given out.
    A cluster whose members carried several old ids keeps the one most of them had (ties: the
    smallest id) and the others are recorded as merged into it. When an old id's members now
    sit in several clusters (a split), the cluster with most of them keeps it (ties: the
    smallest label).
    """
    out = IdAssignment()
    kept_id: dict[str, str] = {}
    merged_into: list[tuple[str, str]] = []  # (label, old id)
    parent_of: dict[str, str] = {}
    for what, label, old_id in _decide(clusters, previous) if previous else ():
        if what == "kept":
            kept_id[label] = old_id
        elif what == "merged":
            merged_into.append((label, old_id))
        else:
            parent_of[label] = old_id
    out.merged = {old_id: kept_id[label] for label, old_id in sorted(merged_into)}
    out.cluster_ids = dict(kept_id)
    taken = set(issued)
    for label in sorted(label for label in clusters if label not in kept_id):
        fresh = new_id(min(clusters[label]), taken)
        taken.add(fresh)
        out.cluster_ids[label] = fresh
        out.new.append(fresh)
        if label in parent_of:
            out.split_from[fresh] = parent_of[label]
    return out
