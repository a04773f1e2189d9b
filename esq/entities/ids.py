"""Stable enterprise ids: a cluster keeps the id it had; merges and splits are deterministic.

Ids are never reused: the registry of every id ever issued lives in the previous publication's
``enterprise_ids`` table (id, status, merged_into) and is carried forward.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


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


def assign_ids(
    clusters: Mapping[str, Sequence[str]],
    previous: Mapping[str, str],
    issued: set[str],
) -> IdAssignment:
    """Give each cluster (label -> member keys) an enterprise id.

    ``previous`` maps member keys to last run's ids; ``issued`` is every id ever given out.
    A cluster whose members carried several old ids keeps the one most of them had (ties: the
    smallest id) and the others are recorded as merged into it. When an old id's members now
    sit in several clusters (a split), the cluster with most of them keeps it.
    """
    out = IdAssignment()
    claims: dict[str, list[tuple[int, str]]] = {}
    for label in sorted(clusters):
        votes = Counter(previous[m] for m in clusters[label] if m in previous)
        for old_id, count in votes.items():
            claims.setdefault(old_id, []).append((count, label))
    winner_of: dict[str, str] = {}  # old id -> label keeping it
    for old_id, bids in claims.items():
        winner_of[old_id] = sorted(bids, key=lambda b: (-b[0], b[1]))[0][1]
    taken = set(issued)
    for label in sorted(clusters):
        members = clusters[label]
        kept = sorted(
            (old for old, lbl in winner_of.items() if lbl == label),
            key=lambda old: (-sum(previous.get(m) == old for m in members), old),
        )
        if kept:
            out.cluster_ids[label] = kept[0]
            for other in kept[1:]:
                out.merged[other] = kept[0]
            continue
        fresh = new_id(min(members), taken)
        taken.add(fresh)
        out.cluster_ids[label] = fresh
        out.new.append(fresh)
        parents = Counter(previous[m] for m in members if m in previous)
        if parents:
            out.split_from[fresh] = sorted(parents.items(), key=lambda p: (-p[1], p[0]))[0][0]
    return out
