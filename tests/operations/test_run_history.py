"""The in-process run's history (pipelines.run_history): every event stored as Dagster stores it
through one connection per shard, closed when the run ends, and no stdout/stderr capture."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipelines.run_history import keep_engines, run_instance, without_fsync


@dg.op
def _say(context) -> int:  # no hint: Dagster checks it, and here it would be a string
    context.log.info("hello")
    print("to stdout")
    return 1


@dg.job
def _tiny() -> None:
    _say()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    return tmp_path


def test_a_run_through_kept_engines_reads_back_whole(home: Path):
    without_fsync()
    instance = run_instance(str(home))
    storage = instance.event_log_storage
    with keep_engines(instance) as kept:
        assert kept
        result = _tiny.execute_in_process(instance=instance)
    assert result.success
    assert "_connect" not in vars(storage)  # Dagster's own method again after the run
    fresh = dg.DagsterInstance.from_config(str(home))
    assert fresh.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
    kinds = {r.dagster_event.event_type_value for r in fresh.all_logs(result.run_id)
             if r.dagster_event is not None}  # fmt: skip
    assert {"STEP_START", "STEP_SUCCESS", "PIPELINE_SUCCESS"} <= kinds
    messages = [r.user_message for r in fresh.all_logs(result.run_id)]
    assert "hello" in messages


@pytest.mark.parametrize(
    ("instance_of", "captured"),
    [(run_instance, False), (dg.DagsterInstance.from_config, True)],
)
def test_only_the_run_instance_leaves_stdout_uncaptured(home: Path, instance_of, captured: bool):
    instance = instance_of(str(home))
    result = _tiny.execute_in_process(instance=instance)
    assert result.success
    logs = list((home / "storage").rglob("*.out"))
    assert bool(logs) == captured
