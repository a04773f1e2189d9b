"""Reading stored directory pages: the typed catalog entry, the items of a list page (cards or
schema.org organisations), and the records they give with their detail pages and crawl state.

Pure: bytes in, records out. Used by the ``html`` adapter's parse and by ``esq probe``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup, Tag
from pydantic import ValidationError

from esq.adapters.base import ParsedSource, RawRecord, RawReject, SourceError, record_key_of
from esq.adapters.crawl import CrawlState, content_hash
from esq.adapters.html_select import check_selectors, clean_text, extract, soup_of
from esq.adapters.schema_org import organisations
from esq.catalog import Source
from esq.web_models import HtmlEndpoint, HtmlOptions


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


class PageReader:
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
            status = f"HTTP {failed['status']}" if failed.get("status") else "no answer"
            message = f"detail page {failed['url']} failed ({status}): {failed['error']}"
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
