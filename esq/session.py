"""The HTTP session factory: timeouts policy, retries honouring Retry-After, User-Agent."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

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
    max_bytes: int = 200 * 2**20
    respect_robots: bool = True
    #: A longer Retry-After fails the source (retriable) instead of stalling the run.
    max_retry_after: float = 120


class RetryAfterTooLong(Exception):
    """The server asked to wait longer than the policy's max_backoff."""

    def __init__(self, seconds: float):
        super().__init__(f"Retry-After {seconds:.0f} s")
        self.seconds = seconds


class CappedRetry(Retry):
    """urllib3 Retry that refuses to sleep longer than ``max_retry_after`` for a Retry-After.

    Honouring an hour-long Retry-After would stall the whole run; the source fails as retriable
    instead, and the next scheduled run tries again.
    """

    def __init__(self, *args: Any, max_retry_after: float = 60, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> CappedRetry:
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)  # type: ignore[return-value]

    def sleep(self, response: Any = None) -> None:
        after = self.get_retry_after(response) if response is not None else None
        if after is not None and after > self.max_retry_after:
            raise RetryAfterTooLong(after)
        super().sleep(response)


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
    """A session retrying GET/HEAD on 429/5xx and connection errors, honouring Retry-After."""
    retry = CappedRetry(
        total=policy.max_retries,
        connect=policy.max_retries,
        read=policy.max_retries,
        status=policy.max_retries,
        backoff_factor=policy.backoff_factor,
        backoff_max=policy.max_backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,  # the last answer comes back; HttpClient turns it into an error
        max_retry_after=policy.max_retry_after,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent(policy.contact)
    return session
