"""Staging problems surface as check metadata (counts by rule, failure cases); the published
asset carries the run's Markdown summary, stored in the Dagster instance for the UI."""

from __future__ import annotations

import json

import dagster as dg
import pytest

from pipelines.schedules import FRESHNESS_JOB, source_job_name
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, source


def _check(result, name):
    return next(
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
        and e.event_specific_data.check_name == name
    )


def _run_hub(tmp_path, body):
    env = make_env(tmp_path, [source("hub", {"inbox": "hub/*.csv"})])
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    env.drop("hub/export.csv", body)
    result = env.run(source_job_name("hub"), instance)
    assert result.success, "staging problems never fail the step"
    return _check(result, "staging_quality")


@pytest.mark.parametrize(
    ("rows", "passed", "rules"),
    [
        (HUB_ROWS, True, {}),
        # a nameless row is rejected (row) and a malformed postal code nulled (value)
        (
            [*HUB_ROWS, ("", "Magog", "J1X 2E6"), ("Coop Beta", "Magog", "ZZZ")],
            False,
            {"name_missing": 1, "postal_code_invalid": 1},
        ),
    ],
)
def test_staging_check_reports_quarantine_by_rule(tmp_path, rows, passed, rules):
    check = _check_meta(_run_hub(tmp_path, csv_text(rows)))
    assert check["passed"] is passed
    assert check["by_rule"] == rules
    for rule in rules:
        assert rule in check["cases"]


def _check_meta(evaluation):
    meta = {k: v.value for k, v in evaluation.metadata.items()}
    return {
        "passed": evaluation.passed,
        "by_rule": meta["quarantine_by_rule"],
        "cases": meta["failure_cases"],
        "severity": evaluation.severity,
    }


def test_an_unreadable_source_is_a_warning_not_a_step_failure(tmp_path):
    evaluation = _run_hub(tmp_path, b"\x00\x01 not a table")
    meta = {k: v.value for k, v in evaluation.metadata.items()}
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    assert "no landing entry" in meta["error"]  # the first drop was refused at the raw step


@pytest.mark.slow
def test_the_publication_summary_is_stored_with_the_published_asset(sample_run):
    instance = dg.DagsterInstance.from_config(str(sample_run.dagster_home))
    key = dg.AssetCheckKey(dg.AssetKey(["warehouse", "published"]), "publication_summary")
    record = instance.event_log_storage.get_asset_check_execution_history(key, limit=1)[0]
    evaluation = record.event.dagster_event.event_specific_data
    text = evaluation.metadata["summary"].value
    assert "| pes-mauricie-repertoire | 122 | 3 |" in text
    assert "No source is stale." in text
    assert "warehouse/candidate row_count_drop" in text


def test_the_freshness_job_evaluates_checks_only(tmp_path):
    env = make_env(tmp_path, [source("hub", {"inbox": "hub/*.csv"}, cadence="weekly")])
    instance = dg.DagsterInstance.ephemeral()
    env.drop("hub/export.csv", csv_text(HUB_ROWS))
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    assert env.run(source_job_name("hub"), instance).success
    status_file = env.settings.state_dir / "sources" / "hub.json"
    status = json.loads(status_file.read_text("utf-8"))
    status["last_success_at"] = "2020-01-01T00:00:00Z"  # long ago: past 4× a week
    status_file.write_text(json.dumps(status), "utf-8")
    result = env.run(FRESHNESS_JOB, instance)
    assert result.success and not result.get_asset_materialization_events()
    evaluations = {
        e.event_specific_data.asset_key.to_user_string(): e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    assert set(evaluations) == {"raw/hub", "raw/mamh-municipalites"}
    hub = evaluations["raw/hub"]
    assert not hub.passed and hub.severity == dg.AssetCheckSeverity.ERROR
    assert evaluations["raw/mamh-municipalites"].passed  # fetched just now
