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
from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup, Tag
from pydantic import ValidationError

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    ParseError,
    RawRecord,
    RawReject,
    SourceError,
    record_key_of,
)
from esq.adapters.crawl import Crawler, CrawlState, content_hash
from esq.adapters.html_select import check_selectors, clean_text, extract, soup_of
from esq.adapters.live import live_http
from esq.adapters.paging import Page, fingerprint, link_pages, numbered_pages
from esq.adapters.schema_org import organisations
from esq.catalog import Source
from esq.landing import LandingEntry
from esq.web_models import HtmlEndpoint, HtmlOptions

PAGE_PREFIX = "page-"
DETAIL_PREFIX = "detail-"


def models(source: Source) -> tuple[HtmlEndpoint, HtmlOptions]:
    """The typed endpoint and options; a bad key or selector is a SourceError naming it."""
    check_selectors(source)
    try:
        ep = HtmlEndpoint.model_validate(source.endpoint)
        opts = HtmlOptions.model_validate(source.options)
    except ValidationError as exc:
        raise SourceError(source.id, f"catalog entry: {exc}") from exc
    if ep.records == "items" and not ep.item_selector:
        raise SourceError(source.id, "endpoint.item_selector (or records: schema_org) is needed")
    if ep.records == "schema_org":  # the records are schema.org data: their columns too
        opts = opts.model_copy(update={"schema_org": True})
    return ep, opts


def with_params(url: str, params: dict | None) -> str:
    """The URL a page was asked at, query parameters included (the base of its links)."""
    if not params:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"


class Item:
    """One record's source on a list page: a card element, or a schema.org organisation."""

    def __init__(self, ep: HtmlEndpoint, base: str, tag: Tag | None, org: dict | None = None):
        self.tag, self.org = tag, org
        self.link = None
        if tag is not None and ep.detail_link_selector:
            spec = {"selector": ep.detail_link_selector, "attr": "href"}
            self.link = extract(tag, spec, base)
        self.hash = content_hash(str(tag) if tag is not None else repr(sorted(org.items())))

    @property
    def id(self) -> str:
        return self.link or self.hash

    def text(self) -> str:
        return clean_text(self.tag) if self.tag is not None else repr(sorted(self.org.items()))


def items_of(body: bytes, soup: BeautifulSoup, ep: HtmlEndpoint, base: str) -> list[Item]:
    """The records' sources on a list page: cards by selector, else schema.org organisations."""
    if ep.records == "items":
        return [Item(ep, base, tag) for tag in soup.select(ep.item_selector or "")]
    return [Item(ep, base, None, org) for org in organisations(body, base)]


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
        reader = _PageReader(source, ep, opts, state, details, out)
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


class _PageReader:
    """Reads stored list pages (and their detail pages) into records and rejects."""

    def __init__(
        self,
        source: Source,
        ep: HtmlEndpoint,
        opts: HtmlOptions,
        state: CrawlState | None,
        details: dict,
        out: ParsedSource,
    ):
        self.source, self.ep, self.opts, self.state = source, ep, opts, state
        self.details, self.out = details, out
        self.seen: set[str] = set()

    def read(self, body: bytes, name: str, base: str) -> None:
        """Append the records (and rejects) of one stored list page."""
        soup = soup_of(body)
        items = items_of(body, soup, self.ep, base)
        if not items:
            message = f"no element matches {self.ep.item_selector!r}: layout changed?"
            self.out.rejects.append(
                RawReject(None, "html_no_items", message, soup.get_text(" ")[:500], name)
            )
        for i, item in enumerate(items, start=1):
            if item.id in self.seen:
                continue  # listed twice: one record (detail pages are de-duplicated by URL)
            self.seen.add(item.id)
            self._item(item, f"{name} item {i}", base, f"{name}#{i}")

    def _item(self, item: Item, where: str, base: str, fallback: str) -> None:
        fields, opts = self.opts.fields, self.opts
        record: dict[str, Any] = {}
        if item.tag is not None:
            record = {field: extract(item.tag, spec, base) for field, spec in fields.items()}
        if item.org is not None:
            record.update(item.org)
        failed = self.state.failed.get(item.id) if self.state else None
        if failed is not None:
            status = failed.get("status") or "no answer"
            message = f"detail page {failed['url']} failed (HTTP {status}): {failed['error']}"
            raw = str(item.tag)[:500] if item.tag is not None else repr(item.org)[:500]
            key = record_key_of(self.source, record, fallback)
            self.out.rejects.append(RawReject(key, "html_detail_failed", message, raw, where))
            return
        if item.link and item.link in self.details:
            body = self.details[item.link].read_bytes()
            detail = soup_of(body)
            for field, spec in opts.detail_fields.items():
                record[field] = extract(detail, spec, item.link)
            if opts.schema_org:
                found = organisations(body, item.link)
                record.update({k: v for k, v in (found[0] if found else {}).items() if v})
        if item.tag is not None and opts.schema_org and item.org is None:
            markup = str(item.tag)  # microdata or RDFa on the card itself
            inline = (
                organisations(markup, base) if "itemscope" in markup or "typeof" in markup else []
            )
            record.update({k: v for k, v in (inline[0] if inline else {}).items() if v})
        if (fields or opts.detail_fields) and all(v is None for v in record.values()):
            # lxml repairs broken markup into empty elements: say so, keep the raw markup
            message = "no declared field found in the item: malformed or changed markup"
            raw = str(item.tag)[:500]
            self.out.rejects.append(RawReject(None, "html_empty_item", message, raw, where))
            return
        card = self.state.cards.get(item.id) if self.state else None
        key = record_key_of(self.source, record, fallback)
        self.out.records.append(RawRecord(key, record, where, card.fetch_ref if card else None))


ADAPTER = HtmlAdapter()
