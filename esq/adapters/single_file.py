"""Sources published as one file: dropped in the inbox folder, or downloaded from a URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from esq.adapters.base import FetchContext, SourceError
from esq.adapters.live import download_or_reuse, live_http
from esq.landing import LandingEntry, LandingWriter


def _land_inbox(
    ctx: FetchContext, writer: LandingWriter, check: Callable[[Path], str | None] | None
) -> LandingEntry:
    """The newest inbox file matching ``endpoint.inbox``; an unchanged file is not_modified."""
    pattern = ctx.source.endpoint["inbox"]
    found = sorted(ctx.inbox.glob(pattern), key=lambda p: (p.stat().st_mtime, p.name))
    if not found:
        raise SourceError(ctx.source.id, f"no file matching {pattern!r} in {ctx.inbox}")
    newest = found[-1]
    problem = check(newest) if check else None
    if problem:
        raise SourceError(ctx.source.id, f"{newest.name} in the inbox {problem}")
    landed = writer.add_file(newest.name, newest, url=f"inbox:{newest.name}")
    if ctx.previous and any(f.sha256 == landed.sha256 for f in ctx.previous.manifest.files):
        return writer.commit("not_modified", reused_from=ctx.previous.fetch_id)
    return writer.commit("success")


def fetch_single_file(
    ctx: FetchContext,
    default_name: str,
    check: Callable[[Path], str | None] | None = None,
) -> LandingEntry:
    """Land one file from ``endpoint.inbox`` or ``endpoint.url``.

    ``check`` looks at an inbox file before it is landed and returns what is wrong with it
    (e.g. "is not a ZIP file"), or None.
    """
    endpoint = ctx.source.endpoint
    if "inbox" not in endpoint and "url" not in endpoint:
        raise SourceError(ctx.source.id, f"{ctx.source.kind} endpoint needs 'inbox' or 'url'")
    with ctx.landing.writer(ctx.source.id) as writer:
        if "inbox" in endpoint:
            return _land_inbox(ctx, writer, check)
        live_http(ctx, ("url",))
        name = endpoint.get("filename") or Path(endpoint["url"]).name or default_name
        return download_or_reuse(ctx, writer, endpoint["url"], name)
