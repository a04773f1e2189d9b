"""Every HTTP adapter fails the same clear way: 503, timeout, robots.txt, oversize, 429."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from esq.adapters import arcgis, ckan, html
from esq.adapters.base import RetriableSourceError, SourceError
from esq.http import RobotsDisallowed
from esq.landing import LandingZone
from tests.http.loopback import (
    SlowHandler,
    client,
    context,
    make_source,
    paths_requested,
    sequence,
)

#: kind -> (adapter, first path requested, endpoint for a server at ``base``)
CASES = {
    "ckan": (
        ckan.ADAPTER,
        "/api/3/action/package_show",
        lambda base: {"base_url": base, "dataset": "d", "resource": "r"},
    ),
    "arcgis": (
        arcgis.ADAPTER,
        "/rest/services/X/FeatureServer/0",
        lambda base: {"layer_url": base + "/rest/services/X/FeatureServer/0"},
    ),
    "html": (
        html.ADAPTER,
        "/repertoire",
        lambda base: {"start_url": base + "/repertoire", "item_selector": "li"},
    ),
}
KINDS = sorted(CASES)


def run(server: HTTPServer, tmp_path: Path, kind: str, http=None):
    adapter, _, endpoint = CASES[kind]
    source = make_source(kind, endpoint(server.url_for("").rstrip("/")))
    return adapter.fetch(context(source, tmp_path, http or client(server)))


@pytest.mark.parametrize("kind", KINDS)
def test_503_on_every_try_fails_the_source_with_status_and_url(
    httpserver: HTTPServer, tmp_path: Path, kind: str
) -> None:
    path = CASES[kind][1]
    httpserver.expect_request(path).respond_with_data("busy", status=503)
    with pytest.raises(RetriableSourceError, match="HTTP 503 after 2 retries") as err:
        run(httpserver, tmp_path, kind)
    assert f"test-{kind}" in str(err.value) and httpserver.url_for(path) in str(err.value)
    assert LandingZone(tmp_path).entries(f"test-{kind}") == []


@pytest.mark.parametrize("kind", KINDS)
def test_slow_answer_times_out(httpserver: HTTPServer, tmp_path: Path, kind: str) -> None:
    slow = SlowHandler(delay=1.5)
    httpserver.expect_request(CASES[kind][1]).respond_with_handler(slow)
    http = client(httpserver, read_timeout=0.5, max_retries=0)
    try:
        with pytest.raises(RetriableSourceError, match="timed out"):
            run(httpserver, tmp_path, kind, http)
    finally:
        slow.finish()


@pytest.mark.parametrize("kind", KINDS)
def test_robots_disallow_fetches_nothing(httpserver: HTTPServer, tmp_path: Path, kind: str) -> None:
    path = CASES[kind][1]
    httpserver.expect_request("/robots.txt").respond_with_data(f"User-agent: *\nDisallow: {path}\n")
    httpserver.expect_request(path).respond_with_data("should not be asked")
    with pytest.raises(RobotsDisallowed):
        run(httpserver, tmp_path, kind, client(httpserver))
    assert paths_requested(httpserver) == ["/robots.txt"]


@pytest.mark.parametrize("kind", KINDS)
def test_oversize_answer_is_refused(httpserver: HTTPServer, tmp_path: Path, kind: str) -> None:
    httpserver.expect_request(CASES[kind][1]).respond_with_data("x" * 5000)
    with pytest.raises(SourceError, match="exceeds the cap of 1000 bytes") as err:
        run(httpserver, tmp_path, kind, client(httpserver, max_bytes=1000))
    assert not err.value.retriable


@pytest.mark.parametrize("kind", KINDS)
def test_429_with_retry_after_is_waited_then_the_answer_is_used(
    httpserver: HTTPServer, tmp_path: Path, kind: str
) -> None:
    path = CASES[kind][1]
    too_many = Response("", status=429, headers={"Retry-After": "1"})
    httpserver.expect_request(path).respond_with_handler(sequence(too_many, Response("[]")))
    started = time.monotonic()
    with pytest.raises(SourceError) as err:  # "[]" is no valid answer: the next stage says so
        run(httpserver, tmp_path, kind)
    assert time.monotonic() - started >= 0.95
    # the server's random port may hold « 429 » (« localhost:42919 »): the words are what count
    assert "429" not in str(err.value).replace(httpserver.url_for("").rstrip("/"), "")
    assert paths_requested(httpserver).count(path) == 2
