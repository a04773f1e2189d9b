"""The wordpress kind on a loopback WP REST API: paging, field paths, loops refused, 304s."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import SourceError
from esq.adapters.wordpress import ADAPTER, value_at
from esq.http import HttpClient
from esq.normalise.municipality import MunicipalityIndex
from tests.fixtures.web import sites
from tests.fixtures.web.onboarding import host_of, serve
from tests.http.loopback import context, fast_policy, make_source
from tests.shared_data import MUN_CSV

POST = {
    "id": 7,
    "title": {"rendered": "Caf&eacute; <b>solidaire</b>"},
    "acf": {"ville": "", "adresse": "5, place du Marché", "services": ["Repas", "Traiteur"]},
    "meta": {"ville": "Shawinigan"},
    "_embedded": {"wp:term": [[{"name": "Coopérative"}, {"name": "Alimentation"}]]},
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("title.rendered", "Café solidaire"),
        ("acf.ville|meta.ville", "Shawinigan"),  # an empty ACF field falls back to meta
        ("acf.services", "Repas; Traiteur"),
        ("_embedded.wp:term.0.*.name", "Coopérative; Alimentation"),
        ("_embedded.wp:term.*.*.name", "Coopérative; Alimentation"),
        ("acf.absent", None),
    ],
)
def test_field_paths(path: str, expected: str | None) -> None:
    assert value_at(POST, path) == expected


def wp_source(server: HTTPServer, **endpoint):
    return make_source(
        "wordpress",
        {"base_url": host_of(server), "type": "entreprise", "per_page": 10} | endpoint,
        options={"fields": {"name": "title.rendered", "ville": "acf.ville"}},
        record_key=["wp:id"],
    )


@pytest.fixture(scope="module")
def ents() -> list[sites.Enterprise]:
    return sites.enterprises(MunicipalityIndex.from_csv(MUN_CSV), 25)


def test_pages_until_x_wp_totalpages_then_304s(
    httpserver: HTTPServer, tmp_path: Path, ents
) -> None:
    site = serve(httpserver, sites.Site(dynamic=sites.wordpress(ents, host_of(httpserver))))
    source = wp_source(httpserver)
    http = HttpClient(fast_policy())
    entry = ADAPTER.fetch(context(source, tmp_path, http))
    assert site.requests() == 3  # 25 posts, 10 a page: pages 1-3, never page 4
    parsed = ADAPTER.parse(source, entry)
    assert [r.record_key for r in parsed.records][:2] == ["1001", "1002"]
    assert parsed.records[0].fields["wp:link"].endswith("/entreprise/entreprise-0001/")
    again = ADAPTER.fetch(context(source, tmp_path, http, previous=entry))
    assert again.manifest.status == "not_modified" and again.manifest.reused_from == entry.fetch_id
    assert [status for _, status in site.log[-3:]] == [304, 304, 304]


def ignoring_pages(posts: list[dict]):
    def handler(request: Request) -> Response:
        if request.path == "/robots.txt":
            return Response("", status=404)
        return Response(json.dumps(posts), mimetype="application/json")  # no TotalPages

    return handler


@pytest.mark.parametrize(
    ("answer", "endpoint", "message"),
    [
        ("same page", {}, "repeats page 1"),
        ("many pages", {"max_pages": 2}, "X-WP-TotalPages is 3, more than max_pages 2"),
        ("an object", {}, "not a list of posts"),
    ],
)
def test_paging_refuses_to_loop_or_overrun(
    httpserver: HTTPServer, tmp_path: Path, ents, answer, endpoint, message
) -> None:
    posts = [sites.wp_post(e, "http://x") for e in ents[:10]]
    if answer == "same page":
        httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
        httpserver.expect_request("/wp-json/wp/v2/entreprise").respond_with_handler(
            ignoring_pages(posts)
        )
    elif answer == "many pages":
        serve(httpserver, sites.Site(dynamic=sites.wordpress(ents, host_of(httpserver))))
    else:
        httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
        httpserver.expect_request("/wp-json/wp/v2/entreprise").respond_with_json({"code": "x"})
    with pytest.raises(SourceError, match=message):
        ADAPTER.fetch(
            context(wp_source(httpserver, **endpoint), tmp_path, HttpClient(fast_policy()))
        )
