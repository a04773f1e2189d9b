"""schema.org organisations embedded in a page (JSON-LD, microdata, RDFa), read with extruct.

Each Organization / LocalBusiness (or subtype) becomes one flat mapping whose keys are the
columns a catalog mapping names, e.g.::

    schema:name  schema:legalName  schema:streetAddress  schema:addressLocality
    schema:postalCode  schema:telephone  schema:email  schema:url  schema:sameAs  schema:@type

``sameAs`` links are joined with a space; a PostalAddress given as plain text lands in
``schema:address`` (split into street, town and postal code at staging).
"""

from __future__ import annotations

from typing import Any

import extruct

PREFIX = "schema:"
SCHEMA_URLS = ("http://schema.org/", "https://schema.org/")
#: Organisation types of schema.org met on directory sites (subtypes included by name below).
ORG_TYPES = {
    "Organization",
    "LocalBusiness",
    "NGO",
    "Corporation",
    "Cooperative",
    "NonprofitOrganization",
    "Store",
    "Restaurant",
    "FoodEstablishment",
    "ProfessionalService",
    "HomeAndConstructionBusiness",
}
ADDRESS_KEYS = ("streetAddress", "addressLocality", "addressRegion", "postalCode", "addressCountry")
PLAIN_KEYS = ("name", "legalName", "alternateName", "telephone", "email", "url", "description")
PLAIN_KEYS += ("taxID", "vatID", "foundingDate", "keywords")


def _short(key: str) -> str:
    for base in SCHEMA_URLS:
        if key.startswith(base):
            return key[len(base) :]
    return key


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type") or []
    return [_short(k) for k in ([kind] if isinstance(kind, str) else kind)]


def is_organisation(node: dict[str, Any]) -> bool:
    """An organisation type, or any type ending like one (``SportsOrganization``)."""
    return any(t in ORG_TYPES or t.endswith(("Organization", "Business")) for t in _types(node))


def _rdfa_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """RDFa comes as expanded, flattened JSON-LD: compact it and nest referenced nodes."""
    by_id = {n.get("@id"): n for n in nodes}

    def compact(node: dict[str, Any], depth: int = 0) -> dict[str, Any]:
        out: dict[str, Any] = {"@type": _types(node)}
        for key, values in node.items():
            if key.startswith("@") or not any(key.startswith(b) for b in SCHEMA_URLS):
                continue
            items = []
            for value in values:
                if "@value" in value:
                    items.append(value["@value"])
                elif value.get("@id") in by_id and depth < 3:
                    items.append(compact(by_id[value["@id"]], depth + 1))
                elif "@id" in value:
                    items.append(value["@id"])
            out[_short(key)] = items[0] if len(items) == 1 else items
        return out

    return [compact(n) for n in nodes if "@type" in n]


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every mapping in a JSON-LD document (graphs, lists, nested items)."""
    if isinstance(node, list):
        return [found for item in node for found in _walk(item)]
    if not isinstance(node, dict):
        return []
    found = [node]
    for value in node.values():
        if isinstance(value, dict | list):
            found += _walk(value)
    return found


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        texts = [t for t in (_text(v) for v in value) if t]
        return " ".join(dict.fromkeys(texts)) or None
    if isinstance(value, dict):
        return _text(value.get("@id") or value.get("url") or value.get("name"))
    text = " ".join(str(value).split())
    return text or None


def flatten(node: dict[str, Any]) -> dict[str, str | None]:
    """The columns of one organisation (see module doc)."""
    out: dict[str, str | None] = {f"{PREFIX}@type": " ".join(_types(node)) or None}
    for key in PLAIN_KEYS:
        out[PREFIX + key] = _text(node.get(key))
    out[f"{PREFIX}sameAs"] = _text(node.get("sameAs"))
    address = node.get("address")
    if isinstance(address, list):
        address = next((a for a in address if isinstance(a, dict)), address[0] if address else None)
    if isinstance(address, dict):
        for key in ADDRESS_KEYS:
            out[PREFIX + key] = _text(address.get(key))
    else:
        out[f"{PREFIX}address"] = _text(address)
    return out


def organisations(body: bytes | str, base_url: str) -> list[dict[str, str | None]]:
    """The schema.org organisations of a page, flattened, in document order per syntax."""
    try:
        data = extruct.extract(
            body, base_url=base_url, syntaxes=["json-ld", "microdata", "rdfa"], uniform=True
        )
    except Exception:
        return []
    nodes = _walk(data.get("json-ld", [])) + _walk(data.get("microdata", []))
    nodes += _rdfa_nodes(data.get("rdfa", []))
    orgs = [n for n in nodes if is_organisation(n)]
    # An organisation nested in another (a parentOrganization, an author) is not a record.
    ids = {id(o) for o in orgs}
    nested = {id(n) for org in orgs for n in _walk(list(org.values())) if id(n) in ids}
    return [flatten(o) for o in orgs if id(o) not in nested]
