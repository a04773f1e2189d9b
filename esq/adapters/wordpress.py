"""WordPress sites through their REST API (many hub directories run WordPress).

::

    kind: wordpress
    endpoint:
      base_url: https://pole.example.org
      type: entreprise              # /wp-json/wp/v2/entreprise (a custom post type)
      per_page: 100
      params: {_embed: 1}
    options:
      fields:
        name: title.rendered
        address: acf.adresse|meta.adresse          # alternatives, first non-empty wins
        legal_form: _embedded.wp:term.*.name       # every item of a list, joined with "; "

Pages ``?page=1..X-WP-TotalPages`` are asked conditionally (esq.adapters.crawl); a server that
ignores the page number, more pages than ``max_pages`` or an answer that is not a list of posts
fails the source. Every record also has ``wp:id``, ``wp:link`` and ``wp:modified``.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from pydantic import ValidationError

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    ParseError,
    RawRecord,
    SourceError,
    record_key_of,
)
from esq.adapters.crawl import Crawler, CrawlState, content_hash
from esq.adapters.live import live_http
from esq.adapters.paging import Page, PageGuard, fingerprint
from esq.catalog import Source
from esq.http import parse_json
from esq.landing import LandingEntry
from esq.web_models import WordpressEndpoint, WordpressOptions

PAGE_PREFIX = "wp-page-"
BUILTIN = {"wp:id": "id", "wp:link": "link", "wp:modified": "modified"}


def models(source: Source) -> tuple[WordpressEndpoint, WordpressOptions]:
    try:
        return (
            WordpressEndpoint.model_validate(source.endpoint),
            WordpressOptions.model_validate(source.options),
        )
    except ValidationError as exc:
        raise SourceError(source.id, f"catalog entry: {exc}") from exc


def _text(value: Any) -> str | None:
    """A JSON value as text: ``rendered`` HTML reduced to its text, lists joined."""
    if value is None or value == "" or value is False:
        return None
    if isinstance(value, dict):
        for key in ("rendered", "name", "value", "url"):
            if key in value:
                return _text(value[key])
        return None
    if isinstance(value, list):
        texts = [t for t in (_text(v) for v in value) if t]
        return "; ".join(dict.fromkeys(texts)) or None
    text = str(value)
    if "<" in text or "&" in text:
        text = BeautifulSoup(text, "lxml").get_text(" ")
    return " ".join(text.split()) or None


def _walk(value: Any, parts: list[str]) -> list[Any]:
    if not parts:
        return [value]
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(value, list):
        return [found for item in value for found in _walk(item, rest)]
    if isinstance(value, list):
        if head.isdigit() and int(head) < len(value):
            return _walk(value[int(head)], rest)
        if head != "*":  # a list met where one item is asked: look into every item
            return [found for item in value for found in _walk(item, parts)]
        return []
    if isinstance(value, dict) and head in value:
        return _walk(value[head], rest)
    return []


def value_at(post: dict[str, Any], path: str) -> str | None:
    """The first non-empty value among ``a.b|c.d`` paths of a post (see module doc)."""
    for alternative in path.split("|"):
        found = _walk(post, alternative.strip().split("."))
        text = _text(found if len(found) != 1 else found[0])
        if text:
            return text
    return None


class WordpressAdapter:
    """Source kind ``wordpress``."""

    kind = "wordpress"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """Store every page of posts of the declared type, incrementally."""
        source, http = ctx.source, live_http(ctx, ("base_url",))
        ep, _ = models(source)
        url = ep.api_url()
        with ctx.landing.writer(source.id, mode="live") as writer:
            crawler = Crawler(ctx, http, writer, ep)
            guard, number, total = PageGuard(source.id, url, ep.max_pages), 1, None
            while True:
                guard.before_next()
                params = {**ep.params, "per_page": ep.per_page, "page": number}
                name = f"{PAGE_PREFIX}{number:06d}.json"
                body, _, headers = crawler.page(url, params, name, lambda _: True)
                posts = parse_json(body, source.id, url)
                if not isinstance(posts, list) or not all(isinstance(p, dict) for p in posts):
                    raise SourceError(source.id, "the answer is not a list of posts", url)
                total = _total_pages(headers, total)
                if total is not None and total > ep.max_pages:
                    message = f"X-WP-TotalPages is {total}, more than max_pages {ep.max_pages}"
                    raise SourceError(source.id, message, url)
                guard.admit(Page(len(posts), fingerprint(posts)), f"page {number}")
                for post in posts:
                    crawler.card(f"wp:{post.get('id')}", content_hash(repr(post)), None)
                last = len(posts) < ep.per_page if total is None else number >= total
                if last or not posts:
                    break
                number += 1
            return crawler.commit()

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """One record per post, fields read by path; a stored page that is not JSON fails."""
        _, opts = models(source)
        state = CrawlState.of(entry)
        out = ParsedSource(columns=list(opts.fields) + list(BUILTIN))
        pages = sorted(
            (f for f in entry.manifest.files if f.name.startswith(PAGE_PREFIX)),
            key=lambda f: f.name,
        )
        seen: set[str] = set()
        for landed in pages:
            posts = parse_json(entry.file_path(landed.name).read_bytes(), source.id, landed.url)
            for i, post in enumerate(posts, start=1):
                card_id = f"wp:{post.get('id')}"
                if card_id in seen:
                    continue  # a post moved to the next page while paging: one record
                seen.add(card_id)
                record = {col: value_at(post, path) for col, path in opts.fields.items()}
                record.update({col: _text(post.get(key)) for col, key in BUILTIN.items()})
                card = state.cards.get(card_id) if state else None
                where = f"{landed.name} post {i}"
                key = record_key_of(source, record, card_id)
                out.records.append(RawRecord(key, record, where, card.fetch_ref if card else None))
        if not out.records and not pages:
            raise ParseError(source.id, f"no page of posts in {entry.ref}")
        return out


def _total_pages(headers: Any, known: int | None) -> int | None:
    value = (headers or {}).get("X-WP-TotalPages")
    return int(value) if value and str(value).isdigit() else known


ADAPTER = WordpressAdapter()
