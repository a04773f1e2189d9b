"""`esq probe URL`: polite, prints a ready entry and its first rows, never writes the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pytest_httpserver import HTTPServer

from esq.normalise.municipality import MunicipalityIndex
from esq.probe import propose
from pipelines.cli import main
from tests.fixtures.web import sites
from tests.fixtures.web.onboarding import host_of, serve
from tests.shared_data import MUN_CSV


@pytest.fixture(scope="module")
def ents() -> list[sites.Enterprise]:
    return sites.enterprises(MunicipalityIndex.from_csv(MUN_CSV), 45)


def test_the_cli_prints_an_entry_and_rows_and_writes_nothing(
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    ents,
) -> None:
    site = serve(httpserver, sites.Site(sites.card_site(ents)))
    monkeypatch.setenv("ESQ_HOME", str(tmp_path / "home"))
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text("version: 1\nsources: []\n", encoding="utf-8")
    url = host_of(httpserver) + "/repertoire"
    assert main(["--catalog", str(catalog), "probe", url, "--id", "pole-test"]) == 0
    out = capsys.readouterr().out
    entry = yaml.safe_load(out.split("\nFirst rows")[0])[0]
    assert entry["id"] == "pole-test" and entry["kind"] == "html"
    assert entry["endpoint"]["item_selector"] == "article.entreprise"
    assert entry["endpoint"]["next_selector"] == 'a[rel~="next"]'
    assert entry["mapping"]["address"] == "rue|adresse"
    assert entry["options"]["detail_fields"]["tel"] == "p.tel"
    assert ents[0].name in out  # the first rows
    assert catalog.read_text(encoding="utf-8") == "version: 1\nsources: []\n"  # untouched
    assert not (tmp_path / "home").exists()
    # robots.txt first, one list page and one detail page, with the project's User-Agent
    assert [k for k, _ in site.log] == ["/robots.txt", "/repertoire", f"/fiche/{ents[0].slug}"]
    assert all(a.startswith("esq/") for a in site.agents)


def test_a_page_robots_txt_forbids_is_not_fetched(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    site = serve(httpserver, sites.Site({"/prive/liste": "<html></html>"}))
    monkeypatch.setenv("ESQ_HOME", str(tmp_path))
    assert main(["probe", host_of(httpserver) + "/prive/liste"]) == 2
    assert "disallowed by robots.txt" in capsys.readouterr().err
    assert [k for k, _ in site.log] == ["/robots.txt"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<html><body><p>Bienvenue</p></body></html>", "write item_selector by hand"),
        (
            '<html><head><link rel="https://api.w.org/" href="https://h/wp-json/"></head>'
            "<body><p>Bienvenue</p></body></html>",
            "REST API at https://h/wp-json/wp/v2/",
        ),
    ],
)
def test_the_probe_says_what_it_could_not_find(page: str, expected: str) -> None:
    notes = " ".join(propose(page.encode(), "https://h/").notes)
    assert expected in notes
