"""Paginators end exactly at the source's end and refuse loops, gaps and runaway page counts."""

from __future__ import annotations

import pytest

from esq.adapters.base import SourceError
from esq.adapters.paging import (
    Page,
    fingerprint,
    flag_pages,
    link_pages,
    numbered_pages,
    offset_pages,
)

ROWS = [{"id": i} for i in range(7)]


def offset_server(page_size: int, total: int, ignore_offset: bool = False):
    calls: list[int] = []

    def fetch(offset: int) -> Page:
        calls.append(offset)
        start = 0 if ignore_offset else offset
        rows = ROWS[start : start + page_size][: max(total - start, 0)]
        return Page(len(rows), fingerprint(rows), total=total, more=start + page_size < total)

    return fetch, calls


@pytest.mark.parametrize(
    ("page_size", "total", "offsets"),
    [(3, 7, [0, 3, 6]), (7, 7, [0]), (10, 7, [0]), (2, 6, [0, 2, 4]), (1, 0, [0])],
)
def test_offset_paging_ends_exactly_at_total(page_size, total, offsets) -> None:
    fetch, calls = offset_server(page_size, total)
    pages = list(offset_pages(fetch, source_id="s", url="u"))
    assert calls == offsets
    assert sum(p.items for p in pages) == total


@pytest.mark.parametrize(("page_size", "total", "offsets"), [(3, 7, [0, 3, 6]), (7, 7, [0])])
def test_flag_paging_ends_when_the_flag_drops(page_size, total, offsets) -> None:
    fetch, calls = offset_server(page_size, total)
    assert sum(p.items for p in flag_pages(fetch, source_id="s", url="u")) == total
    assert calls == offsets


@pytest.mark.parametrize("paginate", [offset_pages, flag_pages])
def test_a_server_repeating_a_page_is_caught(paginate) -> None:
    fetch, calls = offset_server(3, 7, ignore_offset=True)
    with pytest.raises(SourceError, match=r"page 2 .*repeats page 1"):
        list(paginate(fetch, source_id="s", url="u"))
    assert calls == [0, 3]


@pytest.mark.parametrize("paginate", [offset_pages, flag_pages])
def test_page_cap(paginate) -> None:
    fetch, _ = offset_server(1, 7)
    with pytest.raises(SourceError, match="more than 3 pages"):
        list(paginate(fetch, source_id="s", url="u", max_pages=3))


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (Page(0, fingerprint([]), total=5), "empty page at offset 0"),
        (Page(2, fingerprint([1, 2]), total=None), "no total"),
    ],
)
def test_offset_paging_refuses_gaps_and_missing_totals(page, message) -> None:
    with pytest.raises(SourceError, match=message):
        list(offset_pages(lambda _: page, source_id="s", url="u"))


def test_link_paging_follows_until_no_next_and_catches_a_loop() -> None:
    site = {"/1": ("a", "/2"), "/2": ("b", "/3"), "/3": ("c", None)}
    fetch = lambda url: Page(1, fingerprint(site[url][0]), next_url=site[url][1])  # noqa: E731
    assert len(list(link_pages(fetch, "/1", source_id="s", max_pages=10))) == 3
    site["/3"] = ("c", "/1")
    with pytest.raises(SourceError, match="points back to /1"):
        list(link_pages(fetch, "/1", source_id="s", max_pages=10))


def test_numbered_paging_stops_at_the_first_empty_page_and_catches_repeats() -> None:
    pages = {1: ["a"], 2: ["b"], 3: []}
    fetch = lambda n: Page(len(pages[n]), fingerprint(pages[n]))  # noqa: E731
    assert [p.items for p in numbered_pages(fetch, source_id="s", url="u", max_pages=5)] == [1, 1]
    pages[3] = ["b"]  # a site answering the last page for any number
    with pytest.raises(SourceError, match=r"page 3 .*repeats page 2"):
        list(numbered_pages(fetch, source_id="s", url="u", max_pages=5))
