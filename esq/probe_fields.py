"""Field proposals for ``esq probe``: repeated elements of the items, named, with a listing target.

Names come from classes, table headers or the tag; the listing field a column maps to is guessed
from its name (French and English words hub sites use) and then from its content (a postal code,
a phone number). Guesses are a starting point for the operator, who reviews the entry.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import Tag

from esq.adapters.html_select import clean_text

#: Listing field <- words in a column name (checked in this order).
NAME_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("postal_code", ("code_postal", "postal", "postcode", "zip", "cp")),
    ("municipality", ("ville", "municipalite", "city", "localite", "locality", "town")),
    ("address", ("adresse", "address", "rue", "street", "civique")),
    ("phone", ("telephone", "tel", "phone")),
    ("email", ("courriel", "email", "mail")),
    ("website", ("site", "web", "url_site", "website")),
    ("legal_form", ("forme", "statut", "legal", "tags", "type_entreprise", "etiquette")),
    ("sector", ("secteur", "sector", "categorie", "category", "domaine")),
    ("neq", ("neq",)),
    ("name", ("nom", "name", "titre", "title", "entreprise", "organisme")),
)
_POSTAL = re.compile(r"\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b")
_PHONE = re.compile(r"^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b")
MIN_COVERAGE = 0.3
SAMPLE = 12


def slug(text: str) -> str:
    """An ASCII column name: ``Code postal`` -> ``code_postal``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "field"


def guess_target(column: str, sample: str) -> str | None:
    """The listing field a column probably holds, from its name, else its content."""
    words = slug(column)
    for target, keys in NAME_WORDS:
        if any(re.search(rf"(^|_){k}($|_)", words) for k in keys):
            return target
    if _POSTAL.fullmatch(sample.strip()):
        return "postal_code"
    if _PHONE.match(sample.strip()):
        return "phone"
    if _POSTAL.search(sample) or "(Québec)" in sample:
        return "address"
    return None


def _simple(tag: Tag) -> str | None:
    classes = [c for c in tag.get("class") or [] if re.fullmatch(r"[A-Za-z_][\w-]*", c)]
    if classes:
        return f"{tag.name}.{classes[0]}"
    if re.fullmatch(r"h[1-6]", tag.name):
        return tag.name
    return None


def _coverage(members: list[Tag], selector: str) -> float:
    return sum(1 for m in members if m.select_one(selector) is not None) / len(members)


def _same_host(href: str, base: str) -> bool:
    target = urlsplit(urljoin(base, href))
    return target.scheme in ("http", "https") and target.netloc == urlsplit(base).netloc


def card_fields(members: list[Tag], url: str) -> tuple[dict[str, Any], dict[str, str]]:
    """Fields (and the mapping) of card items; ``__detail__`` holds the detail-link selector."""
    sample = members[:SAMPLE]
    fields: dict[str, Any] = {}
    targets: dict[str, str | None] = {}
    parents: dict[str, str | None] = {}
    by_selector: dict[str, str] = {}
    for tag in sample[0].find_all(True):
        selector = _simple(tag)
        if selector is None or _coverage(sample, selector) < MIN_COVERAGE:
            continue
        name = slug((tag.get("class") or [tag.name])[0])
        if name in fields:
            continue
        external = tag.name == "a" and not _same_host(tag.get("href", ""), url)
        if tag.name in ("ul", "ol") and tag.find_all("li", recursive=False):
            fields[name] = {"selector": f"{selector} li", "join": "; "}
        elif external:
            fields[name] = {"selector": selector, "attr": "href"}
        elif tag.find("br") is not None:
            fields[name] = {"selector": selector, "lines": True}
        else:
            fields[name] = selector
        parents[name] = next(
            (by_selector[a] for a in _ancestors(tag, sample[0]) if a in by_selector), None
        )
        by_selector[selector] = name
        heading = re.fullmatch(r"h[1-6]", tag.name) is not None
        guess = guess_target(name, clean_text(tag))
        targets[name] = (
            "name" if heading and guess is None else guess or ("website" if external else None)
        )
    mapping: dict[str, str] = {}
    for name, target in targets.items():
        if target and target not in mapping:
            mapping[target] = name
    block = mapping.get("address")
    street = next((n for n in fields if parents[n] == block and targets[n] == "address"), None)
    if block and street:
        mapping["address"] = f"{street}|{block}"  # the street part, else the whole block
    _links(sample, url, fields, mapping)
    if "name" not in mapping and fields:
        mapping["name"] = next(iter(fields))
    return fields, mapping


def _ancestors(tag: Tag, item: Tag) -> list[str]:
    out = []
    for parent in tag.parents:
        if parent is item:
            break
        simple = _simple(parent)
        if simple:
            out.append(simple)
    return out


def _links(sample: list[Tag], url: str, fields: dict[str, Any], mapping: dict[str, str]) -> None:
    """The detail link, e-mail and phone links of card items."""
    for heading in ("h1 a", "h2 a", "h3 a", "h4 a", "a.more", "a"):
        found = [m.select_one(heading) for m in sample]
        hrefs = [a.get("href", "") for a in found if a is not None]
        if len(hrefs) >= len(sample) * 0.8 and all(_same_host(h, url) for h in hrefs):
            fields["__detail__"] = heading
            break
    if _coverage(sample, 'a[href^="mailto:"]') >= MIN_COVERAGE and "email" not in mapping:
        regex = r"mailto:(?P<value>[^?]+)"
        fields["courriel"] = {"selector": 'a[href^="mailto:"]', "attr": "href", "regex": regex}
        mapping["email"] = "courriel"
    if _coverage(sample, 'a[href^="tel:"]') >= MIN_COVERAGE and "phone" not in mapping:
        fields["telephone"] = 'a[href^="tel:"]'
        mapping["phone"] = "telephone"


def table_fields(
    table: Tag | None, rows: list[Tag], url: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """One field per column of a table directory, named by its header."""
    headers: list[str] = []
    if table is not None:
        head = table.select("thead th") or table.select("tr th")
        headers = [clean_text(th) for th in head]
    width = max(len(r.find_all("td")) for r in rows[:SAMPLE])
    fields: dict[str, Any] = {}
    mapping: dict[str, str] = {}
    first = rows[0].find_all("td")
    for k in range(1, width + 1):
        name = slug(headers[k - 1]) if k <= len(headers) else f"col{k}"
        cell = first[k - 1] if k <= len(first) else None
        selector = f"td:nth-of-type({k})"
        link = cell.find("a", href=True) if cell is not None else None
        fields[name] = selector
        if link is not None and not link["href"].startswith(("mailto:", "tel:")):
            if _same_host(link["href"], url):
                fields["__detail__"] = f"{selector} a"
            else:
                fields[name] = {"selector": f"{selector} a", "attr": "href"}
        header = headers[k - 1] if k <= len(headers) else ""
        target = guess_target(header, clean_text(cell) if cell is not None else "")
        if target and target not in mapping:
            mapping[target] = name
    return fields, mapping


def detail_fields(
    page: Tag, url: str, mapping: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Fields of a detail page for listing fields the list page did not give."""
    fields: dict[str, Any] = {}
    added: dict[str, str] = {}
    for tag in page.find_all(True):
        selector = _simple(tag)
        if selector is None or re.fullmatch(r"h[1-6]", tag.name):
            continue
        name = slug((tag.get("class") or [tag.name])[0])
        external = tag.name == "a" and not _same_host(tag.get("href", ""), url)
        target = guess_target(name, clean_text(tag)) or ("website" if external else None)
        if not target or target in mapping or target in added or name in fields:
            continue
        fields[name] = {"selector": selector, "attr": "href"} if external else selector
        added[target] = name
    if page.select_one('a[href^="mailto:"]') is not None and "email" not in mapping:
        regex = r"mailto:(?P<value>[^?]+)"
        fields["courriel"] = {"selector": 'a[href^="mailto:"]', "attr": "href", "regex": regex}
        added["email"] = "courriel"
    if page.select_one('a[href^="tel:"]') is not None and "phone" not in {**mapping, **added}:
        fields["telephone"] = 'a[href^="tel:"]'
        added["phone"] = "telephone"
    return fields, added


def skeleton(source_id: str, kind: str) -> dict[str, Any]:
    """The frame of a proposed catalog entry, TODOs where only a person can tell."""
    return {
        "id": source_id,
        "kind": kind,
        "role": "listing",
        "title": "TODO: directory title",
        "publisher": "TODO: publisher",
        "licence": {
            "id": "unknown",
            "title": "Terms of use not confirmed",
            "attribution": "TODO: publisher",
            "non_commercial": True,
        },
        "cadence": "monthly",
        "endpoint": {},
        "options": {},
        "mapping": {},
        "record_key": [],
        "constants": {"social_economy_basis": "listed"},
    }
