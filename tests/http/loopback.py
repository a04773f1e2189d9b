"""Helpers shared by the HTTP and adapter tests: fast policies, sources, fetch contexts."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import FetchContext
from esq.catalog import Source
from esq.http import HttpClient, HttpPolicy
from esq.landing import LandingEntry, LandingZone

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "http"

LICENCE = {"id": "CC-BY-4.0", "title": "CC BY 4.0", "attribution": "Test publisher"}


def shared_path(name: str) -> Path:
    """A folder of the shared real-data samples, or skip the test when it is absent.

    Looked up as $ESQ_SHARED, else <repo root>/../shared, else /work/shared.
    """
    repo = Path(__file__).resolve().parents[2]
    candidates = [os.environ.get("ESQ_SHARED"), repo.parent / "shared", "/work/shared"]
    for base in candidates:
        if base and (Path(base) / "data" / "real" / name).is_dir():
            return Path(base) / "data" / "real" / name
    pytest.skip(f"shared data folder data/real/{name} absent (set ESQ_SHARED)")


def fast_policy(**overrides: Any) -> HttpPolicy:
    """A policy with tiny backoff and no per-host wait, so tests run in milliseconds."""
    values: dict[str, Any] = {
        "contact": "tests@example.org",
        "connect_timeout": 2,
        "read_timeout": 2,
        "max_retries": 2,
        "backoff_factor": 0.01,
        "max_backoff": 0.05,
        "min_interval": 0,
    }
    values.update(overrides)
    return HttpPolicy(**values)


def allow_robots(server: HTTPServer) -> None:
    """robots.txt answers 404: everything allowed (RFC 9309)."""
    server.expect_request("/robots.txt").respond_with_data("", status=404)


def client(server: HTTPServer, **overrides: Any) -> HttpClient:
    allow_robots(server)
    return HttpClient(fast_policy(**overrides))


def make_source(kind: str, endpoint: dict[str, Any], **extra: Any) -> Source:
    data: dict[str, Any] = {
        "id": f"test-{kind}",
        "kind": kind,
        "role": "reference",
        "title": f"Test {kind}",
        "publisher": "Test publisher",
        "licence": LICENCE,
        "endpoint": endpoint,
    }
    data.update(extra)
    return Source.model_validate(data)


def context(
    source: Source, root: Path, http: HttpClient | None, previous: LandingEntry | None = None
) -> FetchContext:
    return FetchContext(
        source=source, landing=LandingZone(root), inbox=root / "inbox", http=http, previous=previous
    )


def json_response(payload: Any, status: int = 200, **headers: str) -> Response:
    body = json.dumps(payload, ensure_ascii=False)
    return Response(body, status=status, headers=headers, mimetype="application/json")


def sequence(*responses: Response) -> Callable[[Request], Response]:
    """A handler answering with ``responses`` in turn, then repeating the last one."""
    queue = list(responses)

    def handler(_: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


class SlowHandler:
    """Answers after ``delay`` seconds unless released; ``finish`` waits until it has answered.

    The loopback server is single-threaded: a handler still sleeping after its test would delay
    (and pollute the log of) the next test.
    """

    def __init__(self, delay: float = 1.5, body: str = "{}"):
        self.delay, self.body = delay, body
        self._release, self._done = threading.Event(), threading.Event()

    def __call__(self, _: Request) -> Response:
        self._release.wait(self.delay)
        self._done.set()
        return Response(self.body)

    def finish(self) -> None:
        self._release.set()
        self._done.wait(5)
        time.sleep(0.05)  # let the server write its log entry


def paths_requested(server: HTTPServer) -> list[str]:
    return [request.path for request, _ in server.log]
