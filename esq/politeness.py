"""Politeness per host: robots.txt rules (protego, cached), a minimum interval between requests
and the time before which a host asked not to be called again (Retry-After, kept across runs).

robots.txt status handling follows RFC 9309 §2.3.1: a 2xx body is parsed; a 4xx ("unavailable")
means no restriction; a 5xx or an unreachable host ("unreachable") means complete disallow, so a
server in trouble is not crawled — the fetcher reports those as the host being unreachable (not
as a robots.txt rule) and they are not cached, so the next run asks again. Redirects are followed
by the session.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from protego import Protego

from esq.errors import DeferredSourceError, SourceError

#: Fetches a robots.txt URL for a source and returns (HTTP status, body text); raises a
#: SourceError when the host cannot be reached.
RobotsFetcher = Callable[[str, str], tuple[int | None, str]]
#: The throttle waits this much longer than the interval: arrival times at the server jitter.
MARGIN_SHARE, MARGIN_MIN = 0.05, 0.05

_ALLOW_ALL = ""
_DISALLOW_ALL = "User-agent: *\nDisallow: /\n"


class RobotsDisallowed(SourceError):
    """robots.txt forbids the URL to esq: nothing was requested."""


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def rules_text(status: int | None, body: str) -> str:
    """The robots.txt text that applies for an answer (RFC 9309 status rules)."""
    if status is None or status >= 500:
        return _DISALLOW_ALL
    if status >= 400:
        return _ALLOW_ALL
    return body


class RobotsCache:
    """One parsed robots.txt per scheme+host, fetched on first use."""

    def __init__(self, fetch: RobotsFetcher, agent: str):
        self._fetch = fetch
        self.agent = agent
        self._rules: dict[str, Protego] = {}

    def rules(self, url: str, source_id: str = "") -> Protego:
        key = robots_url(url)
        if key not in self._rules:
            status, body = self._fetch(key, source_id)
            self._rules[key] = Protego.parse(rules_text(status, body))
        return self._rules[key]

    def check(self, url: str, source_id: str) -> None:
        """Raise RobotsDisallowed when robots.txt forbids ``url`` to our agent."""
        if not self.rules(url, source_id).can_fetch(url, self.agent):
            raise RobotsDisallowed(source_id, "disallowed by robots.txt; not fetched", url)

    def crawl_delay(self, url: str, source_id: str = "") -> float | None:
        delay = self.rules(url, source_id).crawl_delay(self.agent)
        return None if delay is None else float(delay)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def with_margin(interval: float) -> float:
    """The interval actually waited: a little more, so no gap at the server falls below it."""
    return interval + max(MARGIN_MIN, interval * MARGIN_SHARE) if interval > 0 else 0.0


class HostThrottle:
    """At most one request per ``interval`` seconds per host (plus a margin); clock and sleep
    are injectable."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]):
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str, interval: float) -> None:
        """Sleep until ``interval`` seconds have passed since the last request to the host."""
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            remaining = with_margin(interval) - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()

    def done(self, url: str) -> None:
        """Count the interval from the end of the exchange: the request may have reached the
        server late (a slow connect), so the next one waits from when its answer came."""
        self._last[host_of(url)] = self._clock()


class NotBefore:
    """Per host, the time before which it asked not to be called (ESQ_HOME/state/not_before.json).

    Kept on disk so that the next run (another process) honours it too; without a path it lives
    in memory only.
    """

    def __init__(self, path: Path | None, wall: Callable[[], float]):
        self.path = path
        self._wall = wall
        self._memory: dict[str, float] = {}

    def _read(self) -> dict[str, float]:
        if self.path is None or not self.path.is_file():
            return dict(self._memory)
        try:
            return {k: float(v) for k, v in json.loads(self.path.read_text("utf-8")).items()}
        except (ValueError, OSError):  # a damaged file must not stop fetching for ever
            return dict(self._memory)

    def until(self, url: str) -> float | None:
        when = self._read().get(host_of(url))
        return when if when is not None and when > self._wall() else None

    def check(self, url: str, source_id: str) -> None:
        """Raise DeferredSourceError while the host's asked-for time has not come."""
        when = self.until(url)
        if when is not None:
            at = datetime.fromtimestamp(when, UTC).isoformat(timespec="seconds")
            raise DeferredSourceError(
                source_id, f"the server asked not to be called before {at}; not fetched", url
            )

    def set(self, url: str, when: float) -> None:
        data = {h: t for h, t in self._read().items() if t > self._wall()}
        data[host_of(url)] = max(when, data.get(host_of(url), 0.0))
        self._memory = data
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
            os.replace(tmp, self.path)
