"""Removals: a record is removed only after K successful fetches without it (never after a
failed fetch); until then its previous listing is carried forward, flagged."""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from esq.removals import (
    MISSING_FLAG,
    carry_forward,
    pending_keys,
    present_or_pending,
    removed_keys,
    update_presence,
)
from esq.status import read_status
from esq.store import read_frame
from pipelines.schedules import source_job_name
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, source

EMPTY = update_presence(
    pd.DataFrame(
        columns=["record_key", "last_seen_fetch", "missed_count", "last_missed_fetch", "removed"]
    ),
    [],
    "f0",
    2,
)


def _play(fetches: list[tuple[str, set[str]]], k: int) -> pd.DataFrame:
    presence = EMPTY
    for ref, seen in fetches:
        presence = update_presence(presence, seen, ref, k)
    return presence.set_index("record_key")


@pytest.mark.parametrize(
    ("fetches", "k", "missed", "removed"),
    [
        # missing once with K=2: pending, not removed
        ([("f1", {"a", "b"}), ("f2", {"a"})], 2, 1, False),
        # missing twice with K=2: removed
        ([("f1", {"a", "b"}), ("f2", {"a"}), ("f3", {"a"})], 2, 2, True),
        # the same fetch staged again counts once
        ([("f1", {"a", "b"}), ("f2", {"a"}), ("f2", {"a"})], 2, 1, False),
        # K=1: removed at the first miss
        ([("f1", {"a", "b"}), ("f2", {"a"})], 1, 1, True),
        # back before K: the count starts again
        ([("f1", {"a", "b"}), ("f2", {"a"}), ("f3", {"a", "b"}), ("f4", {"a"})], 2, 1, False),
        # a removed record that comes back is present again
        ([("f1", {"a", "b"}), ("f2", {"a"}), ("f3", {"a"}), ("f4", {"a", "b"})], 2, 0, False),
    ],
)
def test_presence_counts_misses_per_fetch(fetches, k, missed, removed):
    row = _play(fetches, k).loc["b"]
    assert (int(row.missed_count), bool(row.removed)) == (missed, removed)


def test_carry_forward_keeps_pending_rows_with_a_flag():
    previous = pd.DataFrame({"record_key": ["a", "b", "c"], "flags": [None, "x", None]})
    staged = pd.DataFrame({"record_key": ["a"], "flags": [None]})
    presence = _play(
        [("f1", {"a", "b", "c"}), ("f2", {"a"}), ("f3", {"a", "c"}), ("f4", {"a"})], 2
    ).reset_index()
    # b: missed f2..f4 -> removed; c: missed only f4 -> pending
    assert pending_keys(presence) == {"c"}
    frame, carried = carry_forward(previous, staged, presence)
    assert carried == 1
    assert list(frame.record_key) == ["a", "c"]
    assert frame.set_index("record_key").loc["c", "flags"] == MISSING_FLAG


def test_hub_record_removed_after_two_good_fetches_not_after_a_failed_one(tmp_path):
    env = make_env(tmp_path, [source("hub", {"inbox": "hub/*.csv"})])
    instance = dg.DagsterInstance.ephemeral()
    job = source_job_name("hub")
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    listings = env.home / "staging" / "hub" / "listings.parquet"

    def stage(body: str | bytes) -> pd.DataFrame:
        for old in env.inbox.glob("hub/*"):
            old.unlink()
        env.drop("hub/export.csv", body)
        assert env.run(job, instance).success
        return read_frame(listings).set_index("record_key")

    assert len(stage(csv_text(HUB_ROWS))) == 3
    gone = HUB_ROWS[2][0]
    # fetch 2: the record is missing -> still listed, flagged
    frame = stage(csv_text(HUB_ROWS[:2]))
    assert MISSING_FLAG in frame.loc[gone, "flags"]
    assert gone in set(present_or_pending("hub", env.settings).record_key)
    # a failed fetch (a dropped file that is not a CSV) counts nothing and keeps the listing
    ref = read_status(env.settings.state_dir, "hub").fetch_ref
    frame = stage(b"PK\x03\x04 this is no table")
    status = read_status(env.settings.state_dir, "hub")
    assert status.stale and status.fetch_ref == ref
    assert gone in frame.index and removed_keys("hub", env.settings) == set()
    # fetch 3 (second good fetch without it): removed
    frame = stage(csv_text([(*HUB_ROWS[0][:2], "J1H 6K8"), HUB_ROWS[1]]))
    assert gone not in frame.index
    assert removed_keys("hub", env.settings) == {gone}
    assert not read_status(env.settings.state_dir, "hub").stale


def test_a_source_without_record_key_is_replaced_wholesale(tmp_path):
    # keys are line positions there: a shifted line is not a missing record
    env = make_env(tmp_path, [source("hub", {"inbox": "hub/*.csv"}, record_key=[])])
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    env.drop("hub/a.csv", csv_text(HUB_ROWS))
    assert env.run(source_job_name("hub"), instance).success
    (env.inbox / "hub" / "a.csv").unlink()
    env.drop("hub/b.csv", csv_text(HUB_ROWS[1:]))
    assert env.run(source_job_name("hub"), instance).success
    frame = read_frame(env.home / "staging" / "hub" / "listings.parquet")
    assert sorted(frame.name) == sorted(r[0] for r in HUB_ROWS[1:])
