"""``esq discover``: package_search paging, parameters and rows."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import SourceError
from esq.discover import DEFAULT_KEYWORDS, discover, search_params
from tests.http.loopback import client, json_response, paths_requested

PACKAGES = [
    {
        "id": f"id-{i}",
        "name": f"jeu-{i}",
        "title": f"Jeu {i}",
        "metadata_modified": f"2026-0{i}-01T00:00:00.000000",
        "license_id": "cc-by-4.0",
        "organization": {"name": "ville-exemple"},
        "resources": [{"id": f"r-{i}", "name": "CSV", "format": "CSV", "datastore_active": True}],
    }
    for i in range(1, 6)
]


def search(packages: list[dict], repeat: bool = False):
    def handler(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        start, rows = int(args["start"][0]), int(args["rows"][0])
        start = 0 if repeat else start
        result = {"count": len(packages), "results": packages[start : start + rows]}
        return json_response({"success": True, "result": result})

    return handler


@pytest.mark.parametrize(
    ("keywords", "q"),
    [
        (["contrats", "économie sociale"], 'contrats OR "économie sociale"'),
        ([], "*:*"),
        (["  "], "*:*"),
    ],
)
def test_search_params(keywords, q) -> None:
    params = search_params("ville-de-laval", keywords, 200, 100)
    assert params == {
        "fq": "organization:ville-de-laval",
        "q": q,
        "rows": 100,
        "start": 200,
        "sort": "name asc",
    }


def test_discover_pages_until_count_and_lists_newest_first(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/3/action/package_search").respond_with_handler(search(PACKAGES))
    rows = discover(client(httpserver), httpserver.url_for("/"), "ville-exemple", rows=2)
    assert paths_requested(httpserver).count("/api/3/action/package_search") == 3
    assert [r.name for r in rows] == ["jeu-5", "jeu-4", "jeu-3", "jeu-2", "jeu-1"]
    assert rows[0].resources[0].id == "r-5" and rows[0].resources[0].datastore_active
    assert rows[0].metadata_modified == "2026-05-01T00:00:00.000000"
    assert "coopératives" in DEFAULT_KEYWORDS


def test_discover_catches_a_search_ignoring_start(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/3/action/package_search").respond_with_handler(
        search(PACKAGES, repeat=True)
    )
    with pytest.raises(SourceError, match="repeats page 1"):
        discover(client(httpserver), httpserver.url_for("/"), "ville-exemple", rows=2)
