"""HTML directories (regional hubs, ESJA): list pages, pagination, optional detail pages.

Every selector is declared in the catalog, none in code (keys: esq.web_models)::

    endpoint:
      start_url: https://example.org/repertoire
      item_selector: "article.entreprise"     # one element per listed enterprise
      next_selector: "a.next"                 # the next-page link … or page_param: "page"
      first_page: 1                           # with page_param
      detail_link_selector: "h2 a"            # optional: follow to a detail page
      max_pages: 50                           # cap per run; more pages is an error, not a cut
      max_details: 5000                       # same for detail pages
      full_recrawl: 30                        # days between full re-crawls of detail pages
    options:
      fields:          {name: "h2", website: {selector: "a.site", attr: "href"}}
      detail_fields:   {phone: [".tel", ".contact .phone"]}   # read on the detail page
      schema_org: true                        # add schema:* columns (JSON-LD, microdata, RDFa)

Field specs: esq.adapters.html_select. With ``records: schema_org`` (no item selector) the
records are the schema.org organisations of the list pages. Crawls are incremental
(esq.adapters.crawl). Pages are stored as ``page-000001.html`` and ``detail-000001.html`` with
``crawl.json``; :meth:`HtmlAdapter.parse` reads only those files (replayable).
"""

from __future__ import annotations

import itertools

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    ParseError,
    SourceError,
)
from esq.adapters.crawl import Crawler, CrawlState
from esq.adapters.html_read import Item, PageReader, items_of, models, with_params
from esq.adapters.html_select import extract, soup_of
from esq.adapters.live import live_http
from esq.adapters.paging import Page, fingerprint, link_pages, numbered_pages
from esq.catalog import Source
from esq.landing import LandingEntry
from esq.web_models import HtmlEndpoint

PAGE_PREFIX = "page-"
DETAIL_PREFIX = "detail-"


class HtmlAdapter:
    """Source kind ``html``."""

    kind = "html"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """Store the list pages (and detail pages) of the directory, incrementally."""
        source, http = ctx.source, live_http(ctx, ("start_url",))
        ep, _ = models(source)
        with ctx.landing.writer(source.id, mode="live") as writer:
            crawler = Crawler(ctx, http, writer, ep)
            if self._list_pages(crawler, source, ep) == 0:
                raise SourceError(
                    source.id,
                    f"the first page matched no item with {ep.item_selector or 'schema.org'!r}",
                    ep.start_url,
                )
            return crawler.commit()

    def _list_pages(self, crawler: Crawler, source: Source, ep: HtmlEndpoint) -> int:
        numbers = itertools.count(1)

        def fetch(url: str, params: dict | None = None, empty_ok: bool = False) -> Page:
            found: list[Item] = []

            def keep(body: bytes) -> bool:
                soup = soup_of(body)
                found.extend(items_of(body, soup, ep, with_params(url, params)))
                keep.soup = soup  # type: ignore[attr-defined]
                return bool(found)

            name = f"{PAGE_PREFIX}{crawler.pages + 1:06d}.html"
            _, base, _ = crawler.page(url, params, name, keep)
            if not found and not empty_ok:
                where = ep.item_selector or "schema.org"
                raise SourceError(source.id, f"page matched no item with {where!r}", base)
            next(numbers)
            for item in found:
                crawler.card(item.id, item.hash, item.link)
            next_link = None
            if ep.next_selector:
                spec = {"selector": ep.next_selector, "attr": "href"}
                next_link = extract(keep.soup, spec, base)  # type: ignore[attr-defined]
            return Page(len(found), fingerprint([i.text() for i in found]), next_url=next_link)

        start = ep.start_url or ""
        if ep.page_param:
            param = ep.page_param
            pages = numbered_pages(
                lambda n: fetch(start, {param: n}, empty_ok=True),
                source_id=source.id,
                url=start,
                first=ep.first_page,
                max_pages=ep.max_pages,
            )
        else:
            pages = link_pages(fetch, start, source_id=source.id, max_pages=ep.max_pages)
        return sum(1 for _ in pages)

    def check(self, source: Source, entry: LandingEntry) -> str | None:
        """Cheap check of a new entry (esq.entry_check): its list pages hold items.

        Detail pages are not read: a bad one quarantines its record at staging, never the
        entry; reading 5 000 of them twice per run would double the parse time.
        """
        ep, _ = models(source)
        pages = [f for f in entry.manifest.files if f.name.startswith(PAGE_PREFIX)]
        for landed in pages:
            body = entry.file_path(landed.name).read_bytes()
            if items_of(body, soup_of(body), ep, with_params(landed.url or "", landed.params)):
                return None
        return f"no list page holds an item ({len(pages)} pages)"

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Records from the stored pages; a page without items becomes a reject."""
        ep, opts = models(source)
        files = entry.manifest.files
        state = CrawlState.of(entry)
        details = {
            f.url: entry.file_path(f.name) for f in files if f.name.startswith(DETAIL_PREFIX)
        }
        columns = list(opts.fields) + [k for k in opts.detail_fields if k not in opts.fields]
        out = ParsedSource(columns=columns)
        reader = PageReader(source, ep, opts, state, details, out)
        pages = sorted((f for f in files if f.name.startswith(PAGE_PREFIX)), key=lambda f: f.name)
        for landed in pages:
            body = entry.file_path(landed.name).read_bytes()
            reader.read(body, landed.name, with_params(landed.url or "", landed.params))
        if opts.schema_org:
            seen = {c for r in out.records for c in r.fields}
            out.columns += sorted(c for c in seen if c.startswith("schema:"))
        if not out.records and not any(
            r.rule in ("html_empty_item", "html_detail_failed") for r in out.rejects
        ):
            raise ParseError(source.id, f"no record in the stored pages of {entry.ref}")
        return out


ADAPTER = HtmlAdapter()
