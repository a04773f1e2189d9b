"""ArcGIS adapter against a loopback FeatureServer: paging, 200-with-error, geometry, Hub items."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.arcgis import ADAPTER, LAYER_FILE, feature_fields
from esq.adapters.base import SourceError
from esq.landing import LandingZone
from tests.http.loopback import (
    FIXTURES,
    allow_robots,
    client,
    context,
    json_response,
    make_source,
    paths_requested,
)

LAYER = "/arcgis/rest/services/Organismes/FeatureServer/0"
FEATURES = [
    {
        "attributes": {"OBJECTID": i, "NOM": f"Atelier {i}", "ADRESSE": f"{i} rue Principale"},
        "geometry": {"x": -73.5 - i / 100, "y": 45.5 + i / 100},
    }
    for i in range(1, 8)
]


def query_handler(features: list[dict], max_record_count: int, ignore_offset: bool = False):
    """Answers like ArcGIS: at most maxRecordCount features, exceededTransferLimit when cut."""

    def handler(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        assert args["orderByFields"] == ["OBJECTID"] and args["outSR"] == ["4326"]
        offset = 0 if ignore_offset else int(args["resultOffset"][0])
        count = min(int(args["resultRecordCount"][0]), max_record_count)
        page = features[offset : offset + count]
        body = {
            "objectIdFieldName": "OBJECTID",
            "geometryType": "esriGeometryPoint",
            "spatialReference": {"wkid": 4326, "latestWkid": 4326},
            "fields": [{"name": "OBJECTID"}, {"name": "NOM"}, {"name": "ADRESSE"}],
            "features": page,
        }
        if offset + count < len(features):
            body["exceededTransferLimit"] = True
        return json_response(body)

    return handler


def serve(server: HTTPServer, handler) -> None:
    layer = (FIXTURES / "arcgis_layer.json").read_text("utf-8")
    server.expect_request(LAYER).respond_with_data(layer, content_type="application/json")
    server.expect_request(f"{LAYER}/query").respond_with_handler(handler)


def arcgis_source(server: HTTPServer, **endpoint):
    return make_source("arcgis", {"layer_url": server.url_for(LAYER), "page_size": 3} | endpoint)


@pytest.mark.parametrize(("max_record_count", "queries"), [(1000, 3), (2, 4), (7, 1)])
def test_paging_until_exceeded_transfer_limit_is_false(
    httpserver: HTTPServer, tmp_path: Path, max_record_count: int, queries: int
) -> None:
    serve(httpserver, query_handler(FEATURES, max_record_count))
    page_size = 7 if max_record_count == 7 else 3
    source = arcgis_source(httpserver, page_size=page_size)
    entry = ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    assert paths_requested(httpserver).count(f"{LAYER}/query") == queries
    assert entry.manifest.files[0].name == LAYER_FILE
    parsed = ADAPTER.parse(source, LandingZone(tmp_path).latest(source.id))
    assert [r.fields["OBJECTID"] for r in parsed.records] == list(range(1, 8))
    assert parsed.records[0].fields["latitude"] == pytest.approx(45.51)
    assert parsed.records[0].fields["longitude"] == pytest.approx(-73.51)
    assert parsed.columns == ["OBJECTID", "NOM", "ADRESSE"]


def test_a_layer_ignoring_result_offset_is_caught(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver, query_handler(FEATURES, 1000, ignore_offset=True))
    with pytest.raises(SourceError, match="repeats page 1"):
        ADAPTER.fetch(context(arcgis_source(httpserver), tmp_path, client(httpserver)))


def test_error_sent_with_http_200_is_a_source_error(httpserver: HTTPServer, tmp_path) -> None:
    error = {
        "error": {"code": 400, "message": "Invalid or missing input parameters.", "details": []}
    }
    serve(httpserver, lambda _: json_response(error))
    with pytest.raises(SourceError, match="ArcGIS error 400: Invalid or missing input") as err:
        ADAPTER.fetch(context(arcgis_source(httpserver), tmp_path, client(httpserver)))
    assert f"{LAYER}/query" in str(err.value)


@pytest.mark.parametrize(
    ("geometry", "wgs84", "expected"),
    [
        ({"x": -71.9, "y": 45.4}, True, (45.4, -71.9)),
        ({"x": -8000000.0, "y": 5600000.0}, False, None),  # Web Mercator: not degrees
        ({"rings": [[[0, 0]]]}, True, None),  # polygons carry no point
        (None, True, None),
    ],
)
def test_geometry_to_latitude_longitude(geometry, wgs84, expected) -> None:
    fields = feature_fields({"attributes": {"NOM": "X"}, "geometry": geometry}, wgs84)
    got = (fields["latitude"], fields["longitude"]) if "latitude" in fields else None
    assert got == expected


def test_hub_item_download_and_304(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/item.csv", headers={"If-None-Match": '"h1"'}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request("/item.csv").respond_with_data("NOM\nA\n", headers={"ETag": '"h1"'})
    source = make_source("arcgis", {"item_url": httpserver.url_for("/item.csv")})
    http = client(httpserver)
    first = ADAPTER.fetch(context(source, tmp_path, http))
    second = ADAPTER.fetch(context(source, tmp_path, http, previous=first))
    assert json.loads(second.manifest.to_json())["reused_from"] == first.fetch_id


def _layer_with_edit_date(edit_date: int) -> str:
    layer = json.loads((FIXTURES / "arcgis_layer.json").read_text("utf-8"))
    layer["editingInfo"] = {"lastEditDate": edit_date}
    return json.dumps(layer)


def _stats_or_pages(features: list[dict]):
    """Count and max-id queries as ArcGIS answers them; any other query pages."""
    pages = query_handler(features, 1000)

    def handler(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        if args.get("returnCountOnly") == ["true"]:
            return json_response({"count": len(features)})
        if "outStatistics" in args:
            top = max(f["attributes"]["OBJECTID"] for f in features)
            return json_response({"features": [{"attributes": {"max_id": top}}]})
        return pages(request)

    return handler


@pytest.mark.parametrize(
    ("edit_date", "features", "paged"),
    [
        (1700000000000, FEATURES, False),  # unchanged: three small requests, no page
        (1700000009999, FEATURES, True),  # edited
        (1700000000000, FEATURES[:-1], True),  # a feature deleted (count, max id)
    ],
)
def test_an_unchanged_layer_is_not_paged_again(
    httpserver: HTTPServer, tmp_path: Path, edit_date: int, features: list, paged: bool
) -> None:
    httpserver.expect_request(LAYER).respond_with_data(_layer_with_edit_date(1700000000000))
    httpserver.expect_request(f"{LAYER}/query").respond_with_handler(_stats_or_pages(FEATURES))
    source, http = arcgis_source(httpserver), client(httpserver)
    first = ADAPTER.fetch(context(source, tmp_path, http))
    httpserver.clear()
    allow_robots(httpserver)
    httpserver.expect_request(LAYER).respond_with_data(_layer_with_edit_date(edit_date))
    httpserver.expect_request(f"{LAYER}/query").respond_with_handler(_stats_or_pages(features))
    second = ADAPTER.fetch(context(source, tmp_path, http, previous=first))
    page_asks = [r for r, _ in httpserver.log if "resultOffset" in r.query_string.decode()]
    assert bool(page_asks) is paged
    assert second.manifest.status == ("success" if paged else "not_modified")


def test_keys_survive_renumbering_and_an_objectid_key_is_warned(tmp_path: Path, caplog) -> None:
    def entry(offset: int, key: list[str]):
        renumbered = [
            {
                **f,
                "attributes": {**f["attributes"], "OBJECTID": f["attributes"]["OBJECTID"] + offset},
            }
            for f in FEATURES
        ]
        source = make_source("arcgis", {"layer_url": "http://x/0"}, record_key=key)
        writer = LandingZone(tmp_path).writer(source.id)
        page = {"objectIdFieldName": "OBJECTID", "features": renumbered}
        writer.add_bytes("query-000001.json", json.dumps(page).encode())
        return source, writer.commit()

    keys = [[r.record_key for r in ADAPTER.parse(*entry(off, [])).records] for off in (0, 500)]
    assert keys[0] == keys[1] and len(set(keys[0])) == len(FEATURES)  # a content hash
    with caplog.at_level("WARNING", logger="esq.adapters.arcgis"):
        ADAPTER.parse(*entry(0, ["OBJECTID"]))
    assert "object id, renumbered" in caplog.text
