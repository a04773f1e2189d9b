"""Text and attribute extraction for HTML directories, driven by catalog-declared selectors.

Text is taken without markup (script/style dropped, whitespace collapsed); ``href``/``src``
attributes are made absolute against the page URL.
"""

from __future__ import annotations

from urllib.parse import urljoin

import soupsieve
from bs4 import BeautifulSoup, Tag

from esq.adapters.base import SourceError
from esq.catalog import Source


def clean_text(element: Tag) -> str:
    """Visible text of an element, without markup, whitespace collapsed."""
    return " ".join(element.get_text(" ").split())


def extract(scope: Tag, spec: str | dict[str, str], base_url: str) -> str | None:
    """One field: the text of the first match of a selector, or one of its attributes."""
    selector, attr = (spec, None) if isinstance(spec, str) else (spec["selector"], spec.get("attr"))
    element = scope if selector in ("", ":scope") else scope.select_one(selector)
    if element is None:
        return None
    if not attr:
        return clean_text(element) or None
    value = element.get(attr)
    if isinstance(value, list):
        value = " ".join(value)
    if value and attr in ("href", "src"):
        value = urljoin(base_url, value.strip())
    return value.strip() if value else None


def check_selectors(source: Source) -> None:
    """Compile every selector the catalog declares; a bad one is a SourceError naming it."""
    ep, opts = source.endpoint, source.options
    declared = {
        f"endpoint.{key}": ep[key]
        for key in ("item_selector", "next_selector", "detail_link_selector")
        if ep.get(key)
    }
    for group in ("fields", "detail_fields"):
        for name, spec in (opts.get(group) or {}).items():
            selector = spec if isinstance(spec, str) else (spec or {}).get("selector")
            if selector is None:
                raise SourceError(source.id, f"options.{group}.{name} has no selector")
            declared[f"options.{group}.{name}"] = selector
    for where, selector in declared.items():
        if selector in ("", ":scope"):
            continue
        try:
            soupsieve.compile(selector)
        except (soupsieve.SelectorSyntaxError, TypeError) as exc:
            raise SourceError(
                source.id, f"{where}: invalid CSS selector {selector!r}: {exc}"
            ) from exc


def soup_of(body: bytes) -> BeautifulSoup:
    """Parsed page without script/style content, which is never text of a field."""
    soup = BeautifulSoup(body, "lxml")
    for element in soup(["script", "style", "noscript", "template"]):
        element.decompose()
    return soup
