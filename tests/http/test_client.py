"""HttpClient against a loopback server: retries, timeouts, robots, throttling, 304, size caps."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import ParseError, RetriableSourceError, SourceError
from esq.errors import DeferredSourceError
from esq.http import HttpClient, RobotsDisallowed, user_agent
from esq.landing import LandedFile, LandingWriter
from esq.politeness import with_margin
from tests.http.loopback import (
    SlowHandler,
    allow_robots,
    client,
    fast_policy,
    paths_requested,
    sequence,
)


class FakeClock:
    """A monotonic clock that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_user_agent_names_esq_version_and_contact(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("ok")
    http = client(httpserver)
    assert http.get(httpserver.url_for("/a"), source_id="s").text == "ok"
    sent = httpserver.log[-1][0].headers["User-Agent"]
    assert sent == user_agent("tests@example.org")
    assert sent.startswith("esq/0.1.0 (") and sent.endswith("tests@example.org)")


def test_429_with_retry_after_is_waited_then_succeeds(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/r").respond_with_handler(
        sequence(Response("slow down", status=429, headers={"Retry-After": "1"}), Response("fine"))
    )
    http = client(httpserver)
    started = time.monotonic()
    assert http.get(httpserver.url_for("/r"), source_id="s").text == "fine"
    assert time.monotonic() - started >= 0.95  # the backoff factor alone would wait 0.01 s
    assert paths_requested(httpserver).count("/r") == 2


@pytest.mark.parametrize(
    "retry_after",
    [lambda: "3600", lambda: format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)],
    ids=["seconds", "http-date"],
)
def test_retry_after_longer_than_the_budget_is_stale_now_and_remembered(
    httpserver: HTTPServer, tmp_path: Path, retry_after
) -> None:
    httpserver.expect_request("/later").respond_with_data(
        "", status=503, headers={"Retry-After": retry_after()}
    )
    url = httpserver.url_for("/later")
    started = time.monotonic()
    http = HttpClient(fast_policy(), not_before=tmp_path / "not_before.json")
    allow_robots(httpserver)
    http.set_deadline("s", time.time() + 30)
    with pytest.raises(DeferredSourceError, match=r"asked to wait 3[56]\d\d s") as err:
        http.get(url, source_id="s")
    assert time.monotonic() - started < 2 and url in str(err.value)
    assert not err.value.retriable  # stale now: no Dagster retry either
    # the next run (a new process) asks nothing of the host before the time it asked for
    again = HttpClient(fast_policy(), not_before=tmp_path / "not_before.json")
    with pytest.raises(DeferredSourceError, match="not to be called before"):
        again.get(url, source_id="s")
    assert paths_requested(httpserver).count("/later") == 1
    assert paths_requested(httpserver).count("/robots.txt") == 1


@pytest.mark.parametrize("status", [503, 500, 502, 504, 429])
def test_5xx_on_every_try_is_retriable_and_names_source_and_url(
    httpserver: HTTPServer, status: int
) -> None:
    httpserver.expect_request("/down").respond_with_data("no", status=status)
    http = client(httpserver, max_retries=2)
    url = httpserver.url_for("/down")
    with pytest.raises(RetriableSourceError) as err:
        http.get(url, source_id="city-x")
    assert "city-x" in str(err.value) and url in str(err.value)
    assert f"HTTP {status}" in str(err.value)
    assert paths_requested(httpserver).count("/down") == 3  # first try + 2 retries


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_4xx_is_fatal_with_the_status(httpserver: HTTPServer, status: int) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=status)
    with pytest.raises(SourceError) as err:
        client(httpserver).get(httpserver.url_for("/gone"), source_id="s")
    assert not err.value.retriable
    assert f"HTTP {status}: nope" in str(err.value)


def test_slow_response_times_out(httpserver: HTTPServer) -> None:
    slow = SlowHandler(delay=1.5)
    httpserver.expect_request("/slow").respond_with_handler(slow)
    http = client(httpserver, read_timeout=0.5, max_retries=0)
    url = httpserver.url_for("/slow")
    started = time.monotonic()
    try:
        with pytest.raises(RetriableSourceError, match="timed out") as err:
            http.get(url, source_id="slow-src")
    finally:
        slow.finish()
    assert time.monotonic() - started < 1.4
    assert "slow-src" in str(err.value) and url in str(err.value)


def test_connection_refused_is_retriable() -> None:
    http = HttpClient(fast_policy(max_retries=0, respect_robots=False))
    with pytest.raises(RetriableSourceError, match="request failed"):
        http.get("http://127.0.0.1:9/x", source_id="s")


@pytest.mark.parametrize(
    ("robots", "status", "allowed"),
    [
        ("User-agent: *\nDisallow: /private\n", 200, False),
        ("User-agent: esq\nDisallow: /*.csv$\n", 200, False),  # wildcard rule (protego)
        ("User-agent: otherbot\nDisallow: /\n", 200, True),
        ("", 404, True),  # RFC 9309: 4xx = no rules
    ],
)
def test_robots_rules_are_honoured_before_any_request(
    httpserver: HTTPServer, robots: str, status: int, allowed: bool
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data(robots, status=status)
    httpserver.expect_request("/private/data.csv").respond_with_data("a,b\n")
    http = HttpClient(fast_policy(max_retries=0))
    url = httpserver.url_for("/private/data.csv")
    if allowed:
        assert http.get(url, source_id="s").text == "a,b\n"
    else:
        with pytest.raises(RobotsDisallowed, match=r"robots\.txt") as err:
            http.get(url, source_id="hub-y")
        assert "hub-y" in str(err.value) and url in str(err.value)
        assert "/private/data.csv" not in paths_requested(httpserver)


def test_a_failing_or_unreachable_host_is_reported_as_such_not_as_robots(
    httpserver: HTTPServer,
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    http = HttpClient(fast_policy(max_retries=1))
    with pytest.raises(RetriableSourceError, match=r"host unavailable \(robots.txt: HTTP 503"):
        http.get(httpserver.url_for("/data.csv"), source_id="s")  # RFC 9309: nothing fetched
    assert paths_requested(httpserver) == ["/robots.txt", "/robots.txt"]  # retried, not cached
    with pytest.raises(RetriableSourceError, match="host unreachable") as err:
        http.get("http://127.0.0.1:9/data.csv", source_id="s")
    assert "disallowed" not in str(err.value)


def test_robots_is_fetched_once_per_host(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("x")
    http = client(httpserver)
    for _ in range(3):
        http.get(httpserver.url_for("/p"), source_id="s")
    assert paths_requested(httpserver).count("/robots.txt") == 1


@pytest.mark.parametrize(("robots", "expected_wait"), [("", 1.0), ("Crawl-delay: 3\n", 3.0)])
def test_min_interval_per_host_and_crawl_delay_wins(
    httpserver: HTTPServer, robots: str, expected_wait: float
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\n" + robots)
    httpserver.expect_request("/p").respond_with_data("x")
    clock = FakeClock()
    http = HttpClient(fast_policy(min_interval=1.0), clock=clock, sleep=clock.sleep)
    http.get(httpserver.url_for("/p"), source_id="s")
    http.get(httpserver.url_for("/p"), source_id="s")
    assert clock.sleeps[-1] == pytest.approx(with_margin(expected_wait))
    assert clock.sleeps[-1] > expected_wait  # a margin: no gap at the server below it


def _writer(tmp_path: Path) -> LandingWriter:
    return LandingWriter(tmp_path, "src", mode="live")


def test_download_streams_into_landing_and_records_validators(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = b"id;nom\n1;Coop\n" * 10_000
    headers = {"ETag": '"v1"', "Last-Modified": "Tue, 01 Sep 2026 00:00:00 GMT"}
    httpserver.expect_request("/f.csv").respond_with_data(body, headers=headers)
    writer = _writer(tmp_path)
    landed = client(httpserver).download(
        httpserver.url_for("/f.csv"), writer, "f.csv", source_id="src", params={"k": "v"}
    )
    entry = writer.commit()
    assert landed is not None and landed.size == len(body) and landed.etag == '"v1"'
    assert landed.params == {"k": "v"} and landed.http_status == 200
    assert entry.file_path("f.csv").read_bytes() == body


def test_304_returns_none_after_sending_validators(httpserver: HTTPServer, tmp_path: Path) -> None:
    previous = LandedFile(
        name="f.csv",
        url="u",
        size=1,
        sha256="0" * 64,
        etag='"v1"',
        last_modified="Tue, 01 Sep 2026 00:00:00 GMT",
    )
    httpserver.expect_request(
        "/f.csv",
        headers={"If-None-Match": '"v1"', "If-Modified-Since": "Tue, 01 Sep 2026 00:00:00 GMT"},
    ).respond_with_data("", status=304)
    writer = _writer(tmp_path)
    assert (
        client(httpserver).download(
            httpserver.url_for("/f.csv"), writer, "f.csv", source_id="src", previous=previous
        )
        is None
    )
    writer.abort()


def _stream(size: int):
    def handler(_: Request) -> Response:
        # a generator body: no Content-Length, the cap must be counted
        return Response((b"x" * 1024 for _ in range(size // 1024)), direct_passthrough=True)

    return handler


@pytest.mark.parametrize("declared", [True, False])
def test_oversize_body_is_refused(httpserver: HTTPServer, tmp_path: Path, declared: bool) -> None:
    if declared:
        httpserver.expect_request("/big").respond_with_data(b"x" * 50_000)
    else:
        httpserver.expect_request("/big").respond_with_handler(_stream(50_000))
    http = client(httpserver, max_bytes=10_000)
    with pytest.raises(SourceError, match="exceeds the cap of 10000 bytes") as err:
        http.download(httpserver.url_for("/big"), _writer(tmp_path), "b", source_id="src")
    assert not err.value.retriable
    with pytest.raises(SourceError, match="exceeds the cap"):
        http.get(httpserver.url_for("/big"), source_id="src")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("<html>maintenance</html>", "expected JSON but got an HTML page"),
        ("<html><title>Entretien</title></html>", "expected JSON but got an HTML page (title "),
        ('{"result": [1, 2', "malformed JSON"),
    ],
)
def test_a_body_that_is_not_json_is_a_parse_error_naming_source_url_and_content(
    httpserver: HTTPServer, body: str, message: str
) -> None:
    httpserver.expect_request("/api").respond_with_data(body)
    url = httpserver.url_for("/api")
    with pytest.raises(ParseError, match=re.escape(message)) as err:
        client(httpserver).get_json(url, source_id="ckan-x")
    assert "ckan-x" in str(err.value) and url in str(err.value)


def test_download_progress_is_logged(httpserver: HTTPServer, tmp_path: Path, caplog) -> None:
    httpserver.expect_request("/f").respond_with_data(b"x" * 5000)
    with caplog.at_level("INFO", logger="esq.http"):
        client(httpserver).download(httpserver.url_for("/f"), _writer(tmp_path), "f", source_id="s")
    assert any("received" in r.message and "5000 bytes" in r.message for r in caplog.records)
