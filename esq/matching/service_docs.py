"""The reconciliation service's manifest, data extension and HTML views (pure functions).

Data extension (v0.2 "extend") returns, for each requested enterprise id and property, a list
of ``{"str": value}`` cells (empty when the enterprise has no value, or is unknown). The HTML
of the preview and of the entity view is built from escaped text only.
"""

from __future__ import annotations

from html import escape
from typing import Any

from esq.matching.reconcile import ENTITY_TYPE, QUERY_PROPERTIES, RequestError

#: Data extension properties: id -> (label, enterprise field).
EXTEND_PROPERTIES = {
    "neq": ("NEQ", "neq"),
    "name": ("Name", "name"),
    "legal_form": ("Legal form", "legal_form"),
    "region": ("Administrative region", "region_name"),
    "region_code": ("Administrative region code", "region_code"),
    "municipality": ("Municipality", "municipality"),
    "postal_code": ("Postal code", "postal_code"),
    "social_economy_basis": ("Why it counts as social economy", "social_economy_basis"),
}
MAX_EXTEND_IDS = 500
IDENTIFIER_SPACE = "urn:x-esq:enterprise"
SCHEMA_SPACE = "urn:x-esq:schema"
PREVIEW_SIZE = (420, 200)


def manifest(base: str, batch_size: int) -> dict[str, Any]:
    """The service manifest; ``base`` is the service root URL (no trailing slash)."""
    return {
        "versions": ["0.1", "0.2"],
        "name": "esq — Québec social economy enterprises",
        "identifierSpace": IDENTIFIER_SPACE,
        "schemaSpace": SCHEMA_SPACE,
        "defaultTypes": [ENTITY_TYPE],
        "batchSize": batch_size,
        "view": {"url": f"{base}/entity/{{{{id}}}}"},
        "preview": {
            "url": f"{base}/preview?id={{{{id}}}}",
            "width": PREVIEW_SIZE[0],
            "height": PREVIEW_SIZE[1],
        },
        "suggest": {
            kind: {"service_url": base, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "property", "type")
        },
        "extend": {
            "propose_properties": {"service_url": base, "service_path": "/properties"},
            "property_settings": [],
        },
    }


def propose_properties(type_id: str, limit: int | None) -> dict[str, Any]:
    """The properties data extension can fetch for ``type_id``."""
    props = [{"id": k, "name": label} for k, (label, _) in EXTEND_PROPERTIES.items()]
    out: dict[str, Any] = {"type": type_id, "properties": props[: limit or len(props)]}
    if limit:
        out["limit"] = limit
    return out


def suggest_properties(prefix: str) -> list[dict[str, str]]:
    """Query and extension properties whose id or label starts with ``prefix``."""
    labels = {**QUERY_PROPERTIES, **{k: v[0] for k, v in EXTEND_PROPERTIES.items()}}
    p = prefix.strip().lower()
    return [{"id": k, "name": v} for k, v in labels.items()
            if k.startswith(p) or v.lower().startswith(p)]  # fmt: skip


def suggest_types(prefix: str) -> list[dict[str, str]]:
    """The one type, when ``prefix`` starts its id or name."""
    p = prefix.strip().lower()
    hit = ENTITY_TYPE["id"].startswith(p) or ENTITY_TYPE["name"].lower().startswith(p)
    return [dict(ENTITY_TYPE)] if hit else []


def extend(query: Any, entity) -> dict[str, Any]:
    """A data extension response; ``entity(id)`` gives an enterprise's fields or None."""
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list):
        raise RequestError("'extend' must be an object with 'ids' and 'properties' lists")
    ids, props = query["ids"], query.get("properties")
    if not all(isinstance(i, str) for i in ids):
        raise RequestError("'ids' must be a list of strings")
    if len(ids) > MAX_EXTEND_IDS:
        raise RequestError(f"{len(ids)} ids in one extend request; at most {MAX_EXTEND_IDS}", 413)
    if not isinstance(props, list) or not all(
        isinstance(p, dict) and isinstance(p.get("id"), str) for p in props
    ):
        raise RequestError("'properties' must be a list of {id} objects")
    unknown = [p["id"] for p in props if p["id"] not in EXTEND_PROPERTIES]
    if unknown:
        raise RequestError(
            f"unknown propert{'y' if len(unknown) == 1 else 'ies'} {', '.join(unknown)} "
            f"(known: {', '.join(EXTEND_PROPERTIES)})"
        )
    rows = {}
    for i in ids:
        rec = entity(i) or {}
        rows[i] = {
            p["id"]: [{"str": str(v)}] if (v := rec.get(EXTEND_PROPERTIES[p["id"]][1])) else []
            for p in props
        }
    meta = [{"id": p["id"], "name": EXTEND_PROPERTIES[p["id"]][0]} for p in props]
    return {"meta": meta, "rows": rows}


_VIEW_FIELDS = (
    ("NEQ", "neq"), ("Legal form", "legal_form"), ("Social economy basis", "social_economy_basis"),
    ("Address", "address"), ("Municipality", "municipality"), ("Postal code", "postal_code"),
    ("Region", "region_name"), ("MRC", "mrc"), ("Sector", "sector"), ("Website", "website"),
    ("Register status", "register_status"), ("Other names", "other_names"),
)  # fmt: skip


def _rows(rec: dict[str, Any], fields: tuple[tuple[str, str], ...]) -> str:
    return "".join(
        f"<tr><th>{escape(label)}</th><td>{escape(str(rec[key]))}</td></tr>"
        for label, key in fields
        if rec.get(key)
    )


def entity_html(rec: dict[str, Any], *, preview: bool = False) -> str:
    """An escaped HTML page of one enterprise (the preview shows the first fields only)."""
    fields = _VIEW_FIELDS[:6] if preview else _VIEW_FIELDS
    title = escape(str(rec.get("name") or rec["enterprise_id"]))
    style = "body{font:13px sans-serif;margin:6px}th{text-align:left;padding-right:8px}"
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{style}</style></head><body><h3>{title}</h3>"
        f"<p>{escape(rec['enterprise_id'])}</p><table>{_rows(rec, fields)}</table></body></html>"
    )
