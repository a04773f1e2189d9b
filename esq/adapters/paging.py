"""Paginators that refuse to loop.

Each takes a ``fetch`` callable (the adapter's I/O: request, store, summarise) returning a
:class:`Page`, and yields pages until the source's own end condition. A page whose items repeat an
earlier page (same fingerprint), a next URL already visited, an empty page before the end, or more
pages than the cap all raise :class:`SourceError` — a run never spins or silently truncates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from esq.adapters.base import SourceError

DEFAULT_MAX_PAGES = 1000


def fingerprint(items: Any) -> str:
    """A stable hash of a page's items (JSON-canonical), for repeat detection."""
    text = json.dumps(items, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Page:
    """What an adapter learnt from one page."""

    items: int
    fingerprint: str
    total: int | None = None  # offset paging: the source's announced total
    more: bool = False  # flag paging: the source says there is more
    next_url: str | None = None  # link paging


class PageGuard:
    """Counts pages and remembers fingerprints and URLs; raises on a loop or past the cap."""

    def __init__(self, source_id: str, url: str, max_pages: int = DEFAULT_MAX_PAGES):
        self.source_id = source_id
        self.url = url
        self.max_pages = max_pages
        self.count = 0
        self._seen: dict[str, int] = {}

    def admit(self, page: Page, where: str) -> None:
        """Record a page; raise if it repeats an earlier one (empty pages never repeat)."""
        self.count += 1
        if page.items and page.fingerprint in self._seen:
            first = self._seen[page.fingerprint]
            raise SourceError(
                self.source_id,
                f"page {self.count} ({where}) repeats page {first}: the server ignores paging",
                self.url,
            )
        self._seen.setdefault(page.fingerprint, self.count)

    def before_next(self) -> None:
        if self.count >= self.max_pages:
            raise SourceError(
                self.source_id,
                f"more than {self.max_pages} pages; stopping (raise endpoint.max_pages if real)",
                self.url,
            )


def _offset_loop(
    fetch: Callable[[int], Page],
    last: Callable[[Page, int], bool],
    *,
    source_id: str,
    url: str,
    max_pages: int,
) -> Iterator[Page]:
    """Offsets advanced by the items received until ``last(page, next_offset)``."""
    guard, offset = PageGuard(source_id, url, max_pages), 0
    while True:
        guard.before_next()
        page = fetch(offset)
        guard.admit(page, f"offset {offset}")
        yield page
        if last(page, offset + page.items):
            return
        if page.items == 0:
            raise SourceError(source_id, f"empty page at offset {offset} before the end", url)
        offset += page.items


def offset_pages(
    fetch: Callable[[int], Page], *, source_id: str, url: str, max_pages: int = DEFAULT_MAX_PAGES
) -> Iterator[Page]:
    """Offset/limit paging until the announced total (CKAN datastore_search, package_search)."""

    def last(page: Page, next_offset: int) -> bool:
        if page.total is None:
            raise SourceError(source_id, f"no total in the answer before offset {next_offset}", url)
        return next_offset >= page.total

    return _offset_loop(fetch, last, source_id=source_id, url=url, max_pages=max_pages)


def flag_pages(
    fetch: Callable[[int], Page], *, source_id: str, url: str, max_pages: int = DEFAULT_MAX_PAGES
) -> Iterator[Page]:
    """Offset paging while the source flags more (ArcGIS exceededTransferLimit)."""
    return _offset_loop(
        fetch, lambda page, _: not page.more, source_id=source_id, url=url, max_pages=max_pages
    )


def link_pages(
    fetch: Callable[[str], Page], start_url: str, *, source_id: str, max_pages: int
) -> Iterator[Page]:
    """Follow next links until a page has none; a next URL seen before is a loop."""
    guard, url, visited = PageGuard(source_id, start_url, max_pages), start_url, {start_url}
    while True:
        guard.before_next()
        page = fetch(url)
        guard.admit(page, url)
        yield page
        if not page.next_url:
            return
        if page.next_url in visited:
            raise SourceError(
                source_id, f"next link of {url} points back to {page.next_url}", start_url
            )
        visited.add(page.next_url)
        url = page.next_url


def numbered_pages(
    fetch: Callable[[int], Page], *, source_id: str, url: str, first: int = 1, max_pages: int
) -> Iterator[Page]:
    """Page-number paging until a page without items (which is not yielded)."""
    guard, number = PageGuard(source_id, url, max_pages), first
    while True:
        guard.before_next()
        page = fetch(number)
        if page.items == 0:
            return
        guard.admit(page, f"page {number}")
        yield page
        number += 1
