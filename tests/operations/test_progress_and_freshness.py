"""Progress lines are throttled and say amount, share and rate; freshness follows the cadence."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from assets.checks import freshness
from esq.progress import Progress, human, tracked
from esq.status import SourceStatus
from pipelines.schedules import source_job_name
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, source


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (512, "bytes", "512 B"),
        (2_500_000, "bytes", "2.5 MB"),
        (3.2e9, "bytes", "3.2 GB"),
        (12345, "rows", "12,345 rows"),
    ],
)
def test_human_amounts(amount, unit, text):
    assert human(amount, unit) == text


def test_progress_is_throttled_and_reports_share_and_rate(caplog):
    clock = Clock()
    progress = Progress("fetch req", "bytes", total=10_000_000, every=5, clock=clock)
    with caplog.at_level(logging.INFO, logger="esq.progress"):
        for _ in range(10):  # 1 MB per second for 10 s: a line every 5 s, not every chunk
            clock.now += 1
            progress.advance(1_000_000)
        final = progress.finish("success")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    assert lines[0] == "fetch req: 5.0 MB of 10.0 MB (50%), 1.0 MB/s"
    assert final == lines[-1] == "fetch req: 10.0 MB of 10.0 MB (100%), 1.0 MB/s — success (done)"


def test_tracked_counts_chunks_by_size(caplog):
    progress = Progress("download", "bytes", every=3600)
    with caplog.at_level(logging.INFO, logger="esq.progress"):
        chunks = list(tracked([b"abc", b"de"], progress, size=len))
    assert chunks == [b"abc", b"de"] and progress.done_amount == 5
    assert caplog.records[-1].getMessage().startswith("download: 5 B")


NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("cadence", "age_days", "passed", "severity"),
    [
        ("weekly", 6, True, None),
        ("weekly", 13.9, True, None),
        ("weekly", 15, False, dg.AssetCheckSeverity.WARN),
        ("weekly", 29, False, dg.AssetCheckSeverity.ERROR),
        ("twice-monthly", 29, True, None),
        ("twice-monthly", 31, False, dg.AssetCheckSeverity.WARN),
        ("monthly", 70, False, dg.AssetCheckSeverity.WARN),
        ("monthly", 125, False, dg.AssetCheckSeverity.ERROR),
        ("daily", 3, False, dg.AssetCheckSeverity.WARN),
        (None, None, False, dg.AssetCheckSeverity.ERROR),  # never fetched
    ],
)
def test_freshness_warns_past_twice_and_errs_past_four_times_the_cadence(
    cadence, age_days, passed, severity
):
    success = None if age_days is None else (NOW - timedelta(days=age_days)).isoformat()
    result = freshness(SourceStatus("s", last_success_at=success), cadence or "weekly", NOW)
    assert result.passed is passed
    if not passed:
        assert result.severity == severity


def test_fetch_and_staging_progress_reach_the_run_log(tmp_path):
    env = make_env(tmp_path, [source("hub", {"inbox": "hub/*.csv"})])
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    env.drop("hub/export.csv", csv_text(HUB_ROWS))
    result = env.run(source_job_name("hub"), instance)
    messages = [r.user_message for r in instance.all_logs(result.run_id)]
    fetch = next(m for m in messages if m.startswith("fetch hub: "))
    stage = next(m for m in messages if m.startswith("stage hub: "))
    assert re.search(r"\d+ B, [\d.]+ (B|kB|MB)/s — success \(done\)$", fetch), fetch
    assert re.search(r"^stage hub: 3 rows, [\d,]+ rows/s — 3 staged, 0 quarantined", stage)
