"""Fault injection per kind on a loopback server, beside tests/adapters/test_failures.py (503 for
ever, stall, robots disallow, oversize, 429 with Retry-After in seconds) and the paging tests
(a repeated page: test_arcgis, test_ckan, test_paging).

Each fault hits the first request of a kind. Transient faults that clear are retried and leave
no trace in the outcome; faults that last end in a retriable error naming what happened; bytes
of the wrong kind are named. One more test reads the gaps between requests in the server log.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters import adapter_for
from esq.adapters.base import ParseError, RetriableSourceError, SourceError
from esq.http import HttpClient
from tests.http.loopback import client, context, fast_policy, make_source

#: kind -> (first path requested, endpoint for a server at ``base``, extra source fields)
LAYER = "/rest/services/X/FeatureServer/0"
KINDS = {
    "ckan": ("/api/3/action/package_show",
             lambda b: {"base_url": b, "dataset": "d", "resource": "r"}),
    "arcgis": (LAYER, lambda b: {"layer_url": b + LAYER}),
    "html": ("/repertoire", lambda b: {"start_url": b + "/repertoire", "item_selector": "li"}),
    "ocds": ("/api/3/action/package_show", lambda b: {"base_url": b, "dataset": "seao"}),
    "tabular": ("/hub.csv", lambda b: {"url": b + "/hub.csv"}),
}  # fmt: skip
JSON_KINDS = ("ckan", "arcgis", "ocds")


def fetch(server: HTTPServer, tmp_path: Path, kind: str, **policy: object) -> object:
    """The entry fetched, or the error raised."""
    endpoint = KINDS[kind][1]
    extra = {"role": "contracts"} if kind == "ocds" else {}
    source = make_source(kind, endpoint(server.url_for("").rstrip("/")), **extra)
    try:
        return adapter_for(kind).fetch(context(source, tmp_path, client(server, **policy)))
    except SourceError as exc:
        return exc


def answers(*items: object):
    """A handler answering ``items`` in turn (the last one for ever); an exception item drops
    the connection, as a reset does."""
    queue = list(items)

    def handler(_: Request) -> Response:
        handler.calls += 1  # the server's log misses requests whose connection was dropped
        item = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(item, BaseException):
            raise item
        return item

    handler.calls = 0
    return handler


GOOD = Response("Nom\nCoop\n")  # good enough to end the first request of any kind


def in_a_moment() -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(
    ("fault", "calls"),
    [
        (lambda: [Response("", status=500), GOOD], 2),
        (lambda: [ConnectionResetError(), GOOD], 2),
        (lambda: [Response("", status=429, headers={"Retry-After": in_a_moment()}), GOOD], 2),
    ],
    ids=["500-then-success", "reset-then-success", "429-retry-after-http-date"],
)
def test_a_fault_that_clears_is_retried_and_leaves_no_trace(
    httpserver: HTTPServer, tmp_path: Path, kind: str, fault, calls: int
) -> None:
    handler = answers(*fault())
    httpserver.expect_request(KINDS[kind][0]).respond_with_handler(handler)
    outcome = fetch(httpserver, tmp_path, kind)
    assert handler.calls == calls
    if isinstance(outcome, SourceError):  # "Nom\nCoop" is no valid answer for every kind
        # the server's random port may hold « 500 » or « 429 »: only the message's words count
        said = str(outcome).replace(httpserver.url_for("").rstrip("/"), "")
        assert not any(s in said for s in ("500", "429", "reset", "aborted"))


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (answers(ConnectionResetError()), "request failed: ('Connection aborted."),
        (
            answers(Response(iter([b"partial"]), headers={"Content-Length": "100000"})),
            "read failed",
        ),
    ],
    ids=["reset-forever", "truncated-body"],
)
def test_a_fault_that_lasts_is_retriable_and_named(
    httpserver: HTTPServer, tmp_path: Path, kind: str, handler, message: str
) -> None:
    httpserver.expect_request(KINDS[kind][0]).respond_with_handler(handler)
    outcome = fetch(httpserver, tmp_path, kind, read_timeout=1)
    assert isinstance(outcome, RetriableSourceError), outcome
    assert message in str(outcome) or "timed out" in str(outcome)


@pytest.mark.parametrize("kind", JSON_KINDS)
def test_html_instead_of_json_is_named(httpserver: HTTPServer, tmp_path: Path, kind: str):
    page = "<!DOCTYPE html><html><head><title>Maintenance</title></head></html>"
    httpserver.expect_request(KINDS[kind][0]).respond_with_data(page, content_type="text/html")
    outcome = fetch(httpserver, tmp_path, kind)
    assert isinstance(outcome, ParseError)
    assert "expected JSON but got an HTML page" in str(outcome)
    assert "lexical" not in str(outcome) and "Expecting value" not in str(outcome)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_an_unreachable_host_is_reported_as_unreachable(tmp_path: Path, kind: str) -> None:
    endpoint = KINDS[kind][1]
    extra = {"role": "contracts"} if kind == "ocds" else {}
    source = make_source(kind, endpoint("http://127.0.0.1:9"), **extra)
    http_client = HttpClient(fast_policy(max_retries=1))
    with pytest.raises(RetriableSourceError, match="host unreachable") as err:
        adapter_for(kind).fetch(context(source, tmp_path, http_client))
    assert "disallowed" not in str(err.value)


def test_no_gap_below_the_interval_even_across_retries(httpserver: HTTPServer) -> None:
    """Failures, retries and the next requests to one host, timed at the server."""
    interval = 0.3
    arrivals: list[float] = []

    def logged(handler):
        def wrapped(request: Request) -> Response:
            arrivals.append(time.monotonic())
            return handler(request)

        return wrapped

    httpserver.expect_request("/robots.txt").respond_with_handler(
        logged(lambda _: Response("", status=404))
    )
    httpserver.expect_request("/a").respond_with_handler(
        logged(answers(Response("", status=503), ConnectionResetError(), Response("a")))
    )
    httpserver.expect_request("/b").respond_with_handler(logged(lambda _: Response("b")))
    http = client(httpserver, min_interval=interval, max_retries=3)
    for path in ("/a", "/b", "/b"):
        http.get(httpserver.url_for(path), source_id="s")
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert len(arrivals) == 6 and min(gaps) >= interval, gaps
