"""Politeness per host: robots.txt rules (protego, cached) and a minimum interval between requests.

robots.txt status handling follows RFC 9309 §2.3.1: a 2xx body is parsed; a 4xx ("unavailable")
means no restriction; a 5xx or an unreachable host ("unreachable") means complete disallow, so a
server in trouble is not crawled. Redirects are followed by the session.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from protego import Protego

from esq.adapters.base import SourceError

#: Fetches a robots.txt URL and returns (HTTP status or None when unreachable, body text).
RobotsFetcher = Callable[[str], tuple[int | None, str]]

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

    def rules(self, url: str) -> Protego:
        key = robots_url(url)
        if key not in self._rules:
            status, body = self._fetch(key)
            self._rules[key] = Protego.parse(rules_text(status, body))
        return self._rules[key]

    def check(self, url: str, source_id: str) -> None:
        """Raise RobotsDisallowed when robots.txt forbids ``url`` to our agent."""
        if not self.rules(url).can_fetch(url, self.agent):
            raise RobotsDisallowed(source_id, "disallowed by robots.txt; not fetched", url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self.rules(url).crawl_delay(self.agent)
        return None if delay is None else float(delay)


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class HostThrottle:
    """At most one request per ``interval`` seconds per host; clock and sleep are injectable."""

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]):
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, url: str, interval: float) -> None:
        """Sleep until ``interval`` seconds have passed since the last request to the host."""
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            remaining = interval - (self._clock() - last)
            if remaining > 0:
                self._sleep(remaining)
        self._last[host] = self._clock()
