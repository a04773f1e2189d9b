"""A bad day: five sources fail in five ways; the run still publishes with their last good data,
marks them stale in `sources` and says so in its summary."""

from __future__ import annotations

import time

import dagster as dg
import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from assets.summary_tables import run_summary
from esq.status import read_status
from pipelines.definitions import EVERYTHING_JOB
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, new_run_process, source

pytestmark = pytest.mark.slow

URL_SOURCES = ("city-500", "city-timeout", "city-robots", "city-malformed")
#: source -> what its last_error must say
FAILING = {
    "city-500": "HTTP 500",
    "city-timeout": "timed out",
    "city-robots": "robots.txt",
    "city-malformed": "no column 'Nom'",
    "hub-broken": "cannot be read",
}


def rows_for(sid: str) -> list[tuple[str, str, str]]:
    return [(f"{name} {sid}", town, postal) for name, town, postal in HUB_ROWS]


def serve(httpserver, bad: bool) -> None:
    httpserver.clear()
    robots = "User-agent: *\nDisallow: /city-robots.csv\n" if bad else "User-agent: *\nAllow: /\n"
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    for sid in URL_SOURCES:
        httpserver.expect_request(f"/{sid}.csv").respond_with_handler(
            lambda request, sid=sid: answer(sid, bad)
        )


def answer(sid: str, bad: bool) -> Response:
    if bad and sid == "city-500":
        return Response("internal error", status=500)
    if bad and sid == "city-timeout":
        time.sleep(1.2)  # longer than the test client's read timeout
    if bad and sid == "city-malformed":
        return Response(b"\x00\x01binary junk\xff" * 20, content_type="text/csv")
    return Response(csv_text(rows_for(sid)), content_type="text/csv")


def published_counts(env) -> dict[str, tuple[int, bool, str]]:
    with duckdb.connect(str(env.settings.warehouse_path), read_only=True) as con:
        listed = dict(con.execute("SELECT source_id, count(*) FROM listings GROUP BY 1").fetchall())
        rows = con.execute("SELECT source_id, stale, fetch_ref FROM sources").fetchall()
    return {sid: (listed.get(sid, 0), stale, ref) for sid, stale, ref in rows}


@pytest.fixture
def httpserver():
    """A threaded loopback server: the slow answer must not hold up the other sources'."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_one_source_failing_never_stops_the_others(tmp_path, httpserver):
    env = make_env(
        tmp_path,
        [
            *(source(sid, {"url": httpserver.url_for(f"/{sid}.csv")}) for sid in URL_SOURCES),
            source("hub-broken", {"inbox": "broken/*.csv"}),
            source("hub-good", {"inbox": "good/*.csv"}),
        ],
    )
    env.drop("broken/export.csv", csv_text(rows_for("hub-broken")))
    env.drop("good/export.csv", csv_text(rows_for("hub-good")))
    instance = dg.DagsterInstance.ephemeral()
    serve(httpserver, bad=False)
    assert env.run(EVERYTHING_JOB, instance).success
    before = published_counts(env)
    assert all(count == 3 and not stale for count, stale, _ in before.values() if count)

    serve(httpserver, bad=True)
    new_run_process()  # the next run is a new process: robots.txt is read again
    env.drop("broken/export.csv", b"PK\x03\x04\x14\x00 not a table at all")
    env.drop(
        "good/export.csv", csv_text([*rows_for("hub-good"), ("Nouvelle coop", "Magog", "J1X 2E6")])
    )
    result = env.run(EVERYTHING_JOB, instance)
    assert result.success
    after = published_counts(env)
    for sid, reason in FAILING.items():
        count, stale, ref = after[sid]
        assert stale, sid
        assert (count, ref) == (before[sid][0], before[sid][2]), f"{sid} kept its last good data"
        assert reason in read_status(env.settings.state_dir, sid).last_error
    assert after["hub-good"][:2] == (4, False) and after["hub-good"][2] != before["hub-good"][2]

    summary = run_summary(result, env.settings)
    assert "published to" in summary
    for sid in FAILING:
        assert next(line for line in summary.splitlines() if line.startswith(f"{sid} ")).count(
            "yes"
        )
    checks = [
        e.event_specific_data
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    report = next(c for c in checks if c.check_name == "publication_summary")
    text = report.metadata["summary"].value
    assert "Stale (published with their last good data)" in text
    assert all(sid in text for sid in FAILING)
