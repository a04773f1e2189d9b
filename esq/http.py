"""The one HTTP client of the project: polite, bounded, and explicit when it fails.

Every request goes through :class:`HttpClient`: connect/read timeouts, retries with exponential
backoff on 429/5xx honouring ``Retry-After`` (urllib3), a descriptive User-Agent, robots.txt
(:mod:`esq.politeness`), a minimum interval per host (a site's Crawl-delay wins), conditional GET
and a size cap; the session is built by :func:`esq.session.make_session` (re-exported here). Every
failure is raised as :class:`~esq.adapters.base.SourceError` (fatal) or
:class:`~esq.adapters.base.RetriableSourceError`, naming the source and the URL.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import requests
from urllib3.exceptions import HTTPError as Urllib3Error

from esq.content import describe_content
from esq.errors import ParseError, RetriableSourceError, SourceError
from esq.landing import LandedFile, LandingWriter
from esq.politeness import HostThrottle, RobotsCache, RobotsDisallowed
from esq.session import RETRY_STATUSES, HttpPolicy, RetryAfterTooLong, make_session, user_agent

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
    ):
        self.policy = policy
        self.session = session or make_session(policy)
        self.throttle = HostThrottle(clock, sleep)
        self.robots = RobotsCache(self._fetch_robots, agent="esq")

    # -- politeness -------------------------------------------------------------------------
    def _interval(self, url: str) -> float:
        delay = self.robots.crawl_delay(url) if self.policy.respect_robots else None
        return self.policy.min_interval if delay is None else delay

    def _fetch_robots(self, robots_url: str) -> tuple[int | None, str]:
        """Status and text of robots.txt; ``None`` status when the host cannot be reached."""
        self.throttle.wait(robots_url, self.policy.min_interval)
        try:
            with self.session.get(robots_url, timeout=self._timeout(), stream=True) as resp:
                # RFC 9309 asks parsers to read at least 500 KiB; more is never needed
                body = resp.raw.read(ROBOTS_MAX_BYTES, decode_content=True)
        except (requests.RequestException, Urllib3Error, OSError) as exc:
            log.warning("robots.txt unreachable at %s: %s", robots_url, exc)
            return None, ""
        return resp.status_code, body.decode("utf-8", "replace")

    def _timeout(self) -> tuple[float, float]:
        return (self.policy.connect_timeout, self.policy.read_timeout)

    # -- requests ---------------------------------------------------------------------------
    def _request(
        self, url: str, source_id: str, params: dict | None, headers: dict | None
    ) -> requests.Response:
        if self.policy.respect_robots:
            self.robots.check(url, source_id)
        self.throttle.wait(url, self._interval(url))
        try:
            resp = self.session.get(
                url, params=params, headers=headers, timeout=self._timeout(), stream=True
            )
        except RetryAfterTooLong as exc:
            limit = self.policy.max_retry_after
            message = f"server asked to wait {exc.seconds:.0f} s (Retry-After > {limit:.0f} s)"
            raise RetriableSourceError(source_id, message, url) from exc
        except requests.Timeout as exc:
            raise RetriableSourceError(source_id, f"timed out: {exc}", url) from exc
        except requests.RequestException as exc:
            # urllib3 wraps a read timeout in MaxRetryError once retries are spent
            what = "timed out" if "timed out" in str(exc).lower() else "request failed"
            raise RetriableSourceError(source_id, f"{what}: {exc}", url) from exc
        if resp.status_code in RETRY_STATUSES:
            resp.close()
            raise RetriableSourceError(
                source_id,
                f"HTTP {resp.status_code} after {self.policy.max_retries} retries",
                url,
            )
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
