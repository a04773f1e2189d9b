"""One dead source costs a run its retry budget at most (HTTP and Dagster retries together), and
a Retry-After longer than the budget makes it stale at once; the next run asks the host nothing
before the time it asked for. Gaps between requests to the host never fall below its interval."""

from __future__ import annotations

import itertools
import time

import dagster as dg
import pytest
from werkzeug import Response

from assets.raw import build_raw_asset
from assets.resources import HttpResource
from esq.catalog import load_catalog
from esq.status import read_status
from tests.operations.ops_env import make_env, new_run_process, source

BUDGET = 4.0
INTERVAL = 0.2
RETRY = dg.RetryPolicy(max_retries=2, delay=0.5)


def _run(env, sid: str) -> tuple[dg.ExecuteInProcessResult, float]:
    asset = build_raw_asset(load_catalog(env.catalog_path).get(sid), RETRY)
    http = HttpResource(min_interval_seconds=INTERVAL, read_timeout=10, retry_budget_seconds=BUDGET)
    started = time.monotonic()
    result = dg.materialize(
        [asset],
        resources={"esq": env.esq(), "http": http},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    return result, time.monotonic() - started


def _gaps(server, path: str) -> list[float]:
    times = [t for t, p in server.arrivals if p == path]
    return [b - a for a, b in itertools.pairwise(times)]


@pytest.fixture
def env(tmp_path, httpserver):
    httpserver.arrivals = []
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    return make_env(tmp_path, [source("dead", {"url": httpserver.url_for("/dead.csv")})])


@pytest.mark.parametrize("answer", ["503", "reset", "stall"])
def test_a_dead_source_costs_at_most_its_budget(env, httpserver, answer):
    def handler(request):
        httpserver.arrivals.append((time.monotonic(), request.path))
        if answer == "stall":
            time.sleep(BUDGET + 1)  # never answers within the budget
        if answer == "reset":
            raise ConnectionResetError  # werkzeug drops the connection
        return Response("busy", status=503)

    httpserver.expect_request("/dead.csv").respond_with_handler(handler)
    result, elapsed = _run(env, "dead")
    assert result.success  # the step ends: the source is stale, the run goes on
    # the budget, plus Dagster's own start-up on a shared machine
    assert elapsed < BUDGET + 5.0, f"a dead source held the run {elapsed:.1f} s"
    status = read_status(env.settings.state_dir, "dead")
    assert status.stale and status.last_fetch_status == "failed"
    assert min(_gaps(httpserver, "/dead.csv"), default=INTERVAL) >= INTERVAL


def test_a_long_retry_after_is_stale_now_and_honoured_by_the_next_run(env, httpserver):
    def handler(request):
        httpserver.arrivals.append((time.monotonic(), request.path))
        return Response("later", status=429, headers={"Retry-After": "3600"})

    httpserver.expect_request("/dead.csv").respond_with_handler(handler)
    result, elapsed = _run(env, "dead")
    assert result.success and elapsed < 2.0
    status = read_status(env.settings.state_dir, "dead")
    assert status.stale and "asked to wait 3600 s" in status.last_error
    new_run_process()
    _run(env, "dead")
    assert len(httpserver.arrivals) == 1  # nothing asked before the time the server asked for
    assert "not to be called before" in read_status(env.settings.state_dir, "dead").last_error
