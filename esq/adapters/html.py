"""HTML directories (regional hubs, ESJA): list pages, pagination, optional detail pages.

Every selector is declared in the catalog, none in code::

    endpoint:
      start_url: https://example.org/repertoire
      item_selector: "article.entreprise"     # one element per listed enterprise
      next_selector: "a.next"                 # the next-page link … or page_param: "page"
      first_page: 1                           # with page_param
      detail_link_selector: "h2 a"            # optional: follow to a detail page
      max_pages: 50                           # cap per run; more pages is an error, not a cut
    options:
      fields:          {name: "h2", website: {selector: "a.site", attr: "href"}}
      detail_fields:   {phone: ".tel"}        # read on the detail page

Pages are stored as ``page-000001.html`` and ``detail-000001.html``; :meth:`HtmlAdapter.parse`
reads only those files (replayable). Text is extracted without markup, whitespace collapsed.
"""

from __future__ import annotations

import itertools
from typing import Any

from bs4 import BeautifulSoup, Tag

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    ParseError,
    RawRecord,
    RawReject,
    SourceError,
    record_key_of,
)
from esq.adapters.html_select import check_selectors, clean_text, extract, soup_of
from esq.adapters.live import live_http
from esq.adapters.paging import Page, fingerprint, link_pages, numbered_pages
from esq.catalog import Source
from esq.http import response_meta
from esq.landing import LandingEntry, LandingWriter

PAGE_PREFIX = "page-"
DETAIL_PREFIX = "detail-"
DEFAULT_MAX_PAGES = 50


def items_of(soup: BeautifulSoup, source: Source) -> list[Tag]:
    return soup.select(source.endpoint["item_selector"])


def detail_url(item: Tag, source: Source, base_url: str) -> str | None:
    selector = source.endpoint.get("detail_link_selector")
    return extract(item, {"selector": selector, "attr": "href"}, base_url) if selector else None


class HtmlAdapter:
    """Source kind ``html``."""

    kind = "html"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """Store the list pages (and detail pages) of the directory."""
        source, http = ctx.source, live_http(ctx, ("start_url", "item_selector"))
        check_selectors(source)
        ep = source.endpoint
        with ctx.landing.writer(source.id, mode="live") as writer:
            pages = self._list_pages(http, writer, source)
            if pages == 0:
                raise SourceError(
                    source.id,
                    f"the first page matched no item with {ep['item_selector']!r}",
                    ep["start_url"],
                )
            return writer.commit()

    def _list_pages(self, http: Any, writer: LandingWriter, source: Source) -> int:
        ep = source.endpoint
        start, max_pages = ep["start_url"], int(ep.get("max_pages", DEFAULT_MAX_PAGES))
        numbers, details = itertools.count(1), itertools.count(1)

        def fetch(url: str, params: dict | None = None, empty_ok: bool = False) -> Page:
            resp = http.get(url, source_id=source.id, params=params)
            soup = soup_of(resp.content)
            items = items_of(soup, source)
            if not items and not empty_ok:
                raise SourceError(
                    source.id, f"page matched no item with {ep['item_selector']!r}", resp.url
                )
            if items:
                writer.add_bytes(
                    f"{PAGE_PREFIX}{next(numbers):06d}.html",
                    resp.content,
                    **response_meta(resp, resp.url, params),
                )
            for item in items:
                link = detail_url(item, source, resp.url)
                if link:
                    page = http.get(link, source_id=source.id)
                    name = f"{DETAIL_PREFIX}{next(details):06d}.html"
                    writer.add_bytes(name, page.content, **response_meta(page, link, None))
            next_link, selector = None, ep.get("next_selector")
            if selector:
                next_link = extract(soup, {"selector": selector, "attr": "href"}, resp.url)
            texts = [clean_text(i) for i in items]
            return Page(len(items), fingerprint(texts), next_url=next_link)

        if ep.get("page_param"):
            param = ep["page_param"]
            pages = numbered_pages(
                lambda n: fetch(start, {param: n}, empty_ok=True),
                source_id=source.id,
                url=start,
                first=int(ep.get("first_page", 1)),
                max_pages=max_pages,
            )
        else:
            pages = link_pages(fetch, start, source_id=source.id, max_pages=max_pages)
        return sum(1 for _ in pages)

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Records from the stored pages; a page without items becomes a reject."""
        check_selectors(source)
        fields = source.options.get("fields") or {}
        detail_fields = source.options.get("detail_fields") or {}
        files = entry.manifest.files
        details = {
            f.url: entry.file_path(f.name) for f in files if f.name.startswith(DETAIL_PREFIX)
        }
        out = ParsedSource(columns=list(fields) + [k for k in detail_fields if k not in fields])
        pages = sorted((f for f in files if f.name.startswith(PAGE_PREFIX)), key=lambda f: f.name)
        for landed in pages:
            soup = soup_of(entry.file_path(landed.name).read_bytes())
            read_page(source, soup, landed.name, landed.url or "", details, out)
        if not out.records and not any(r.rule == "html_empty_item" for r in out.rejects):
            raise ParseError(source.id, f"no record in the stored pages of {entry.ref}")
        return out


def read_page(
    source: Source, soup: BeautifulSoup, name: str, base: str, details: dict, out: ParsedSource
) -> None:
    """Append the records (and rejects) of one stored list page to ``out``."""
    fields = source.options.get("fields") or {}
    detail_fields = source.options.get("detail_fields") or {}
    items = items_of(soup, source)
    if not items:
        message = f"no element matches {source.endpoint['item_selector']!r}: layout changed?"
        out.rejects.append(
            RawReject(None, "html_no_items", message, soup.get_text(" ")[:500], name)
        )
    for i, item in enumerate(items, start=1):
        record = {field: extract(item, spec, base) for field, spec in fields.items()}
        link = detail_url(item, source, base)
        if link and link in details:
            detail = soup_of(details[link].read_bytes())
            record.update({f: extract(detail, spec, link) for f, spec in detail_fields.items()})
        where = f"{name} item {i}"
        if fields and all(v is None for v in record.values()):
            # lxml repairs broken markup into empty elements: say so, keep the raw markup
            message = "no declared field found in the item: malformed or changed markup"
            out.rejects.append(RawReject(None, "html_empty_item", message, str(item)[:500], where))
            continue
        key = record_key_of(source, record, f"{name}#{i}")
        out.records.append(RawRecord(key, record, where))


ADAPTER = HtmlAdapter()
