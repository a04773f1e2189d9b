"""ArcGIS FeatureServer layers (and ArcGIS Hub downloads): Longueuil, Sherbrooke …

Catalog endpoint, either a layer queried page by page::

    layer_url: https://…/arcgis/rest/services/…/FeatureServer/0
    where: "1=1"            # default
    out_fields: "*"         # default
    page_size: 1000         # resultRecordCount; the server may send fewer (maxRecordCount)
    max_pages: 1000

or ``item_url:`` — a Hub file download (CSV), parsed by the tabular parser. A layer fetch stores
``layer.json`` (the layer description) and ``query-000001.json`` … ArcGIS reports errors as HTTP 200
with ``{"error": {...}}``: those are raised as SourceError.

Unchanged layers cost three small requests: with a previous entry, the layer's
``editingInfo.lastEditDate``, its feature count and its largest object id are compared with the
previous entry's (read from its stored files) before any page is asked; all equal means
``not_modified``. Record keys: a declared ``record_key`` (a field set), else a hash of the
feature's attributes without the object id — never the position, which a republished layer
renumbers. A declared key that is the object id (OBJECTID, FID…) is warned about for the same
reason.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
from pathlib import Path
from typing import Any

from esq.adapters.base import FetchContext, ParsedSource, RawRecord, SourceError, record_key_of
from esq.adapters.live import download_or_reuse, land_json, live_http
from esq.adapters.paging import DEFAULT_MAX_PAGES, Page, fingerprint, flag_pages
from esq.catalog import Source
from esq.http import parse_json
from esq.landing import LandingEntry, LandingWriter

LAYER_FILE = "layer.json"
PAGE_PREFIX = "query-"
WGS84 = 4326
POSITIONAL_NAMES = frozenset({"objectid", "fid", "oid", "object_id", "esri_oid"})

log = logging.getLogger("esq.adapters.arcgis")


def arcgis_payload(payload: Any, source_id: str, url: str | None) -> dict[str, Any]:
    """The answer as a dict; an ``error`` member (sent with HTTP 200) raises SourceError."""
    if not isinstance(payload, dict):
        raise SourceError(source_id, "not an ArcGIS JSON object", url)
    error = payload.get("error")
    if error:
        detail = error.get("message") if isinstance(error, dict) else error
        code = error.get("code") if isinstance(error, dict) else None
        raise SourceError(source_id, f"ArcGIS error {code}: {detail}", url)
    return payload


def object_id_field(layer: dict[str, Any]) -> str | None:
    if layer.get("objectIdField"):
        return layer["objectIdField"]
    for field in layer.get("fields") or []:
        if field.get("type") == "esriFieldTypeOID":
            return field.get("name")
    return None


class ArcgisAdapter:
    """Source kind ``arcgis``."""

    kind = "arcgis"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """Query every feature of the layer page by page (or download the Hub item)."""
        source, http = ctx.source, live_http(ctx, ())
        ep = source.endpoint
        with ctx.landing.writer(source.id, mode="live") as writer:
            if ep.get("item_url"):
                name = ep.get("file_name") or "item.csv"
                return download_or_reuse(ctx, writer, ep["item_url"], name)
            if not ep.get("layer_url"):
                raise SourceError(source.id, "endpoint.layer_url (or item_url) is missing")
            if self._query_layer(http, writer, source, ctx.previous):
                return writer.commit()
            assert ctx.previous is not None
            ctx.log.info("%s: layer unchanged (edit date, count, max id)", source.id)
            return writer.commit("not_modified", reused_from=ctx.previous.fetch_id)

    @staticmethod
    def _query_layer(
        http: Any, writer: LandingWriter, source: Source, previous: LandingEntry | None
    ) -> bool:
        """Page through the layer; False (nothing paged) when it is unchanged since
        ``previous``."""
        ep = source.endpoint
        layer_url = ep["layer_url"].rstrip("/")
        info = land_json(
            http, layer_url, writer, LAYER_FILE, source_id=source.id, params={"f": "json"}
        )
        oid = object_id_field(arcgis_payload(info, source.id, layer_url))
        query_url = f"{layer_url}/query"
        if previous is not None and oid:
            before = stored_signature(previous, oid)
            if before is not None and before == live_signature(http, source, info, oid):
                return False
        numbers = itertools.count(1)

        def fetch(offset: int) -> Page:
            params = {
                "where": ep.get("where", "1=1"),
                "outFields": ep.get("out_fields", "*"),
                "outSR": WGS84,
                "returnGeometry": "true",
                "resultOffset": offset,
                "resultRecordCount": int(ep.get("page_size", 1000)),
                "f": "json",
            }
            if oid:  # a stable order is what makes offsets meaningful
                params["orderByFields"] = oid
            name = f"{PAGE_PREFIX}{next(numbers):06d}.json"
            payload = land_json(http, query_url, writer, name, source_id=source.id, params=params)
            features = arcgis_payload(payload, source.id, query_url).get("features") or []
            more = bool(payload.get("exceededTransferLimit", False))
            return Page(len(features), fingerprint(features), more=more)

        max_pages = int(ep.get("max_pages", DEFAULT_MAX_PAGES))
        for _ in flag_pages(fetch, source_id=source.id, url=query_url, max_pages=max_pages):
            pass
        return True

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Features into records (attributes, plus latitude/longitude from point geometry)."""
        files = entry.manifest.files
        pages = sorted((f for f in files if f.name.startswith(PAGE_PREFIX)), key=lambda f: f.name)
        if pages:
            return parse_query_pages(source, [(f.name, entry.file_path(f.name)) for f in pages])
        if not files:
            raise SourceError(source.id, f"landing entry {entry.ref} holds no file")
        from esq.adapters.tabular import parse_table_bytes  # Hub items are CSV files

        return parse_table_bytes(source, files[0].name, entry.file_path(files[0].name))


Signature = tuple[Any, int, Any]  # (lastEditDate, feature count, max object id)


def _edit_date(layer: dict[str, Any]) -> Any:
    return (layer.get("editingInfo") or {}).get("lastEditDate")


def stored_signature(entry: LandingEntry, oid: str) -> Signature | None:
    """The signature of a stored layer fetch, from its files (None when it cannot tell)."""
    files = {f.name: entry.file_path(f.name) for f in entry.manifest.files}
    if LAYER_FILE not in files:
        return None
    try:
        layer = json.loads(files[LAYER_FILE].read_bytes())
        ids = [
            (feature.get("attributes") or {}).get(oid)
            for name in sorted(n for n in files if n.startswith(PAGE_PREFIX))
            for feature in json.loads(files[name].read_bytes()).get("features") or []
        ]
    except (ValueError, OSError, AttributeError):
        return None
    known = [i for i in ids if i is not None]
    if _edit_date(layer) is None or not known:
        return None
    return (_edit_date(layer), len(ids), max(known))


def live_signature(http: Any, source: Source, layer: dict[str, Any], oid: str) -> Signature | None:
    """The layer's signature now: two small queries (count, max id); None when unsupported."""
    url = f"{source.endpoint['layer_url'].rstrip('/')}/query"
    where = source.endpoint.get("where", "1=1")
    stat = [{"statisticType": "max", "onStatisticField": oid, "outStatisticFieldName": "max_id"}]
    try:
        count = http.get_json(
            url,
            source_id=source.id,
            params={"where": where, "returnCountOnly": "true", "f": "json"},
        )
        top = http.get_json(
            url,
            source_id=source.id,
            params={"where": where, "outStatistics": json.dumps(stat), "f": "json"},
        )
        features = arcgis_payload(top, source.id, url).get("features") or [{}]
        max_id = (features[0].get("attributes") or {}).get("max_id")
        total = arcgis_payload(count, source.id, url).get("count")
    except SourceError as exc:
        if exc.retriable:
            raise
        return None  # a server without statistics: page as usual
    if _edit_date(layer) is None or total is None or max_id is None:
        return None
    return (_edit_date(layer), int(total), max_id)


def _is_wgs84(payload: dict[str, Any]) -> bool:
    sr = payload.get("spatialReference") or {}
    return WGS84 in (sr.get("wkid"), sr.get("latestWkid"))


def feature_fields(feature: dict[str, Any], wgs84: bool) -> dict[str, Any]:
    """Attributes of one feature; point x/y become longitude/latitude when in WGS 84."""
    fields = dict(feature.get("attributes") or {})
    geometry = feature.get("geometry") or {}
    if wgs84 and "x" in geometry and "y" in geometry:
        fields.setdefault("latitude", geometry["y"])
        fields.setdefault("longitude", geometry["x"])
    return fields


def content_key(attributes: dict[str, Any], oid: str | None) -> str:
    """A key from a feature's attributes without its object id: survives renumbering."""
    kept = {k: v for k, v in attributes.items() if k != oid}
    text = json.dumps(kept, sort_keys=True, ensure_ascii=False, default=str)
    return "h:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def positional_key_columns(source: Source, oid: str | None) -> list[str]:
    """Declared key columns that are object ids: renumbered when a layer is republished."""
    return [c for c in source.record_key if c == oid or c.lower() in POSITIONAL_NAMES]


def parse_query_pages(source: Source, pages: list[tuple[str, Path]]) -> ParsedSource:
    """Records of stored query answers, in page order (keys: module docstring)."""
    out = ParsedSource()
    seen: dict[str, int] = {}
    warned = False
    for name, path in pages:
        payload = arcgis_payload(parse_json(path.read_bytes(), source.id, None), source.id, name)
        if not out.columns:
            out.columns = [f["name"] for f in payload.get("fields") or [] if "name" in f]
        oid = payload.get("objectIdFieldName") or object_id_field(payload)
        if not warned and positional_key_columns(source, oid):
            log.warning(
                "%s: record_key %s is the layer's object id, renumbered when the layer is "
                "republished (every record then reads as removed + new); declare the fields "
                "that identify a record, or leave record_key empty for a content hash",
                source.id,
                positional_key_columns(source, oid),
            )
            warned = True
        wgs84 = _is_wgs84(payload)
        for i, feature in enumerate(payload.get("features") or [], start=1):
            fields = feature_fields(feature, wgs84)
            fallback = content_key(feature.get("attributes") or {}, oid)
            seen[fallback] = seen.get(fallback, 0) + 1
            if seen[fallback] > 1:  # identical features: number the repeats
                fallback = f"{fallback}#{seen[fallback]}"
            key = record_key_of(source, fields, fallback)
            out.records.append(RawRecord(key, fields, f"{name} feature {i}"))
    return out


ADAPTER = ArcgisAdapter()
