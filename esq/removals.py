"""Which records of a source are present, missing for a while, or removed.

A record missing from one fetch may be a hiccup of the source (a truncated export, a page that
failed): it is removed only after it is missing from ``removal_after`` successful fetches (K, from
the catalog). Until then its previous staged row is carried forward, flagged
``missing_from_source``. The state lives in ESQ_HOME/state/presence/<source_id>.parquet and is
updated by staging only: a failed fetch never stages new data, so it never counts as a miss.
Re-staging the same landing entry counts nothing twice (each miss remembers its fetch).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from esq.config import Settings
from esq.store import read_optional_frame, write_frame

PRESENCE_COLUMNS = ("record_key", "last_seen_fetch", "missed_count", "last_missed_fetch", "removed")
MISSING_FLAG = "missing_from_source"


def presence_path(settings: Settings, source_id: str) -> Path:
    return settings.layout.presence(source_id)


def read_presence(settings: Settings, source_id: str) -> pd.DataFrame:
    """The presence state of a source (empty before its first staging)."""
    frame = read_optional_frame(presence_path(settings, source_id), PRESENCE_COLUMNS)
    return frame.astype({"missed_count": "int64", "removed": "bool"})


def write_presence(settings: Settings, source_id: str, presence: pd.DataFrame) -> Path:
    return write_frame(presence_path(settings, source_id), presence)


def update_presence(
    previous: pd.DataFrame,
    seen: Iterable[str],
    fetch_ref: str,
    removal_after: int,
    known: Iterable[str] = (),
) -> pd.DataFrame:
    """The presence state after staging ``fetch_ref``, in which the ``seen`` keys appeared.

    ``known`` seeds keys staged before this state existed (they start with no miss).
    """
    # Set-based: the register's state has ~10^6 keys, one Python dict per key cost seconds
    # and hundreds of MiB.
    old = previous.loc[:, list(PRESENCE_COLUMNS)].drop_duplicates("record_key", keep="last")
    seeded = _fresh(pd.Index(list(known)).unique().difference(pd.Index(old.record_key)), None)
    rows = (
        pd.concat([f for f in (old, seeded) if len(f)], ignore_index=True) if len(seeded) else old
    )
    seen_keys = pd.Index(list(seen)).unique()
    rows = rows[~rows.record_key.isin(seen_keys)].copy()
    missed = ~rows.removed.astype(bool) & (rows.last_missed_fetch != fetch_ref).to_numpy()
    counts = rows.missed_count.astype("int64") + missed.astype("int64")
    rows["missed_count"] = counts
    rows["last_missed_fetch"] = rows.last_missed_fetch.where(~missed, fetch_ref)
    rows["removed"] = rows.removed.astype(bool) | (missed & (counts >= removal_after))
    # present now (a removed record that comes back is present again)
    present = _fresh(seen_keys, fetch_ref)
    frame = pd.concat([f for f in (rows, present) if len(f)] or [rows], ignore_index=True)
    frame = frame.astype({"missed_count": "int64", "removed": "bool"})
    return frame.sort_values("record_key").reset_index(drop=True)


def _fresh(keys: pd.Index, fetch_ref: str | None) -> pd.DataFrame:
    """Presence rows of ``keys`` with no miss, last seen in ``fetch_ref``."""
    return pd.DataFrame(
        {
            "record_key": pd.Series(keys, dtype=object),
            "last_seen_fetch": pd.Series([fetch_ref] * len(keys), dtype=object),
            "missed_count": pd.Series(0, index=range(len(keys)), dtype="int64"),
            "last_missed_fetch": pd.Series([None] * len(keys), dtype=object),
            "removed": pd.Series(False, index=range(len(keys)), dtype=bool),
        },
        columns=list(PRESENCE_COLUMNS),
    )


def pending_keys(presence: pd.DataFrame) -> set[str]:
    """Keys missing from the latest fetch(es) but not yet removed."""
    pending = presence[(presence.missed_count > 0) & ~presence.removed]
    return set(pending.record_key)


def _flag(flags: object) -> str:
    parts = set(str(flags).split(";")) if isinstance(flags, str) and flags else set()
    return ";".join(sorted(parts | {MISSING_FLAG}))


def carry_forward(
    previous: pd.DataFrame, staged: pd.DataFrame, presence: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """The staged rows plus the previous rows of pending records; returns (frame, carried)."""
    pending = pending_keys(presence) - set(staged.record_key)
    if not pending or previous.empty:
        return staged, 0
    carried = previous[previous.record_key.isin(pending)].copy()
    carried["flags"] = carried["flags"].map(_flag)
    carried = carried.reindex(columns=staged.columns)  # columns added since are empty
    frame = pd.concat([staged, carried], ignore_index=True) if len(staged) else carried
    frame = frame.sort_values("record_key", kind="stable").reset_index(drop=True)
    return frame, len(carried)


def present_or_pending(source_id: str, settings: Settings) -> pd.DataFrame:
    """Records of a source to keep listing: present in the last fetch or missing fewer than K
    times (``record_key``, ``last_seen_fetch``, ``missed_count``). Removed ones are left out."""
    presence = read_presence(settings, source_id)
    kept = presence[~presence.removed]
    return kept[["record_key", "last_seen_fetch", "missed_count"]].reset_index(drop=True)


def removed_keys(source_id: str, settings: Settings) -> set[str]:
    """Records of a source recorded as removed (missing from K successful fetches in a row)."""
    presence = read_presence(settings, source_id)
    return set(presence[presence.removed].record_key)
