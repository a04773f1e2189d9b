"""Raw steps: a transient failure is retried by the RetryPolicy and only the last attempt marks
the source stale; a failure that retrying cannot fix (robots, bad bytes) is never retried."""

from __future__ import annotations

import dagster as dg
import pytest
from werkzeug import Response

from assets.raw import build_raw_asset
from esq.catalog import load_catalog
from esq.landing import LandingZone
from esq.status import read_status
from tests.operations.ops_env import (
    FAST_RETRY,
    HUB_ROWS,
    csv_text,
    make_env,
    new_run_process,
    source,
)

GOOD = csv_text(HUB_ROWS)


def _materialize(env, source_id):
    asset = build_raw_asset(load_catalog(env.catalog_path).get(source_id), FAST_RETRY)
    result = dg.materialize(
        [asset],
        resources={"esq": env.esq(), "http": env.http},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    mats = result.asset_materializations_for_node(asset.op.name)
    return result, ({k: v.value for k, v in mats[-1].metadata.items()} if mats else {})


def _serve(httpserver, answers, robots="User-agent: *\nAllow: /\n"):
    """Answer /city.csv with ``answers`` in turn (the last one forever)."""
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    calls = []

    def handler(request):
        calls.append(request.path)
        status, body = answers[min(len(calls), len(answers)) - 1]
        return Response(body, status=status, content_type="text/csv")

    httpserver.expect_request("/city.csv").respond_with_handler(handler)
    return calls


@pytest.fixture
def env(tmp_path, httpserver):
    return make_env(tmp_path, [source("city", {"url": httpserver.url_for("/city.csv")})])


def test_a_transient_failure_is_retried_and_then_succeeds(env, httpserver):
    calls = _serve(httpserver, [(503, "busy"), (200, GOOD)])
    result, meta = _materialize(env, "city")
    assert result.success and len(calls) == 2
    assert meta["retries_used"] == 1 and meta["stale"] is False
    status = read_status(env.settings.state_dir, "city")
    assert status.fetch_ref and not status.stale and status.consecutive_failures == 0
    # the retried attempt left no failed entry: only the last attempt is recorded
    assert [e.manifest.status for e in LandingZone(env.settings.landing_root).entries("city")] == [
        "success"
    ]


@pytest.mark.parametrize(
    ("answers", "robots", "calls_expected", "retries", "message"),
    [
        ([(503, "busy")], None, 2, 1, "HTTP 503"),  # transient forever: retried, then stale
        ([(200, "<html><body>Maintenance</body></html>")], None, 1, 0, "city.csv is an HTML page"),
        ([(200, GOOD)], "User-agent: *\nDisallow: /city.csv\n", 0, 0, "robots"),
    ],
)
def test_failures_end_stale_and_succeed_without_advancing(
    env, httpserver, answers, robots, calls_expected, retries, message
):
    calls = _serve(httpserver, [(200, GOOD)])
    _materialize(env, "city")
    good_ref = read_status(env.settings.state_dir, "city").fetch_ref
    httpserver.clear()
    new_run_process()
    calls = _serve(httpserver, answers, **({"robots": robots} if robots else {}))
    result, meta = _materialize(env, "city")
    assert result.success, "a failing source must not fail its step on the last attempt"
    assert len(calls) == calls_expected and meta["retries_used"] == retries
    status = read_status(env.settings.state_dir, "city")
    assert status.stale and status.fetch_ref == good_ref and status.consecutive_failures == 1
    assert message in status.last_error and meta["fetch_ref"] == good_ref
