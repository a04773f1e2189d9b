"""The daily record after a daemon run (pipelines.stamp_sensor): a successful ``everything`` or
publish run lets the publish schedule skip on unchanged inputs, as after `esq run`; a publish
run during which a source landed or staged data is not recorded, so the next tick runs."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest

from esq.catalog import load_catalog
from pipelines.daily import history, read_stamp
from pipelines.graph import EVERYTHING_JOB
from pipelines.schedules import PUBLISH_JOB, publish_decision
from pipelines.stamp_sensor import STAMP_SENSOR
from tests.operations.ops_env import HUB_ROWS, OpsEnv, csv_text, make_env, source

pytestmark = pytest.mark.slow


def _nothing(_env: OpsEnv) -> None:
    """Nothing happens while the run runs."""


def _source_staged_meanwhile(env: OpsEnv) -> None:
    """A source job restaged the hub while the publication ran (its file is newer)."""
    staged = env.home / "staging" / "hub" / "listings.parquet"
    later = time.time() + 60
    os.utime(staged, (later, later))


def _landed_meanwhile(env: OpsEnv) -> None:
    """A source job landed a file while the publication ran."""
    landed = next(p for p in (env.home / "landing").rglob("*") if p.is_file())
    later = time.time() + 60
    os.utime(landed, (later, later))


CASES: list[tuple[str, str, Callable[[OpsEnv], None], bool]] = [
    # (case, job the daemon ran, what happened meanwhile, recorded: the next tick skips)
    ("everything job", EVERYTHING_JOB, _nothing, True),
    ("publish job, nothing meanwhile", PUBLISH_JOB, _nothing, True),
    ("publish job, a source restaged meanwhile", PUBLISH_JOB, _source_staged_meanwhile, False),
    ("publish job, a source landed meanwhile", PUBLISH_JOB, _landed_meanwhile, False),
]


@pytest.mark.parametrize(("case", "job", "meanwhile", "recorded"), CASES, ids=[c[0] for c in CASES])
def test_a_daemon_run_is_recorded_unless_inputs_moved(
    tmp_path: Path, case: str, job: str, meanwhile: Callable[[OpsEnv], None], recorded: bool
) -> None:
    env = make_env(tmp_path, [source("hub", {"inbox": "hub.csv"})])
    env.drop("hub.csv", csv_text(HUB_ROWS))
    catalog = load_catalog(env.catalog_path)
    instance = dg.DagsterInstance.ephemeral()
    if job == PUBLISH_JOB:  # the source jobs have staged before
        assert env.run(EVERYTHING_JOB, instance).success
    result = env.run(job, instance)
    assert result.success
    meanwhile(env)
    assert isinstance(publish_decision(catalog, env.settings), dg.RunRequest)  # nothing recorded

    defs = env.definitions()
    sensor = next(s for s in defs.sensors if s.name == STAMP_SENSOR)
    run = instance.get_run_by_id(result.run_id)
    context = dg.build_run_status_sensor_context(
        sensor_name=STAMP_SENSOR,
        dagster_instance=instance,
        dagster_run=run,
        dagster_event=result.get_run_success_event(),
        resources={"esq": env.esq()},
    )
    outcome = sensor(context)

    decision = publish_decision(catalog, env.settings)
    last = history(env.settings)[-1]
    assert last["run_id"] == result.run_id and last["recorded"] is recorded
    if recorded:
        assert isinstance(decision, dg.SkipReason) and result.run_id in decision.skip_message
        assert read_stamp(env.settings)["run_id"] == result.run_id
    else:
        assert isinstance(decision, dg.RunRequest)
        assert "changed while it ran" in outcome.skip_message
