"""HTML directory adapter on a loopback site: paging, details, clean text, loops, layout changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from esq.adapters.base import ParseError, SourceError
from esq.adapters.html import ADAPTER
from esq.landing import LandingWriter, LandingZone
from tests.http.loopback import FIXTURES, client, context, make_source, paths_requested

PAGE_1 = (FIXTURES / "html_list_1.html").read_text("utf-8")
PAGE_2 = (FIXTURES / "html_list_2.html").read_text("utf-8")
EMPTY = "<html><body><main><p>Aucun résultat</p></main></body></html>"
FIELDS = {
    "name": "h2",
    "address": ".adresse",
    "street": ".adresse .rue",
    "municipality": ".adresse .ville",
    "postal_code": ".adresse .cp",
    "sector": ".secteur",
    "website": {"selector": "a.site", "attr": "href"},
    "page_link": {"selector": "h2 a", "attr": "href"},
}
DETAIL_FIELDS = {"phone": ".tel", "neq": ".neq"}
SLUGS = ["atelier-du-quai", "cafe-solidaire", "ressourcerie-du-nord"]


def html(text: str) -> Response:
    return Response(text, content_type="text/html; charset=utf-8")


def detail(request: Request) -> Response:
    slug = request.path.rsplit("/", 1)[-1]
    n = SLUGS.index(slug) + 1
    template = (FIXTURES / "html_detail.html").read_text("utf-8")
    return html(
        template.replace("{name}", slug).replace("{n:08d}", f"{n:08d}").replace("{n}", str(n))
    )


def by_page(pages: dict[str, str]):
    def handler(request: Request) -> Response:
        return html(pages.get(request.args.get("page", "1"), EMPTY))

    return handler


def html_source(server: HTTPServer, **endpoint):
    base = {
        "start_url": server.url_for("/repertoire"),
        "item_selector": "article.entreprise",
        "next_selector": "a.next",
        "detail_link_selector": "h2 a",
        "max_pages": 10,
    }
    return make_source(
        "html",
        base | endpoint,
        options={"fields": FIELDS, "detail_fields": DETAIL_FIELDS},
        record_key=["page_link"],
    )


def test_next_link_paging_with_detail_pages_and_clean_text(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/repertoire").respond_with_handler(
        by_page({"1": PAGE_1, "2": PAGE_2})
    )
    httpserver.expect_request("/fiche/" + SLUGS[0]).respond_with_handler(detail)
    httpserver.expect_request("/fiche/" + SLUGS[1]).respond_with_handler(detail)
    httpserver.expect_request("/fiche/" + SLUGS[2]).respond_with_handler(detail)
    source = html_source(httpserver)
    entry = ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    names = [f.name for f in entry.manifest.files]
    assert names.count("page-000001.html") == 1 and len(names) == 2 + 3 + 1  # + crawl.json
    httpserver.clear()  # parse must not need the network
    parsed = ADAPTER.parse(source, LandingZone(tmp_path).latest(source.id))
    rows = [r.fields for r in parsed.records]
    assert [r["name"] for r in rows] == [
        "Atelier du Quai, coopérative de travail",
        "Café solidaire des Deux-Rives",
        "Ressourcerie du Nord (OBNL)",
    ]
    assert rows[0]["address"] == "12, rue des Érables Trois-Rivières (Québec) G9A 1A1"
    assert (rows[0]["street"], rows[0]["municipality"]) == ("12, rue des Érables", "Trois-Rivières")
    assert rows[1]["postal_code"] is None
    assert rows[0]["sector"] == "Fabrication artisanale"
    assert rows[0]["website"] == "https://atelier-du-quai.example"
    assert rows[1]["website"] is None
    assert rows[2]["sector"] == "Récupération & réemploi"  # entity decoded, script dropped
    assert rows[2]["phone"] == "819 555-0100 poste 3"
    assert rows[2]["neq"] == "1100000003"
    assert parsed.records[0].record_key == httpserver.url_for("/fiche/atelier-du-quai")
    assert parsed.columns == [*FIELDS, *DETAIL_FIELDS]


def test_page_parameter_paging_stops_at_the_first_empty_page(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/repertoire").respond_with_handler(
        by_page({"1": PAGE_1, "2": PAGE_2})
    )
    source = html_source(
        httpserver, next_selector=None, page_param="page", detail_link_selector=None
    )
    entry = ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    pages = [f for f in entry.manifest.files if f.name.startswith("page-")]
    assert [f.params for f in pages] == [{"page": 1}, {"page": 2}]
    assert paths_requested(httpserver).count("/repertoire") == 3  # page 3 was empty
    assert len(ADAPTER.parse(source, entry).records) == 3


@pytest.mark.parametrize(
    ("pages", "endpoint", "message"),
    [
        ({"1": PAGE_1, "2": PAGE_1.replace("?page=2", "?page=1")}, {}, "repeats page 1"),
        (
            {
                "1": PAGE_1,
                "2": PAGE_2.replace("</main>", '</main><a class="next" href="/repertoire">'),
            },
            {},
            "points back to",
        ),
        ({"1": PAGE_1, "2": PAGE_2}, {"max_pages": 1}, "more than 1 pages"),
        (
            {"1": PAGE_1, "2": PAGE_1, "3": PAGE_1},
            {"next_selector": None, "page_param": "page"},
            "repeats page 1",
        ),
        ({"1": PAGE_1.replace("entreprise", "fiche-v2")}, {}, "matched no item"),
        ({"1": "<html><body><div class='liste'><arti"}, {}, "matched no item"),
    ],
)
def test_loops_caps_and_layout_changes_fail_clearly(
    httpserver: HTTPServer, tmp_path: Path, pages, endpoint, message
) -> None:
    httpserver.expect_request("/repertoire").respond_with_handler(by_page(pages))
    source = html_source(httpserver, detail_link_selector=None, **endpoint)
    with pytest.raises(SourceError, match=message) as err:
        ADAPTER.fetch(context(source, tmp_path, client(httpserver)))
    assert "test-html" in str(err.value)
    assert LandingZone(tmp_path).entries(source.id) == []


def test_parse_rejects_a_stored_page_without_items(tmp_path: Path) -> None:
    source = make_source(
        "html",
        {"start_url": "https://x.example/", "item_selector": "li.org"},
        options={"fields": {"name": ":scope"}},
    )
    writer = LandingWriter(tmp_path, source.id)
    writer.add_bytes("page-000001.html", b"<ul><li class='org'> Coop  A </li></ul>", url="u1")
    writer.add_bytes("page-000002.html", b"<div>Nouvelle mise en page</div>", url="u2")
    parsed = ADAPTER.parse(source, writer.commit())
    assert [r.fields["name"] for r in parsed.records] == ["Coop A"]
    assert [(j.rule, j.location) for j in parsed.rejects] == [("html_no_items", "page-000002.html")]
    assert "Nouvelle mise en page" in parsed.rejects[0].raw


def test_parse_of_pages_without_any_item_is_a_parse_error(tmp_path: Path) -> None:
    source = make_source("html", {"start_url": "https://x.example/", "item_selector": "li.org"})
    writer = LandingWriter(tmp_path, source.id)
    writer.add_bytes("page-000001.html", b"\xff\xfe<<garbage", url="u1")
    with pytest.raises(ParseError, match="no record"):
        ADAPTER.parse(source, writer.commit())


def test_markup_repaired_into_empty_items_is_rejected_not_lost(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    broken = "<html><body><article class='entreprise'<<<h2>Coop</h2></body>"
    httpserver.expect_request("/repertoire").respond_with_handler(by_page({"1": broken}))
    source = html_source(httpserver, detail_link_selector=None)
    parsed = ADAPTER.parse(source, ADAPTER.fetch(context(source, tmp_path, client(httpserver))))
    assert parsed.records == []
    assert [j.rule for j in parsed.rejects] == ["html_empty_item"]
    assert parsed.rejects[0].location == "page-000001.html item 1"


def test_a_bad_endpoint_selector_is_refused_when_the_catalog_loads() -> None:
    with pytest.raises(ValueError, match=r"key 'item_selector'.*invalid CSS selector 'li\[class='"):
        make_source("html", {"start_url": "https://x.example/", "item_selector": "li[class="})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "h2 >> a"}, r"field 'name': invalid CSS selector 'h2 >> a'"),
        ({"site": {"attr": "href"}}, r"field 'site': has no selector"),
        ({"tel": {"selector": ".tel", "regex": "(?P<value"}}, r"field 'tel': missing >"),
        ({"tel": {"selector": ".tel", "atr": "href"}}, r"field 'tel': unknown key\(s\) \['atr'\]"),
    ],
)
def test_bad_field_specs_are_refused_when_the_catalog_loads(fields, message) -> None:
    with pytest.raises(ValueError, match=message):
        make_source(
            "html",
            {"start_url": "https://x.example/", "item_selector": "li"},
            options={"fields": fields},
        )
