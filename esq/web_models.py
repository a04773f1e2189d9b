"""Catalog models of the web kinds (``html``, ``wordpress``): every endpoint/options key.

Pure pydantic, importing nothing of the catalog or the adapters package, so the kind registry
(esq.kinds on main) can import these models without an import cycle.
Same interface as the other kinds' models: ``required_for_enabled`` and ``resources``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import soupsieve
from pydantic import Field, field_validator

from esq.kind_model import Strict as _Strict

DEFAULT_MAX_PAGES = 50
DEFAULT_MAX_DETAILS = 5000
#: Days between full re-crawls: in between, detail pages are fetched only for new or changed cards.
DEFAULT_FULL_RECRAWL = 30


def _compiles(selector: str | None) -> str | None:
    if selector and selector != ":scope":
        try:
            soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, TypeError) as exc:
            raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from exc
    return selector


def normalise_spec(spec: Any) -> dict[str, Any]:
    """A field spec as a mapping with ``selectors`` (a list); raises ValueError when malformed."""
    if isinstance(spec, str):
        return {"selectors": [spec]}
    if isinstance(spec, list):
        if not spec or not all(isinstance(s, str) for s in spec):
            raise ValueError("a list of selectors must hold selector strings")
        return {"selectors": list(spec)}
    if isinstance(spec, dict):
        selector = spec.get("selector")
        if selector is None:
            raise ValueError("has no selector")
        unknown = set(spec) - {"selector", "attr", "regex", "join", "lines"}
        if unknown:
            raise ValueError(f"unknown key(s) {sorted(unknown)}")
        selectors = [selector] if isinstance(selector, str) else list(selector)
        return {**spec, "selectors": selectors}
    raise ValueError(f"must be a selector, a list of selectors or a mapping, not {spec!r}")


def _check_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Every field spec well formed, its selectors and regex compiling (named in the error)."""
    for name, spec in fields.items():
        try:
            parsed = normalise_spec(spec)
            for selector in parsed["selectors"]:
                _compiles(selector)
            if parsed.get("regex"):
                re.compile(parsed["regex"])
        except (ValueError, re.error) as exc:
            raise ValueError(f"field {name!r}: {exc}") from exc
    return fields


class Crawl(_Strict):
    """What every crawled directory declares: caps and the full re-crawl period."""

    max_pages: int = Field(default=DEFAULT_MAX_PAGES, ge=1)
    #: Detail pages fetched per run at most; more is an error, never a silent cut.
    max_details: int = Field(default=DEFAULT_MAX_DETAILS, ge=0)
    #: Every this many days all detail pages are asked again (conditionally).
    full_recrawl: float = Field(default=DEFAULT_FULL_RECRAWL, ge=0)


class HtmlEndpoint(Crawl):
    """A web directory: list pages (next link or page parameter) and optional detail pages.

    ``records: schema_org`` takes the schema.org organisations of the list pages as the records:
    no item selector (nor any other) is needed.
    """

    start_url: str | None = None
    #: Where records come from: one element per ``item_selector``, or schema.org organisations.
    records: Literal["items", "schema_org"] = "items"
    item_selector: str | None = None
    next_selector: str | None = None
    page_param: str | None = None
    first_page: int = 1
    detail_link_selector: str | None = None

    @field_validator("item_selector", "next_selector", "detail_link_selector")
    @classmethod
    def _selectors_compile(cls, selector: str | None) -> str | None:
        return _compiles(selector)

    def required_for_enabled(self) -> list[str]:
        needed = ["start_url"] + (["item_selector"] if self.records == "items" else [])
        return [k for k in needed if not getattr(self, k)]

    def resources(self) -> list[str]:
        return [f"html:{self.start_url}"] if self.start_url else []


class HtmlOptions(_Strict):
    """Field specs (esq.adapters.html_select) on the card and on the detail page; schema.org."""

    fields: dict[str, Any] = Field(default_factory=dict)
    detail_fields: dict[str, Any] = Field(default_factory=dict)
    #: Add the schema.org organisation of each page (JSON-LD, microdata, RDFa) as schema:* columns.
    schema_org: bool = False

    @field_validator("fields", "detail_fields")
    @classmethod
    def _specs_valid(cls, fields: dict[str, Any]) -> dict[str, Any]:
        return _check_fields(fields)


class WordpressEndpoint(Crawl):
    """WordPress REST API: ``<base_url>/wp-json/wp/v2/<type>``, paged by X-WP-TotalPages."""

    base_url: str | None = None
    type: str = "posts"
    per_page: int = Field(default=100, ge=1, le=100)
    #: Extra query parameters (``_embed``, a category filter …).
    params: dict[str, str | int] = Field(default_factory=dict)

    def required_for_enabled(self) -> list[str]:
        return [] if self.base_url else ["base_url"]

    def resources(self) -> list[str]:
        return [f"wordpress:{(self.base_url or '').rstrip('/')}/{self.type}"]

    def api_url(self) -> str:
        return f"{(self.base_url or '').rstrip('/')}/wp-json/wp/v2/{self.type}"


class WordpressOptions(_Strict):
    """Column -> dotted path in a post's JSON (``title.rendered``, ``acf.adresse``, ``meta.tel``).

    A path may list alternatives (``acf.ville|meta.ville``); lists are joined with "; ";
    HTML in ``rendered`` values is reduced to its text.
    """

    fields: dict[str, str] = Field(default_factory=dict)
