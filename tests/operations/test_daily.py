"""`esq run`'s daily path (pipelines.daily): a pre-flight without Dagster launches no run when
nothing changed since the last successful run, and a run whenever something a run depends on
changed: a source's data, esq's code, the catalog, an output, a fetch failure, a run killed
half-way; ``--force`` always runs. One home goes through the days in order."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pytest
import yaml
from pytest_httpserver import HTTPServer

from assets.resources import HttpResource
from esq.catalog import load_catalog
from esq.config import Settings
from esq.status import read_status
from pipelines import daily, fingerprint, prefetch
from pipelines.schedules import publish_decision
from tests.operations.ops_env import HUB_ROWS, OpsEnv, csv_text, make_env, new_run_process, source

pytestmark = pytest.mark.slow

CITY = [("Atelier Beta", "Sherbrooke", "J1H 1A1"), ("Coop Gamma", "Magog", "J1X 2E6")]
HUB = "hub/hub.csv"


def _staged(outcome: daily.Outcome) -> set[str]:
    """The listing sources the run staged again (not reused)."""
    out = set()
    for event in outcome.result.get_asset_materialization_events():
        key = event.asset_key.path
        if key[0] == "staging" and not event.materialization.metadata["reused"].value:
            out.add(key[1])
    return out


def _run(env: OpsEnv, **kw: object) -> daily.Outcome:
    new_run_process()
    return daily.run(env.settings, env.catalog_path, http=env.http, **kw)


def _change_hub(env: OpsEnv, _server: HTTPServer) -> None:
    env.drop(HUB, csv_text([*HUB_ROWS, ("Nouvelle coop", "Sherbrooke", "J1H 6K7")]))


def _change_code(_env: OpsEnv, _server: HTTPServer) -> None:
    fingerprint.code_version = lambda: "edited"  # as an edit of any file of esq's packages


def _change_catalog(env: OpsEnv, _server: HTTPServer) -> None:
    catalog = yaml.safe_load(env.catalog_path.read_text("utf-8"))
    catalog["sources"][1]["title"] = "Hub, renamed"
    env.catalog_path.write_text(yaml.safe_dump(catalog, allow_unicode=True), "utf-8")


def _remove_city(env: OpsEnv, _server: HTTPServer) -> None:
    catalog = yaml.safe_load(env.catalog_path.read_text("utf-8"))
    catalog["sources"] = [s for s in catalog["sources"] if s["id"] != "city"]
    env.catalog_path.write_text(yaml.safe_dump(catalog, allow_unicode=True), "utf-8")


def _delete_output(env: OpsEnv, _server: HTTPServer) -> None:
    (env.home / "staging" / "core" / "enterprises.parquet").unlink()


def _review_decision(env: OpsEnv, _server: HTTPServer) -> None:
    env.settings.layout.decisions.parent.mkdir(parents=True, exist_ok=True)
    env.settings.layout.decisions.write_text(
        "left_record,right_record,decision,reviewer,decided_at\n", "utf-8"
    )


def _break_city(_env: OpsEnv, server: HTTPServer) -> None:
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/city.csv").respond_with_data("gone", status=404)


def _mend_city(env: OpsEnv, server: HTTPServer) -> None:
    _serve(server)


def _killed_run(env: OpsEnv, server: HTTPServer) -> None:
    """A run stopped half-way: the record of the last good run is gone before it starts."""
    import pipelines.runner

    def killed(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    env.drop(HUB, csv_text([*HUB_ROWS, ("Autre coop", "Magog", "J1X 2E6")]))
    real, pipelines.runner.run_pipeline = pipelines.runner.run_pipeline, killed
    try:
        with pytest.raises(KeyboardInterrupt):
            _run(env)
    finally:
        pipelines.runner.run_pipeline = real
    _change_hub(env, server)  # back to the staged bytes: only the kill is left


def _nothing(_env: OpsEnv, _server: HTTPServer) -> None:
    """An unchanged day."""


def _serve(server: HTTPServer) -> None:
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/city.csv").respond_with_data(csv_text(CITY), content_type="text/csv")


Day = tuple[str, Callable[[OpsEnv, HTTPServer], None], dict, str | None, set[str] | None]
#: (what happened, the change, run options, why a run was launched (None: none), restaged)
DAYS: list[Day] = [
    ("first run", _nothing, {}, "no successful run is recorded", {"hub", "city"}),
    ("unchanged", _nothing, {}, None, None),
    ("one source changed", _change_hub, {}, "source hub landed new data", {"hub"}),
    ("unchanged again", _nothing, {}, None, None),
    ("--force", _nothing, {"force": True}, "--force", set()),
    ("code changed", _change_code, {}, "esq's code changed", set()),
    ("catalog changed", _change_catalog, {}, "the catalog changed", {"hub"}),
    ("output deleted", _delete_output, {}, "staging/core/enterprises.parquet was removed", set()),
    ("review decision", _review_decision, {}, "review/decisions.csv is new", set()),
    ("unchanged after all that", _nothing, {}, None, None),
    ("failing source", _break_city, {}, "source city failed in the pre-flight", set()),
    ("source mended", _mend_city, {}, "source city's fetch status changed", set()),
    ("run killed half-way", _killed_run, {}, "no successful run is recorded", set()),
    ("source removed", _remove_city, {}, "the catalog changed", set()),
    ("unchanged at last", _nothing, {}, None, None),
]


def test_days_of_the_daily_path(tmp_path: Path, httpserver: HTTPServer) -> None:
    _serve(httpserver)
    city = source("city", {"url": httpserver.url_for("/city.csv")})
    env = make_env(tmp_path, [source("hub", {"inbox": HUB}), city])
    env.drop(HUB, csv_text(HUB_ROWS))
    code_version = fingerprint.code_version
    try:
        for label, change, options, why, restaged in DAYS:
            change(env, httpserver)
            outcome = _run(env, **options)
            history = daily.history(env.settings)[-1]
            if why is None:
                assert outcome.result is None, f"{label}: a run was launched ({outcome.reason})"
                assert history["outcome"] == "up to date", label
                assert history["since_run"] == daily.read_stamp(env.settings)["run_id"], label
                continue
            assert outcome.result is not None, f"{label}: no run"
            assert outcome.reason.startswith(why), f"{label}: {outcome.reason}"
            assert outcome.result.success, label
            assert _staged(outcome) == restaged, label
            assert history == {**history, "outcome": "succeeded", "reason": outcome.reason}
            assert daily.read_stamp(env.settings)["run_id"] == outcome.result.run_id, label
            if label == "first run":  # the pre-flight fetched it; the run's raw step did not
                assert [r.path for r, _ in httpserver.log].count("/city.csv") == 1
            if label == "failing source":  # fetched once, by the pre-flight; kept stale
                status = read_status(env.settings.state_dir, "city")
                assert status.stale and status.consecutive_failures == 1
    finally:
        fingerprint.code_version = code_version


def test_the_publish_schedule_skips_naming_the_run(tmp_path: Path) -> None:
    env = make_env(tmp_path, [source("hub", {"inbox": HUB})])
    env.drop(HUB, csv_text(HUB_ROWS))
    catalog = load_catalog(env.catalog_path)
    assert isinstance(publish_decision(catalog, env.settings), dg.RunRequest)
    run_id = _run(env).result.run_id
    decision = publish_decision(catalog, env.settings)
    assert isinstance(decision, dg.SkipReason) and run_id in decision.skip_message
    (env.home / "staging" / "hub" / "listings.parquet").unlink()
    decision = publish_decision(catalog, env.settings)
    assert isinstance(decision, dg.RunRequest)
    assert decision.tags["esq/why"] == "staging/hub/listings.parquet was removed"


def test_nothing_changed_is_decided_without_dagster(tmp_path: Path, httpserver: HTTPServer) -> None:
    """`esq run` on an unchanged home (an inbox and a web source, live): one line, exit 0, and
    Dagster, pandas, DuckDB and pandera never imported (`python -X importtime` shows the same)."""
    _serve(httpserver)
    city = source("city", {"url": httpserver.url_for("/city.csv")})
    env = make_env(tmp_path, [source("hub", {"inbox": HUB}), city])
    env.drop(HUB, csv_text(HUB_ROWS))
    assert _run(env).result.success
    script = (
        "import sys, json; from pipelines.cli import main; code = main(sys.argv[1:]); "
        "print(json.dumps([code, sorted(m for m in ('dagster', 'pandas', 'duckdb', 'pandera') "
        "if m in sys.modules)]))"
    )
    args = ["--home", str(env.home), "--mode", "live", "--catalog", str(env.catalog_path), "run"]
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith("nothing changed since run ")
    assert out[0].endswith("`--force` runs anyway")
    assert json.loads(out[-1]) == [0, []]


def test_the_preflight_client_has_the_raw_steps_policy(tmp_path: Path) -> None:
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_CONTACT": "ops@example.org"})
    raw_step = HttpResource().client(settings.contact, settings.layout.not_before).policy
    assert prefetch._client(settings).policy == raw_step
    assert raw_step.contact == "ops@example.org" and raw_step.max_bytes == 500 * 2**20
