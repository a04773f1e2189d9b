"""The one HTTP client of the project: polite, bounded, and explicit when it fails.

Every request goes through :class:`HttpClient`: connect/read timeouts, retries with exponential
backoff on 429/5xx and connection failures honouring ``Retry-After``, a descriptive User-Agent,
robots.txt (:mod:`esq.politeness`), a minimum interval per host (a site's Crawl-delay wins) that
every retry goes through too, conditional GET and a size cap. A source may be given a deadline
(:meth:`HttpClient.set_deadline`, its retry budget): no retry is made, and no read waits, past
it. A Retry-After longer than the budget makes the source stale at once and is remembered per
host (:class:`esq.politeness.NotBefore`): nothing is asked of the host before that time. Every
failure is raised as :class:`~esq.adapters.base.SourceError` (fatal),
:class:`~esq.adapters.base.RetriableSourceError` or :class:`~esq.errors.DeferredSourceError`,
naming the source and the URL.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import requests
from urllib3.exceptions import HTTPError as Urllib3Error

from esq.content import describe_content
from esq.errors import DeferredSourceError, ParseError, RetriableSourceError, SourceError
from esq.landing import LandedFile, LandingWriter
from esq.politeness import HostThrottle, NotBefore, RobotsCache, RobotsDisallowed
from esq.session import (
    RETRY_STATUSES,
    HttpPolicy,
    backoff_delay,
    make_session,
    retry_after_seconds,
    user_agent,
)

__all__ = [
    "HttpClient",
    "HttpPolicy",
    "RobotsDisallowed",
    "make_session",
    "parse_json",
    "user_agent",
]

log = logging.getLogger("esq.http")
ROBOTS_MAX_BYTES = 512 * 1024

CHUNK = 1 << 16
PROGRESS_EVERY = 8 << 20


def conditional_headers(previous: LandedFile | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the file a previous fetch stored."""
    headers: dict[str, str] = {}
    if previous is not None and previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous is not None and previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def response_meta(resp: requests.Response, url: str, params: dict | None) -> dict[str, Any]:
    """The manifest fields of one answer (url as asked, parameters kept apart)."""
    return {
        "url": url,
        "params": dict(params or {}),
        "http_status": resp.status_code,
        "content_type": resp.headers.get("Content-Type"),
        "etag": resp.headers.get("ETag"),
        "last_modified": resp.headers.get("Last-Modified"),
    }


class HttpClient:
    """Rate-limited, robots-aware GETs raising SourceError subclasses on failure."""

    def __init__(
        self,
        policy: HttpPolicy,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        not_before: Path | None = None,
        wall: Callable[[], float] = time.time,
    ):
        self.policy = policy
        self.session = session or make_session(policy)
        self.throttle = HostThrottle(clock, sleep)
        self.robots = RobotsCache(self._fetch_robots, agent="esq")
        self.not_before = NotBefore(not_before, wall)  # a file shared by runs (Layout.not_before)
        self._sleep = sleep
        self._wall = wall
        self._deadlines: dict[str, float] = {}

    # -- the retry budget -------------------------------------------------------------------
    def set_deadline(self, source_id: str, when: float | None) -> None:
        """Wall-clock time after which no retry is made for ``source_id`` (None: no limit)."""
        if when is None:
            self._deadlines.pop(source_id, None)
        else:
            self._deadlines[source_id] = when

    def remaining(self, source_id: str) -> float:
        """Seconds left of the source's retry budget (infinite without a deadline)."""
        when = self._deadlines.get(source_id)
        return math.inf if when is None else when - self._wall()

    # -- politeness -------------------------------------------------------------------------
    def _interval(self, url: str, source_id: str) -> float:
        delay = self.robots.crawl_delay(url, source_id) if self.policy.respect_robots else None
        return self.policy.min_interval if delay is None else delay

    def _fetch_robots(self, robots_url: str, source_id: str) -> tuple[int | None, str]:
        """Status and text of robots.txt; an unreachable or failing host is reported as such."""
        try:
            resp = self._send(robots_url, source_id, None, None, self.policy.min_interval)
        except RetriableSourceError as exc:
            # RFC 9309 treats the host as fully disallowed; say what really happened
            message = str(exc).split(": ", 1)[-1]
            state = "unavailable" if message.startswith("HTTP") else "unreachable"
            raise RetriableSourceError(
                source_id, f"host {state} (robots.txt: {message}); not fetched", robots_url
            ) from exc
        try:
            # RFC 9309 asks parsers to read at least 500 KiB; more is never needed
            body = resp.raw.read(ROBOTS_MAX_BYTES, decode_content=True)
        except (Urllib3Error, OSError) as exc:
            raise RetriableSourceError(
                source_id, f"host unreachable (robots.txt read failed: {exc})", robots_url
            ) from exc
        finally:
            resp.close()
        return resp.status_code, body.decode("utf-8", "replace")

    def _timeout(self, source_id: str) -> tuple[float, float]:
        # a stalled server never holds a source past its budget
        left = max(self.remaining(source_id), 0.5)
        return (min(self.policy.connect_timeout, left), min(self.policy.read_timeout, left))

    # -- requests ---------------------------------------------------------------------------
    def _defer(self, url: str, source_id: str, seconds: float) -> DeferredSourceError:
        """Remember the host's asked-for time; the source is stale until then."""
        self.not_before.set(url, self._wall() + seconds)
        return DeferredSourceError(
            source_id,
            f"server asked to wait {seconds:.0f} s (Retry-After); stale now, "
            "retried at the first run after that time",
            url,
        )

    def _send(
        self,
        url: str,
        source_id: str,
        params: dict | None,
        headers: dict | None,
        interval: float | None = None,
    ) -> requests.Response:
        """One GET with retries: each attempt throttled, retries bounded by the source's budget;
        returns the first answer whose status is not a retry status."""
        retries = 0
        while True:
            self.not_before.check(url, source_id)
            wait = self._interval(url, source_id) if interval is None else interval
            self.throttle.wait(url, wait)
            retry_after = None
            try:
                resp = self.session.get(
                    url,
                    params=params,
                    headers=headers,
                    timeout=self._timeout(source_id),
                    stream=True,
                )
            except requests.RequestException as exc:
                self.throttle.done(url)
                text = str(exc)
                failure = ("timed out" if "timed out" in text.lower() else "request failed") + (
                    f": {text}"
                )
            else:
                self.throttle.done(url)  # headers came; the body streams after
                if resp.status_code not in RETRY_STATUSES:
                    return resp
                resp.close()
                failure = f"HTTP {resp.status_code}"
                retry_after = retry_after_seconds(resp.headers.get("Retry-After"))
            left = self.remaining(source_id)
            if retry_after is not None and retry_after > min(self.policy.max_retry_after, left):
                raise self._defer(url, source_id, retry_after)
            if retries >= self.policy.max_retries:
                raise RetriableSourceError(
                    source_id, f"{failure} after {self.policy.max_retries} retries", url
                )
            retries += 1
            pause = max(retry_after or 0.0, backoff_delay(self.policy, retries))
            if pause >= left:
                raise RetriableSourceError(
                    source_id, f"{failure}; retry budget spent after {retries} tries", url
                )
            log.info("%s: %s; retry %d in %.1f s", url, failure, retries, pause)
            self._sleep(pause)

    def _request(
        self, url: str, source_id: str, params: dict | None, headers: dict | None
    ) -> requests.Response:
        self.not_before.check(url, source_id)
        if self.policy.respect_robots:
            self.robots.check(url, source_id)
        resp = self._send(url, source_id, params, headers)
        if resp.status_code >= 400:
            try:
                snippet = resp.raw.read(300, decode_content=True).decode("utf-8", "replace")
            except (Urllib3Error, OSError):  # the status alone is enough to report
                snippet = ""
            finally:
                resp.close()
            raise SourceError(source_id, f"HTTP {resp.status_code}: {snippet.strip()}", url)
        return resp

    def _chunks(self, resp: requests.Response, url: str, source_id: str) -> Iterator[bytes]:
        """The body in chunks, refusing it past max_bytes; logs progress."""
        limit = self.policy.max_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            resp.close()
            raise SourceError(
                source_id, f"body of {int(declared)} bytes exceeds the cap of {limit} bytes", url
            )
        size, started, next_log = 0, time.monotonic(), PROGRESS_EVERY
        try:
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SourceError(source_id, f"body exceeds the cap of {limit} bytes", url)
                if size >= next_log:
                    self._log_progress(url, size, started, "downloading")
                    next_log += PROGRESS_EVERY
                yield chunk
        except requests.RequestException as exc:
            raise RetriableSourceError(source_id, f"body read failed: {exc}", url) from exc
        finally:
            resp.close()
        self._log_progress(url, size, started, "received")

    @staticmethod
    def _log_progress(url: str, size: int, started: float, what: str) -> None:
        elapsed = max(time.monotonic() - started, 1e-6)
        log.info("%s %s: %d bytes, %.1f KiB/s", what, url, size, size / 1024 / elapsed)

    def get(
        self,
        url: str,
        *,
        source_id: str,
        params: dict | None = None,
        headers: dict | None = None,
    ) -> requests.Response:
        """GET with the body read into memory (at most ``max_bytes``)."""
        resp = self._request(url, source_id, params, headers)
        resp._content = b"".join(self._chunks(resp, url, source_id))
        return resp

    def get_json(self, url: str, *, source_id: str, params: dict | None = None) -> Any:
        """GET and decode JSON; a body that is not JSON raises ParseError."""
        return parse_json(self.get(url, source_id=source_id, params=params).content, source_id, url)

    def download(
        self,
        url: str,
        writer: LandingWriter,
        name: str,
        *,
        source_id: str,
        params: dict | None = None,
        previous: LandedFile | None = None,
    ) -> LandedFile | None:
        """Stream a body into the landing writer; ``None`` when the server answers 304."""
        resp = self._request(url, source_id, params, conditional_headers(previous))
        if resp.status_code == 304:
            resp.close()
            log.info("not modified: %s", url)
            return None
        meta = response_meta(resp, url, params)
        return writer.add_stream(name, self._chunks(resp, url, source_id), **meta)


def parse_json(body: bytes, source_id: str, url: str | None) -> Any:
    """Decode a JSON body or raise ParseError naming the source and URL."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        what = describe_content(body[:1024])
        if what != "JSON":  # a login, error or maintenance page: say what came instead
            raise ParseError(source_id, f"expected JSON but got {what}", url) from exc
        head = body[:80].decode("utf-8", "replace")
        raise ParseError(source_id, f"malformed JSON ({exc}); body starts {head!r}", url) from exc
