"""CKAN adapter against a loopback CKAN: package_show, datastore paging, download, failures."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import ParseError, SourceError
from esq.adapters.ckan import ADAPTER, PACKAGE_FILE
from esq.landing import LandingWriter, LandingZone
from tests.http.loopback import (
    FIXTURES,
    allow_robots,
    client,
    context,
    json_response,
    make_source,
    paths_requested,
)

RESOURCE = "11111111-2222-3333-4444-555555555555"
RECORDS = [
    {"_id": i, "NOM": f"Coopérative {i}", "NEQ": f"11{i:08d}", "VILLE": "Exemple"}
    for i in range(1, 6)
]
FIELDS = [{"id": "_id", "type": "int"}] + [
    {"id": k, "type": "text"} for k in ("NOM", "NEQ", "VILLE")
]


def package_show(server: HTTPServer) -> Response:
    text = (FIXTURES / "ckan_package_show.json").read_text("utf-8")
    return Response(text.replace("https://donnees.example", server.url_for("").rstrip("/")))


def datastore(records: list[dict], ignore_offset: bool = False):
    """A datastore_search handler in CKAN's answer format."""

    def handler(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        limit, offset = int(args["limit"][0]), int(args["offset"][0])
        start = 0 if ignore_offset else offset
        result = {
            "include_total": True,
            "limit": limit,
            "offset": offset,
            "records_format": "objects",
            "resource_id": args["resource_id"][0],
            "records": records[start : start + limit],
            "fields": FIELDS,
            "_links": {
                "start": "/api/3/action/datastore_search",
                "next": f"?offset={offset + limit}",
            },
            "total": len(records),
            "total_was_estimated": False,
        }
        return json_response({"help": "h", "success": True, "result": result})

    return handler


def ckan_source(**endpoint):
    return make_source(
        "ckan",
        {"base_url": "", "dataset": "organismes-exemple", "resource": RESOURCE, "page_size": 2}
        | endpoint,
        record_key=["NEQ"],
    )


def serve(server: HTTPServer, records=RECORDS, ignore_offset=False) -> None:
    server.expect_request("/api/3/action/package_show").respond_with_response(package_show(server))
    server.expect_request("/api/3/action/datastore_search").respond_with_handler(
        datastore(records, ignore_offset)
    )


@pytest.mark.parametrize(("n_records", "page_size", "requests"), [(5, 2, 3), (4, 2, 2), (0, 2, 1)])
def test_datastore_paging_ends_exactly_at_total(
    httpserver: HTTPServer, tmp_path: Path, n_records: int, page_size: int, requests: int
) -> None:
    serve(httpserver, RECORDS[:n_records])
    source = ckan_source(base_url=httpserver.url_for(""), page_size=page_size)
    entry = ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    assert paths_requested(httpserver).count("/api/3/action/datastore_search") == requests
    names = [f.name for f in entry.manifest.files]
    assert names[0] == PACKAGE_FILE and len(names) == 1 + requests
    assert entry.manifest.files[1].params == {
        "resource_id": RESOURCE,
        "limit": page_size,
        "offset": 0,
        "sort": "_id",
    }
    package = json.loads(entry.file_path(PACKAGE_FILE).read_bytes())
    assert package["result"]["metadata_modified"] == "2026-10-30T09:15:42.123456"
    parsed = ADAPTER.parse(source, LandingZone(tmp_path).latest(source.id))
    assert [r.fields["NOM"] for r in parsed.records] == [r["NOM"] for r in RECORDS[:n_records]]
    assert parsed.columns == ["NOM", "NEQ", "VILLE"]
    if n_records:
        assert parsed.records[0].record_key == "1100000001"
        assert "_id" not in parsed.records[0].fields


def test_a_datastore_ignoring_offset_is_caught(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver, ignore_offset=True)
    source = ckan_source(base_url=httpserver.url_for(""))
    with pytest.raises(SourceError, match="repeats page 1"):
        ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    assert LandingZone(tmp_path).entries(source.id) == []  # nothing half-written


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ('{"success": false, "error": {"message": "Not found"}}', SourceError, "CKAN error"),
        ("<html>Service en maintenance</html>", ParseError, "expected JSON but got an HTML page"),
        ('{"result": []}', SourceError, "not a CKAN API answer"),
    ],
)
def test_bad_package_show_answers(httpserver, tmp_path, body, error, message) -> None:
    httpserver.expect_request("/api/3/action/package_show").respond_with_data(body)
    with pytest.raises(error, match=message):
        ADAPTER.fetch(
            context(ckan_source(base_url=httpserver.url_for("")), tmp_path, client(httpserver))
        )


def test_unknown_resource_lists_the_real_ones(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver)
    source = ckan_source(base_url=httpserver.url_for(""), resource="nope")
    with pytest.raises(SourceError, match=f"'nope' not in dataset .*{RESOURCE} \\(Liste des"):
        ADAPTER.fetch(context(source, tmp_path, client(httpserver)))


def test_download_mode_and_the_304_path(httpserver: HTTPServer, tmp_path: Path) -> None:
    serve(httpserver)
    path = "/dataset/organismes-exemple/resource/" + RESOURCE + "/download/organismes.csv"
    httpserver.expect_request(path, headers={"If-None-Match": '"e1"'}).respond_with_data(
        "", status=304
    )
    httpserver.expect_request(path).respond_with_data(
        "NOM,NEQ\nCoop,1100000001\n", headers={"ETag": '"e1"'}
    )
    source = ckan_source(
        base_url=httpserver.url_for(""),
        mode="download",
        resource=None,
        resource_name="Liste des organismes",
    )
    http = client(httpserver)
    first = ADAPTER.fetch(context(source, tmp_path, http))
    assert [f.name for f in first.manifest.files] == [PACKAGE_FILE, "organismes.csv"]
    assert first.manifest.files[1].etag == '"e1"'
    second = ADAPTER.fetch(context(source, tmp_path, http, previous=first))
    assert second.manifest.status == "not_modified"
    assert second.manifest.reused_from == first.fetch_id
    assert LandingZone(tmp_path).latest_good(source.id).fetch_id == first.fetch_id


def test_live_fetch_without_client_or_endpoint_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="needs an HTTP client"):
        ADAPTER.fetch(context(ckan_source(base_url="http://x"), tmp_path, None))
    with pytest.raises(SourceError, match=r"endpoint\.base_url is missing"):
        ADAPTER.fetch(context(ckan_source(), tmp_path, object()))  # type: ignore[arg-type]


def test_datastore_mode_on_a_resource_without_datastore_says_so(httpserver, tmp_path) -> None:
    serve(httpserver)
    source = ckan_source(base_url=httpserver.url_for(""), resource=None,
                         resource_name="Dictionnaire de données")  # fmt: skip
    with pytest.raises(SourceError, match="has no datastore; use mode: download"):
        ADAPTER.fetch(context(source, tmp_path, client(httpserver)))


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        (b'{"success": true, "result": {"records": [', ParseError, "malformed JSON"),
        (b'{"success": false, "error": {"message": "gone"}}', SourceError, "CKAN error"),
    ],
)
def test_stored_pages_that_cannot_be_read_fail_clearly(tmp_path, body, error, message) -> None:
    source = ckan_source(base_url="http://x")
    writer = LandingWriter(tmp_path, source.id)
    writer.add_bytes(PACKAGE_FILE, b"{}", url=None)
    writer.add_bytes("datastore-000001.json", body, url=None)
    with pytest.raises(error, match=message):
        ADAPTER.parse(source, writer.commit())


def test_downloaded_csv_files_go_through_the_tabular_parser(tmp_path) -> None:
    pytest.importorskip("esq.adapters.tabular", reason="tabular adapter not in this branch yet")
    source = ckan_source(base_url="http://x", mode="download")
    writer = LandingWriter(tmp_path, source.id)
    writer.add_bytes(PACKAGE_FILE, b"{}", url=None)
    writer.add_bytes("2025.csv", b"NOM,NEQ\nCoop A,1100000001\n", url=None)
    writer.add_bytes("2026.csv", b"NOM;NEQ;VILLE\nCoop B;1100000002;Laval\n", url=None)
    parsed = ADAPTER.parse(source, writer.commit())
    assert [r.fields["NOM"] for r in parsed.records] == ["Coop A", "Coop B"]
    assert parsed.columns == ["NOM", "NEQ", "VILLE"]


@pytest.mark.parametrize(("stamp", "paged"), [(None, False), ("2026-11-02T08:00:00.000000", True)])
def test_an_unchanged_datastore_resource_is_not_paged_again(
    httpserver: HTTPServer, tmp_path: Path, stamp: str | None, paged: bool
) -> None:
    serve(httpserver)
    source, http = ckan_source(base_url=httpserver.url_for("")), client(httpserver)
    first = ADAPTER.fetch(context(source, tmp_path, http))
    httpserver.clear()
    allow_robots(httpserver)
    text = package_show(httpserver).get_data(as_text=True)
    if stamp:  # the publisher updated the resource
        text = text.replace("2026-10-30T09:15:40.000000", stamp)
    httpserver.expect_request("/api/3/action/package_show").respond_with_data(text)
    httpserver.expect_request("/api/3/action/datastore_search").respond_with_handler(
        datastore(RECORDS)
    )
    second = ADAPTER.fetch(context(source, tmp_path, http, previous=first))
    asked = paths_requested(httpserver).count("/api/3/action/datastore_search")
    assert bool(asked) is paged
    assert second.manifest.status == ("success" if paged else "not_modified")
