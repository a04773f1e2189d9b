"""The inbox sensor starts the right source once per dropped file, also after a restart."""

from __future__ import annotations

import json
import os
import time

import dagster as dg
import pytest

from pipelines.schedules import source_job_name
from pipelines.sensors import INBOX_SENSOR
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, source


@pytest.fixture
def env(tmp_path):
    env = make_env(
        tmp_path,
        [
            source("hub-a", {"inbox": "hub-a/Export*.csv"}),
            source("hub-b", {"inbox": "hub-b/*.csv"}),
            source("city", {"url": "http://127.0.0.1:9/city.csv"}),
        ],
    )
    (env.inbox / "MUN.csv").unlink()  # only the files a test drops
    return env


def _settled(path, age=60.0):
    past = time.time() - age
    os.utime(path, (past, past))
    return path


def evaluate(env, cursor=None, instance=None, esq=None):
    defs = env.definitions()
    sensor = defs.resolve_sensor_def(INBOX_SENSOR)
    with dg.build_sensor_context(
        cursor=cursor,
        instance=instance or dg.DagsterInstance.ephemeral(),
        resources={"esq": esq or env.esq()},
        definitions=defs,
    ) as ctx:
        result = sensor(ctx)
    return result


def jobs_of(result):
    return sorted(r.job_name for r in result.run_requests or [])


@pytest.mark.parametrize(
    ("name", "jobs"),
    [
        ("hub-a/Export-2026-11.csv", [source_job_name("hub-a")]),
        ("hub-b/anything.csv", [source_job_name("hub-b")]),
        ("hub-a/notes.txt", []),  # matches no glob
        ("stray.csv", []),
    ],
)
def test_a_dropped_file_starts_the_matching_source(env, name, jobs):
    _settled(env.drop(name, csv_text(HUB_ROWS)))
    assert jobs_of(evaluate(env)) == jobs


def test_a_processed_file_is_not_processed_again_after_a_restart(env):
    _settled(env.drop("hub-a/Export.csv", csv_text(HUB_ROWS)))
    first = evaluate(env)
    assert jobs_of(first) == [source_job_name("hub-a")]
    cursor = first.cursor
    assert any(f.startswith("hub-a/Export.csv@") for f in json.loads(cursor)["processed"])
    # a restart: a new instance, the stored cursor
    again = evaluate(env, cursor=cursor, instance=dg.DagsterInstance.ephemeral())
    assert jobs_of(again) == [] and again.skip_reason is not None
    # touching the file without changing it is not new
    _settled(env.inbox / "hub-a" / "Export.csv", age=30)
    assert jobs_of(evaluate(env, cursor=cursor)) == []
    # new content under the same name is new
    _settled(env.drop("hub-a/Export.csv", csv_text(HUB_ROWS[:2])))
    assert jobs_of(evaluate(env, cursor=cursor)) == [source_job_name("hub-a")]


def test_a_file_still_being_copied_waits_for_a_later_tick(env):
    env.drop("hub-b/new.csv", csv_text(HUB_ROWS))  # mtime: now
    result = evaluate(env)
    assert jobs_of(result) == []
    _settled(env.inbox / "hub-b" / "new.csv")
    assert jobs_of(evaluate(env, cursor=result.cursor)) == [source_job_name("hub-b")]


def test_the_inbox_is_read_from_the_resource_at_evaluation(env, tmp_path):
    other = make_env(tmp_path / "other", [])
    _settled(other.drop("hub-b/x.csv", csv_text(HUB_ROWS)))
    assert jobs_of(evaluate(env)) == []  # env's own inbox is empty
    # the same definitions, another ESQ_HOME given to the resource: its inbox is read
    assert jobs_of(evaluate(env, esq=other.esq())) == [source_job_name("hub-b")]
