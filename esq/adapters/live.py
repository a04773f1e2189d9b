"""What the HTTP adapters share when fetching live: the client check, storing answers, 304s."""

from __future__ import annotations

from typing import Any

import requests

from esq.adapters.base import FetchContext, SourceError
from esq.http import HttpClient, parse_json, response_meta
from esq.landing import LandingEntry, LandingWriter


def live_http(ctx: FetchContext, required: tuple[str, ...]) -> HttpClient:
    """The context's HTTP client, after checking the catalog gave the required endpoint keys."""
    source = ctx.source
    if ctx.http is None:
        raise SourceError(source.id, f"a live {source.kind} fetch needs an HTTP client")
    for key in required:
        if not source.endpoint.get(key):
            raise SourceError(source.id, f"endpoint.{key} is missing in the catalog")
    return ctx.http


def land(
    http: HttpClient,
    url: str,
    writer: LandingWriter,
    name: str,
    *,
    source_id: str,
    params: dict | None = None,
) -> requests.Response:
    """GET an answer and store its bytes as received (final URL kept for relative links)."""
    resp = http.get(url, source_id=source_id, params=params)
    writer.add_bytes(name, resp.content, **response_meta(resp, resp.url, params))
    return resp


def land_json(
    http: HttpClient,
    url: str,
    writer: LandingWriter,
    name: str,
    *,
    source_id: str,
    params: dict | None = None,
) -> Any:
    """GET a JSON answer, store it as received, and return it decoded (ParseError if not JSON)."""
    resp = land(http, url, writer, name, source_id=source_id, params=params)
    return parse_json(resp.content, source_id, resp.url)


def download_or_reuse(
    ctx: FetchContext, writer: LandingWriter, url: str, name: str, skip: tuple[str, ...] = ()
) -> LandingEntry:
    """Download one file conditionally; a 304 commits a ``not_modified`` entry pointing back."""
    previous_entry = ctx.previous
    previous = None
    if previous_entry is not None:
        files = previous_entry.manifest.files
        previous = next((f for f in files if f.name not in skip), None)
    landed = ctx.http.download(url, writer, name, source_id=ctx.source.id, previous=previous)
    if landed is None and previous_entry is not None:
        return writer.commit("not_modified", reused_from=previous_entry.fetch_id)
    if landed is None:
        raise SourceError(ctx.source.id, "HTTP 304 without a previous entry to reuse", url)
    return writer.commit()
