"""Incremental crawls of web directories: conditional pages, carried detail pages, crawl state.

Each crawl stores ``crawl.json`` beside its pages: per card (keyed by its detail URL, or by its
own hash without one) the hash of its list entry, the fetch whose bytes hold it, and its detail
file; and the detail pages that failed (URL, status, error). The next crawl:

- asks every list page conditionally (If-None-Match / If-Modified-Since); a 304 reuses the stored
  bytes;
- fetches a detail page only for a new card or a card whose list entry changed (or, every
  ``full_recrawl`` days, for all cards, conditionally); the others are carried with their original
  ``fetch_ref``, so unchanged records stay byte-identical downstream;
- when nothing changed at all, commits a ``not_modified`` entry pointing at the previous one.

A failing detail page (404, 500, timeout, robots) is recorded, not raised: that one record is
quarantined at parse time and the source still publishes.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from esq.adapters.base import FetchContext, SourceError
from esq.http import conditional_headers, response_meta
from esq.landing import LandedFile, LandingEntry, LandingWriter, iso, utc_now
from esq.web_models import Crawl

STATE_FILE = "crawl.json"
DETAIL_PREFIX = "detail-"
_STATUS = re.compile(r"HTTP (\d{3})")


def content_hash(text: str | bytes) -> str:
    """sha256 of a card's markup (whitespace collapsed) or of a body."""
    data = " ".join(text.split()).encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@dataclass
class Card:
    """One listed record as crawled: its list-entry hash, its fetch and its detail file."""

    hash: str
    fetch_ref: str | None = None  # None: the entry that holds this state
    detail: str | None = None  # detail file name in the same entry


@dataclass
class CrawlState:
    """The content of ``crawl.json``."""

    full_at: str | None = None
    cards: dict[str, Card] = field(default_factory=dict)
    failed: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "version": 1,
            "full_at": self.full_at,
            "cards": {k: asdict(c) for k, c in sorted(self.cards.items())},
            "failed": dict(sorted(self.failed.items())),
        }
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def of(cls, entry: LandingEntry | None) -> CrawlState | None:
        """The state stored in an entry, or None (no entry, or one from before crawl states)."""
        if entry is None or not any(f.name == STATE_FILE for f in entry.manifest.files):
            return None
        data = json.loads(entry.file_path(STATE_FILE).read_text("utf-8"))
        cards = {k: Card(**v) for k, v in data.get("cards", {}).items()}
        return cls(data.get("full_at"), cards, data.get("failed", {}))


def _key(url: str | None, params: dict | None) -> str:
    return json.dumps([url, dict(params or {})], sort_keys=True, default=str)


def failure_of(exc: SourceError) -> dict[str, Any]:
    """Status and reason of a failed detail page, for its record's quarantine row."""
    text = str(exc)
    match = _STATUS.search(text)
    return {"status": int(match.group(1)) if match else None, "error": text}


class Crawler:
    """The I/O of one crawl: conditional list pages, detail pages fetched or carried, state."""

    def __init__(self, ctx: FetchContext, http: Any, writer: LandingWriter, crawl: Crawl):
        self.ctx, self.http, self.writer, self.crawl = ctx, http, writer, crawl
        self.source_id = ctx.source.id
        self.prev = ctx.previous
        self.prev_state = CrawlState.of(self.prev)
        now = utc_now()
        last_full = self.prev_state.full_at if self.prev_state else None
        self.full = last_full is None or (
            now - datetime.fromisoformat(last_full.replace("Z", "+00:00"))
            >= timedelta(days=crawl.full_recrawl)
        )
        self.state = CrawlState(iso(now) if self.full else last_full)
        files = self.prev.manifest.files if self.prev else ()
        self._prev_files = {_key(f.url, f.params): f for f in files}
        self._prev_by_name = {f.name: f for f in files}
        self._prev_pages = sum(1 for f in files if not f.name.startswith((DETAIL_PREFIX, "crawl")))
        self.changed = self.prev is None or self.prev_state is None or self.full
        self.pages = 0
        self.details = 0  # cards holding a detail page (counted, not summed per card)
        self.requests = 0

    # -- list pages ---------------------------------------------------------------------------
    def page(self, url: str, params: dict | None, name: str, keep: Any) -> tuple[bytes, str, Any]:
        """A list page's body, final URL and answer headers, asked conditionally;
        ``keep(body)`` says whether the page is stored (an empty last page is not)."""
        before = self._prev_files.get(_key(url, params))
        resp = self._get(url, params, before)
        if resp.status_code == 304 and before is not None:
            body = self.prev.file_path(before.name).read_bytes()  # type: ignore[union-attr]
            meta = _meta_of(before)
        else:
            body = resp.content
            meta = response_meta(resp, url, params)
            if before is None or before.sha256 != content_hash(body):
                self.changed = True
        if keep(body):
            self.pages += 1
            self.writer.add_bytes(name, body, **meta)
        return body, resp.url if resp.status_code != 304 else url, resp.headers

    # -- cards and detail pages ------------------------------------------------------------
    def card(self, card_id: str, card_hash: str, detail_url: str | None) -> None:
        """Record a listed card; fetch or carry its detail page."""
        if card_id in self.state.cards or card_id in self.state.failed:
            return  # listed twice (featured and in the list): one record, one detail page
        old = self.prev_state.cards.get(card_id) if self.prev_state else None
        same = old is not None and old.hash == card_hash
        card = Card(card_hash, self._carried_ref(old) if same else None)
        self.state.cards[card_id] = card
        if old is None or not same:
            self.changed = True
        if detail_url is None:
            return
        if same and not self.full and old.detail is not None:
            card.detail = self._carry(old.detail)
            self.details += 1
            return
        if self.details >= self.crawl.max_details:
            raise SourceError(
                self.source_id,
                f"more than {self.crawl.max_details} detail pages; stopping "
                "(raise endpoint.max_details if real)",
                detail_url,
            )
        before = self._prev_files.get(_key(detail_url, None))
        try:
            resp = self._get(detail_url, None, before)
        except SourceError as exc:  # one failing detail page quarantines one record
            del self.state.cards[card_id]
            self.state.failed[card_id] = {"url": detail_url, **failure_of(exc)}
            self.changed = True
            return
        name = f"{DETAIL_PREFIX}{len(self.state.cards):06d}.html"
        if resp.status_code == 304 and before is not None:
            card.detail = self._carry(before.name)
            self.details += 1
            card.fetch_ref = self._carried_ref(old) if old else card.fetch_ref
            return
        self.changed = True
        card.fetch_ref = None  # new bytes: this entry holds the record
        self.details += 1
        card.detail = self.writer.add_bytes(
            name, resp.content, **response_meta(resp, detail_url, None)
        ).name

    def _carried_ref(self, old: Card | None) -> str | None:
        if old is None or self.prev is None:
            return None
        return old.fetch_ref or self.prev.ref

    def _carry(self, prev_name: str) -> str:
        """Copy a detail page of the previous entry, with its original metadata."""
        before = self._prev_by_name[prev_name]
        body = self.prev.file_path(prev_name).read_bytes()  # type: ignore[union-attr]
        name = f"{DETAIL_PREFIX}{len(self.state.cards):06d}.html"
        return self.writer.add_bytes(name, body, **_meta_of(before)).name

    def _get(self, url: str, params: dict | None, before: LandedFile | None) -> Any:
        self.requests += 1
        headers = conditional_headers(before) or None
        return self.http.get(url, source_id=self.source_id, params=params, headers=headers)

    # -- the end ----------------------------------------------------------------------------
    def commit(self) -> LandingEntry:
        """Commit the crawl, or a ``not_modified`` entry when nothing changed since the last."""
        if self.prev_state is not None and set(self.state.cards) != set(self.prev_state.cards):
            self.changed = True
        if self.pages != self._prev_pages or self.state.failed != (
            self.prev_state.failed if self.prev_state else {}
        ):
            self.changed = True
        if not self.changed and self.prev is not None:
            self.writer.abort()
            writer = self.ctx.landing.writer(self.source_id, mode=self.writer.mode)
            return writer.commit("not_modified", reused_from=self.prev.fetch_id)
        self.writer.add_bytes(STATE_FILE, self.state.to_json())
        return self.writer.commit()


def _meta_of(landed: LandedFile) -> dict[str, Any]:
    """The manifest fields of a stored body, to store it again unchanged."""
    meta = asdict(landed)
    for key in ("name", "size", "sha256"):
        meta.pop(key)
    return meta
