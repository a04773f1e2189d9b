"""Text and attribute extraction for HTML directories, driven by catalog-declared field specs.

A field spec is one of::

    "h2"                                  # text of the first match
    [".adresse .rue", ".adresse"]         # selectors tried in order, the first non-empty wins
    {selector: "a.site", attr: "href"}    # an attribute (href/src made absolute)
    {selector: ".tel", regex: "(?P<value>[0-9 -]{12})"}   # the named group of a regex
    {selector: ".tags li", join: "; "}    # every match, joined (tag lists -> legal form)
    {selector: [".a", ".b"], attr: ...}   # alternatives inside a mapping too

Text is taken without markup (script/style dropped, whitespace collapsed); ``<br>`` and block
boundaries become ", " only where ``lines: true`` asks for it (address blocks).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import soupsieve
from bs4 import BeautifulSoup, NavigableString, Tag

from esq.adapters.base import SourceError
from esq.catalog import Source
from esq.web_models import normalise_spec

SCOPE = ("", ":scope")
__all__ = ["clean_text", "extract", "line_text", "normalise_spec", "soup_of"]
FIELD_GROUPS = ("fields", "detail_fields")


def clean_text(element: Tag) -> str:
    """Visible text of an element, without markup, whitespace collapsed."""
    return " ".join(element.get_text(" ").split())


def line_text(element: Tag) -> str:
    """Text with ``<br>`` and block boundaries kept as ", " (an address block's lines)."""
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, NavigableString):
            parts.append(str(node))
        elif isinstance(node, Tag) and node.name in ("br", "p", "div", "li"):
            parts.append("\n")
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in "".join(parts).split("\n"))
    return ", ".join(line for line in lines if line)


def _value(element: Tag, spec: dict[str, Any], base_url: str) -> str | None:
    attr = spec.get("attr")
    if not attr:
        text = line_text(element) if spec.get("lines") else clean_text(element)
        return text or None
    value = element.get(attr)
    if isinstance(value, list):
        value = " ".join(value)
    if value and attr in ("href", "src"):
        value = urljoin(base_url, value.strip())
    return value.strip() if value else None


def _matched(value: str | None, pattern: str | None) -> str | None:
    if value is None or not pattern:
        return value
    match = re.search(pattern, value)
    if match is None:
        return None
    named = match.groupdict()
    if named:  # the group named "value", else the first named group
        found = named.get("value") or next(iter(named.values()), None)
    else:
        found = match.group(1) if match.groups() else match.group(0)
    return found.strip() if found else None


def extract(scope: Tag, spec: Any, base_url: str) -> str | None:
    """One field: the first selector whose match gives a non-empty value (see module doc)."""
    spec = spec if isinstance(spec, dict) and "selectors" in spec else normalise_spec(spec)
    for selector in spec["selectors"]:
        if selector in SCOPE:
            elements = [scope]
        elif spec.get("join") is not None:
            elements = scope.select(selector)
        else:
            first = scope.select_one(selector)
            elements = [first] if first is not None else []
        values = [_matched(_value(e, spec, base_url), spec.get("regex")) for e in elements]
        values = [v for v in values if v]
        if values:
            joiner = spec.get("join")
            return joiner.join(dict.fromkeys(values)) if joiner is not None else values[0]
    return None


def check_selectors(source: Source) -> None:
    """Compile every selector and regex the catalog declares; a bad one is a SourceError."""
    ep, opts = source.endpoint, source.options
    declared = {
        f"endpoint.{key}": ep[key]
        for key in ("item_selector", "next_selector", "detail_link_selector")
        if ep.get(key)
    }
    for group in FIELD_GROUPS:
        for name, spec in (opts.get(group) or {}).items():
            where = f"options.{group}.{name}"
            try:
                spec = normalise_spec(spec)
            except ValueError as exc:
                raise SourceError(source.id, f"{where} {exc}") from exc
            for n, selector in enumerate(spec["selectors"]):
                declared[f"{where}[{n}]" if n else where] = selector
            if spec.get("regex"):
                try:
                    re.compile(spec["regex"])
                except re.error as exc:
                    message = f"{where}: invalid regex {spec['regex']!r}: {exc}"
                    raise SourceError(source.id, message) from exc
    for where, selector in declared.items():
        if selector in SCOPE:
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
