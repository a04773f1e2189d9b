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
"""

from __future__ import annotations

import itertools
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
            self._query_layer(http, writer, source)
            return writer.commit()

    @staticmethod
    def _query_layer(http: Any, writer: LandingWriter, source: Source) -> None:
        ep = source.endpoint
        layer_url = ep["layer_url"].rstrip("/")
        info = land_json(
            http, layer_url, writer, LAYER_FILE, source_id=source.id, params={"f": "json"}
        )
        oid = object_id_field(arcgis_payload(info, source.id, layer_url))
        query_url = f"{layer_url}/query"
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


def parse_query_pages(source: Source, pages: list[tuple[str, Path]]) -> ParsedSource:
    """Records of stored query answers, in page order."""
    out = ParsedSource()
    for name, path in pages:
        payload = arcgis_payload(parse_json(path.read_bytes(), source.id, None), source.id, name)
        if not out.columns:
            out.columns = [f["name"] for f in payload.get("fields") or [] if "name" in f]
        wgs84 = _is_wgs84(payload)
        for i, feature in enumerate(payload.get("features") or [], start=1):
            fields = feature_fields(feature, wgs84)
            key = record_key_of(source, fields, f"{name}#{i}")
            out.records.append(RawRecord(key, fields, f"{name} feature {i}"))
    return out


ADAPTER = ArcgisAdapter()
