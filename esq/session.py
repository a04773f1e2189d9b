"""The HTTP session factory and the retry arithmetic: timeouts policy, backoff, Retry-After.

Retries are made by :class:`esq.http.HttpClient` itself, not inside the session, so that every
retry goes through the per-host throttle and the source's retry budget (the session makes one
attempt per call).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, metadata

import requests
from requests.adapters import HTTPAdapter

RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True)
class HttpPolicy:
    """How politely and how patiently esq talks to a server."""

    contact: str
    connect_timeout: float = 10
    read_timeout: float = 60
    max_retries: int = 4
    backoff_factor: float = 1.0
    max_backoff: float = 60
    min_interval: float = 1.0
    max_bytes: int = 500 * 2**20
    respect_robots: bool = True
    #: A longer Retry-After makes the source stale at once (never waited for in a run).
    max_retry_after: float = 120
    #: Seconds one source may spend on failed attempts, HTTP and Dagster retries together.
    retry_budget: float = 40


def backoff_delay(policy: HttpPolicy, retry: int) -> float:
    """Seconds before retry number ``retry`` (1, 2, …): exponential, capped at max_backoff."""
    return min(policy.backoff_factor * 2 ** (retry - 1), policy.max_backoff)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """A Retry-After header in seconds (delta-seconds or an HTTP date), None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def user_agent(contact: str) -> str:
    """``esq/<version> (+<project url>; <contact>)``; the URL comes from the package metadata."""
    try:
        meta = metadata("esq")
    except PackageNotFoundError:  # running from a bare checkout
        return f"esq/0 ({contact})"
    urls = [u.split(",", 1)[-1].strip() for u in meta.get_all("Project-URL") or []]
    home = urls[0] if urls else meta.get("Home-page")
    return (
        f"esq/{meta['Version']} (+{home}; {contact})"
        if home
        else f"esq/{meta['Version']} ({contact})"
    )


def make_session(policy: HttpPolicy) -> requests.Session:
    """A session making one attempt per call (HttpClient retries), with esq's User-Agent."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent(policy.contact)
    return session
