"""Jobs and schedules follow the catalog: a job per source, a schedule per cadence, one publish."""

from __future__ import annotations

import dagster as dg
import pytest

from esq.catalog import Source, load_catalog
from pipelines.definitions import build_definitions
from pipelines.schedules import (
    FRESHNESS_JOB,
    PUBLISH_JOB,
    TIMEZONE,
    cron_for,
    source_job_name,
)
from tests.operations.ops_env import make_env, source

LICENCE = {"id": "x", "title": "x", "attribution": "x"}


def _source(cadence: str, sid: str = "some-source") -> Source:
    return Source(
        id=sid,
        kind="tabular",
        role="reference",
        title="t",
        publisher="p",
        licence=LICENCE,
        cadence=cadence,
    )


@pytest.mark.parametrize(
    ("cadence", "days_part"),
    [
        ("daily", "* * *"),
        ("weekly", "* * 1"),
        ("twice-monthly", "1,15 * *"),
        ("monthly", "1 * *"),
        ("quarterly", "1 1,4,7,10 *"),
        ("yearly", "2 1 *"),
        ("manual", None),
    ],
)
def test_cron_follows_the_cadence_at_night(cadence, days_part):
    cron = cron_for(_source(cadence))
    if days_part is None:
        assert cron is None
        return
    minute, hour, rest = cron.split(" ", 2)
    assert rest == days_part
    assert 0 <= int(minute) < 60 and 2 <= int(hour) <= 4


def test_sources_are_staggered_and_stable():
    crons = {cron_for(_source("monthly", f"hub-{i}")) for i in range(12)}
    assert len(crons) > 6
    assert cron_for(_source("monthly", "hub-1")) == cron_for(_source("monthly", "hub-1"))


@pytest.fixture(scope="module")
def defs(tmp_path_factory):
    env = make_env(
        tmp_path_factory.mktemp("sched"),
        [
            source("req", {"inbox": "req/*.zip"}, cadence="twice-monthly"),
            source("seao", {"url": "http://127.0.0.1:9/seao.csv"}, cadence="weekly"),
            source("hub", {"inbox": "hub/*.csv"}, cadence="monthly"),
            source("archive", {"url": "http://127.0.0.1:9/old.csv"}, cadence="manual"),
        ],
    )
    return env.definitions()


def test_definitions_load_with_schedules_sensor_and_jobs(defs):
    dg.Definitions.validate_loadable(defs)
    names = {s.name: s for s in defs.schedules}
    assert names[f"{source_job_name('req')}_schedule"].cron_schedule.endswith("1,15 * *")
    assert names[f"{source_job_name('seao')}_schedule"].cron_schedule.endswith("* * 1")
    assert names[f"{source_job_name('hub')}_schedule"].cron_schedule.endswith("1 * *")
    assert f"{source_job_name('archive')}_schedule" not in names
    assert {s.execution_timezone for s in defs.schedules} == {TIMEZONE}
    assert f"{PUBLISH_JOB}_daily" in names and f"{FRESHNESS_JOB}_daily" in names
    assert [s.name for s in defs.sensors] == ["daily_record", "inbox_files"]


def _keys(defs, job_name):
    job = defs.resolve_job_def(job_name)
    return {k.to_user_string() for k in job.asset_layer.selected_asset_keys}


@pytest.mark.parametrize(
    ("job", "expected"),
    [
        (source_job_name("hub"), {"raw/hub", "staging/hub"}),
        (
            source_job_name("mamh-municipalites"),
            {"raw/mamh-municipalites", "reference/municipalities"},
        ),
        (PUBLISH_JOB, {"core/enterprises", "warehouse/candidate", "warehouse/published"}),
    ],
)
def test_each_job_selects_its_unit_of_work(defs, job, expected):
    keys = _keys(defs, job)
    if job == PUBLISH_JOB:  # the publication: everything that is not one source's work
        assert expected <= keys
        assert not {k for k in keys if k.split("/")[0] in ("raw", "staging", "reference")}
    else:
        assert keys == expected


def test_source_jobs_run_their_checks(defs):
    job = defs.resolve_job_def(source_job_name("hub"))
    checks = {
        (k.asset_key.to_user_string(), k.name) for k in job.asset_layer.asset_graph.asset_check_keys
    }
    assert ("raw/hub", "freshness") in checks and ("staging/hub", "staging_quality") in checks


def test_the_bundled_catalog_has_a_job_and_schedule_per_source():
    defs = build_definitions()
    catalog = load_catalog()
    schedules = {s.job_name for s in defs.schedules}
    for s in catalog.enabled():
        assert defs.resolve_job_def(source_job_name(s.id))
        assert (source_job_name(s.id) in schedules) == (s.cadence != "manual")
