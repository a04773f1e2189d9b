"""Propose a catalog entry for a web directory from one of its pages (pure: page in, proposal out).

What is looked for, in order:

1. a WordPress REST answer (a JSON list of posts): a ``wordpress`` entry mapping ``title`` and the
   ACF/meta fields by their names;
2. schema.org organisations (JSON-LD, microdata, RDFa): an ``html`` entry with no selector at all;
3. the repeated item structure (cards or table rows): item selector, one field per repeated
   element (named by class, table header or content), the detail link, the next-page link or the
   page parameter.

The proposal is a catalog entry (YAML) plus the first rows it extracts, for an operator to check
and edit. Nothing here writes the catalog; ``esq probe`` prints.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from esq.adapters.html_select import clean_text, soup_of
from esq.adapters.schema_org import organisations
from esq.probe_fields import card_fields, detail_fields, skeleton, table_fields
from esq.probe_wordpress import wordpress_entry

PAGE_PARAMS = ("page", "p", "paged", "pg", "pagination", "start")
NEXT_WORDS = ("suivant", "suivante", "page suivante", "next", "»", "›", ">")
MIN_ITEMS = 3
SCHEMA_MAPPING = {
    "name": "schema:name",
    "address": "schema:streetAddress|schema:address",
    "municipality": "schema:addressLocality",
    "postal_code": "schema:postalCode",
    "phone": "schema:telephone",
    "email": "schema:email",
    "website": "schema:url",
}


@dataclass
class Proposal:
    """A catalog entry to paste (after review) and what it would extract."""

    entry: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def yaml(self) -> str:
        return yaml.safe_dump([self.entry], allow_unicode=True, sort_keys=False, width=100)


def propose(body: bytes, url: str, source_id: str = "new-directory") -> Proposal:
    """The proposal for a page fetched at ``url`` (HTML, or a WordPress REST JSON answer)."""
    text = body.lstrip()[:1]
    if text in (b"[", b"{"):
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if isinstance(data, list) and data and isinstance(data[0], dict):
            entry, rows, notes = wordpress_entry(data, url, source_id)
            return Proposal(entry, rows, notes)
    orgs = organisations(body, url)
    soup = soup_of(body)
    notes = []
    api = BeautifulSoup(body, "lxml").find("link", rel="https://api.w.org/")
    if api is not None and api.get("href"):
        notes.append(
            f"WordPress site: its REST API at {api['href']}wp/v2/ may be simpler (probe it)"
        )
    if len(orgs) >= 2:
        proposal = _schema_org(soup, url, source_id, notes)
    else:
        proposal = _cards(soup, url, source_id, notes, schema=bool(orgs))
    if proposal.entry["endpoint"].get("item_selector") != "TODO":
        proposal.rows = extract_rows(proposal.entry, body, url)
    return proposal


def add_detail(proposal: Proposal, body: bytes, url: str) -> None:
    """Fields of the first detail page for what the list page lacks (phone, website …)."""
    fields, added = detail_fields(soup_of(body), url, proposal.entry["mapping"])
    if fields:
        proposal.entry["options"]["detail_fields"] = fields
        proposal.entry["mapping"].update(added)
        proposal.notes.append(f"detail page {url}: {', '.join(sorted(added))} read there")
    orgs = organisations(body, url)
    if orgs and not proposal.entry["options"].get("schema_org"):
        proposal.entry["options"]["schema_org"] = True
        proposal.notes.append("detail pages carry schema.org data: schema:* columns added")


def probe(http: Any, url: str, source_id: str = "new-directory") -> Proposal:
    """Fetch one directory page (and its first detail page) through the project's HTTP
    client — robots.txt, User-Agent, throttle — and propose its catalog entry."""
    resp = http.get(url, source_id=f"probe:{source_id}")
    proposal = propose(resp.content, resp.url, source_id)
    link = proposal.rows[0].get("url") if proposal.rows else None
    if proposal.entry["endpoint"].get("detail_link_selector") and link:
        add_detail(proposal, http.get(link, source_id=f"probe:{source_id}").content, link)
    return proposal


# -- schema.org ---------------------------------------------------------------------------------
def _schema_org(soup: BeautifulSoup, url: str, source_id: str, notes: list[str]) -> Proposal:
    entry = skeleton(source_id, "html")
    entry["endpoint"] = {"start_url": url, "records": "schema_org", **_paging(soup, url)}
    entry["options"] = {"schema_org": True}
    entry["mapping"] = dict(SCHEMA_MAPPING)
    entry["record_key"] = ["schema:name"]
    notes.append("records are the page's schema.org organisations: no item selector needed")
    return Proposal(entry, notes=notes)


# -- repeated structure -------------------------------------------------------------------------
def _signature(tag: Tag) -> tuple[str, tuple[str, ...]]:
    return tag.name, tuple(sorted(tag.get("class") or []))


def _selector_of(tag: Tag) -> str:
    name, classes = _signature(tag)
    return name + "".join(f".{c}" for c in classes if re.fullmatch(r"[A-Za-z_][\w-]*", c))


def item_groups(soup: BeautifulSoup) -> list[list[Tag]]:
    """Groups of sibling elements with the same tag and classes, best first."""
    groups: dict[tuple[int, tuple[str, tuple[str, ...]]], list[Tag]] = defaultdict(list)
    for tag in soup.find_all(True):
        if tag.parent is not None and tag.name not in ("option", "script", "br", "td", "th"):
            groups[(id(tag.parent), _signature(tag))].append(tag)

    def score(members: list[Tag]) -> float:
        texts = [clean_text(m) for m in members]
        if len(members) < MIN_ITEMS or not all(texts):
            return 0
        children = sum(len(m.find_all(True)) for m in members) / len(members)
        if children < 2:  # a menu or a list of plain links
            return 0
        return len(members) * sum(len(t) for t in texts) / len(members)

    ranked = sorted((g for g in groups.values() if score(g)), key=score, reverse=True)
    return ranked


def _item_selector(soup: BeautifulSoup, members: list[Tag]) -> str:
    first = members[0]
    selector = _selector_of(first)
    if first.name == "tr":
        table = first.find_parent("table")
        prefix = _selector_of(table) if table is not None else "table"
        return f"{prefix} tbody tr" if first.find_parent("tbody") else f"{prefix} tr:has(td)"
    if len(soup.select(selector)) != len(members) and first.parent is not None:
        selector = f"{_selector_of(first.parent)} > {selector}"
    return selector


def _cards(
    soup: BeautifulSoup, url: str, source_id: str, notes: list[str], schema: bool
) -> Proposal:
    entry = skeleton(source_id, "html")
    groups = item_groups(soup)
    if not groups:
        notes.append("no repeated item structure found: write item_selector by hand")
        entry["endpoint"] = {"start_url": url, "item_selector": "TODO"}
        return Proposal(entry, notes=notes)
    members = groups[0]
    item_selector = _item_selector(soup, members)
    if members[0].name == "tr":
        fields, mapping = table_fields(members[0].find_parent("table"), members, url)
    else:
        fields, mapping = card_fields(members, url)
    detail = fields.pop("__detail__", None)
    endpoint: dict[str, Any] = {"start_url": url, "item_selector": item_selector}
    if detail:
        endpoint["detail_link_selector"] = detail
        fields["url"] = {"selector": detail, "attr": "href"}
    endpoint.update(_paging(soup, url))
    entry["endpoint"] = endpoint
    entry["options"] = {"fields": fields, **({"schema_org": True} if schema else {})}
    entry["mapping"] = mapping
    entry["record_key"] = ["url"] if detail else [mapping.get("name", next(iter(fields), ""))]
    notes.append(f"{len(members)} items matched {item_selector!r}")
    return Proposal(entry, notes=notes)


def _paging(soup: BeautifulSoup, url: str) -> dict[str, Any]:
    """``next_selector`` for a next link, else ``page_param`` for numbered page links."""
    for link in soup.select('a[rel~="next"], link[rel~="next"]'):
        if link.name == "a":
            return {"next_selector": 'a[rel~="next"]'}
    for link in soup.find_all("a", href=True):
        classes = " ".join(link.get("class") or []).lower()
        if re.search(r"next|suiv", classes):
            return {"next_selector": _selector_of(link)}
    for link in soup.find_all("a", href=True):
        if clean_text(link).lower() in NEXT_WORDS:
            word = clean_text(link).replace('"', '\\"')
            return {"next_selector": f'a:-soup-contains("{word}")'}
    here = dict(parse_qsl(urlsplit(url).query))
    counts: Counter[str] = Counter()
    for link in soup.find_all("a", href=True):
        target = urlsplit(urljoin(url, link["href"]))
        for key, value in parse_qsl(target.query):
            if key.lower() in PAGE_PARAMS and value.isdigit() and here.get(key) != value:
                counts[key] += 1
    if counts:
        param = counts.most_common(1)[0][0]
        return {"page_param": param, "first_page": 1}
    return {}


def extract_rows(entry: dict[str, Any], body: bytes, url: str, limit: int = 5) -> list[dict]:
    """The first records the proposed entry extracts from the page (detail pages not read)."""
    from esq.adapters.base import ParsedSource
    from esq.adapters.html_read import PageReader
    from esq.catalog import Source
    from esq.web_models import HtmlEndpoint, HtmlOptions

    source = Source.model_validate({**entry, "id": entry["id"], "enabled": True})
    ep = HtmlEndpoint.model_validate(source.endpoint)
    opts = HtmlOptions.model_validate(source.options)
    out = ParsedSource()
    PageReader(source, ep, opts, None, {}, out).read(body, "probe", url)
    return [r.fields for r in out.records[:limit]]
