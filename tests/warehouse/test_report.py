"""The run report: self-contained HTML whose figures a real browser renders, offline."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.browser import Browser, chromium_path
from warehouse.report.figures import CityYear, Figures, Source, collect_figures
from warehouse.report.page import render_report

SOURCE = Source(
    "hub-<script>", "listing", "Hub", "hub-agreement", "Agreement", None, "replayed",
    "2026-06-01T00:00:00Z", 9, 1, True, "HTTP 503",
)  # fmt: skip
NEVER = Source(
    "never", "listing", "Never", "CC-BY-4.0", "CC BY", None, None, None, None, None, False, None
)
FIGURES = Figures(
    data_as_of="2026-06-01T00:00:00Z",
    enterprises=568,
    sources=[SOURCE, NEVER],
    quarantine=[("hub-<script>", "name_missing", "row", 1)],
    regions=[("04", "Mauricie", 400), ("05", "Estrie & Cantons", 168)],
    mrcs=[("04", "Maskinongé", 400), ("05", "Memphrémagog", 168)],
    points=[(46.35, -72.55, "Coop <b>")],
    by_basis=[("listed", 500), ("both", 68)],
    review_queue=[("review", 1, None), ("supplier_review", 2, 29_800.0)],
    procurement=[
        CityYear("Montréal", 2023, 3, 1000.0, 25.0, 17_350.25),
        CityYear("Montréal", None, 2, 1_090_747.8, 0.0),
        CityYear("Québec", 2024, 1, 500.0, 0.0),
    ],
    changes={"new": 2, "updated": 1, "merged": 1, "removed": 0},
    changed={"new": [("A", ""), ("B", "")], "updated": [("C", "phone")], "merged": [("D", "E1")]},
)


class _Collect(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Collect:
    parser = _Collect()
    parser.feed(html)
    return parser


def _values(page: _Collect, chart: str, key: str = "data-label") -> list[tuple[str | None, float]]:
    return [
        (a.get(key), float(a["data-value"] or 0))
        for t, a in page.tags
        if a.get("data-chart") == chart
    ]


def _text(page: _Collect) -> str:
    return re.sub(r"\s+", " ", "".join(page.text))


def test_report_is_self_contained_and_escapes_text():
    html = render_report(FIGURES)
    page = _parse(html)
    assert not {t for t, _ in page.tags} & {"script", "link", "img", "iframe", "object"}
    assert [a for _, a in page.tags for k in ("src", "href") if a.get(k)] == []
    assert "<script>" not in html.replace("&lt;script&gt;", "")
    assert "Coop <b>" not in html and "Coop &lt;b&gt;" in html
    assert "hub-<script>" in _text(page)


def test_report_says_it_plainly():
    text = _text(_parse(render_report(FIGURES)))
    # one number format: en-CA, $ on money, plurals that agree
    assert "$1,090,747.80" in text and "1,090,747.8 " not in text
    assert "1 enterprise record pair;" in text and "2 supplier-enterprise pairs" in text
    assert "$29,800.00" in text  # the contract amount waiting on supplier review
    assert "$17,350.25" in text  # … and Montréal's part of it, in the city table
    # undated contracts are their own bucket, said in words
    assert "2 contracts ($1,090,747.80) carry no date" in text
    # never-fetched sources say so; a stale one says why
    assert "never fetched" in text and "stale: HTTP 503" in text
    # each licence once in the legend
    assert text.count("hub-agreement: Agreement") == 1


@pytest.mark.parametrize(
    ("figures", "regions", "years"),
    [
        (
            FIGURES,
            [("Mauricie", 400.0), ("Estrie & Cantons", 168.0)],
            [("2023", 0.025), ("undated", 0.0), ("2024", 0.0)],
        ),
        (Figures(None, 0), [], []),
    ],
)
def test_report_sections_follow_the_figures(figures, regions, years):
    page = _parse(render_report(figures))
    assert _values(page, "regions") == regions
    assert _values(page, "share-per-year", "data-year") == years
    circles = [a.get("data-region") for t, a in page.tags if t == "circle" and a.get("data-region")]
    assert sorted(circles) == sorted(c for c, _, n in figures.regions if n)
    changes = {a["data-change"]: t for t, a in page.tags if a.get("data-change")}
    assert set(changes) == ({"new", "updated", "merged", "removed"} if figures.changes else set())


def _boxes(browser: Browser, ids: list[str]) -> dict[str, list[float] | None]:
    """Each element's box on the page: x, y, width, height (None when absent)."""
    script = (
        "JSON.stringify(Object.fromEntries(IDS.map(i => {"
        " const e = document.getElementById(i); if (!e) return [i, null];"
        " const r = e.getBoundingClientRect();"
        " return [i, [r.x + scrollX, r.y + scrollY, r.width, r.height]]; })))"
    )
    return json.loads(browser.evaluate(script.replace("IDS", json.dumps(ids))))


def _ink(png: Path, box: list[float]) -> float:
    """Share of the box's pixels that differ from its most common colour."""
    from PIL import Image

    with Image.open(png) as image:
        x, y, w, h = (round(v) for v in box)
        crop = image.convert("RGB").crop((x, y, x + w, y + h))
        colours = crop.getcolors(maxcolors=w * h) or []
    background = max(colours)[0] if colours else 0
    return 1 - background / max(w * h, 1)


@pytest.fixture
def browser(tmp_path):
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium found (Debian: apt-get install chromium); .ci/run installs it")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    with Browser(executable, profile) as b:
        yield b


@pytest.mark.browser
def test_the_network_watch_sees_a_request(browser, tmp_path):
    """The control for the offline assertion below: a page that loads an image is seen."""
    page = tmp_path / "control.html"
    page.write_text('<img src="http://127.0.0.1:9/pixel.png">', encoding="utf-8")
    browser.open(page.as_uri())
    assert "http://127.0.0.1:9/pixel.png" in browser.requested_urls()


@pytest.mark.browser
@pytest.mark.slow
def test_published_report_renders_offline_in_chromium(sample_run, browser, tmp_path):
    report = (sample_run.home / "published" / "report.html").resolve()
    browser.open(report.as_uri())
    assert browser.requested_urls() == [report.as_uri()]  # the page itself, nothing else
    shot = browser.screenshot(tmp_path / "report.png")
    sections = ["enterprise-map", "share-per-year", "changes", "coverage-regions", "sources"]
    boxes = _boxes(browser, sections)
    for ident in sections:
        assert boxes[ident] and boxes[ident][2] > 300 and boxes[ident][3] > 100, ident
        assert _ink(shot, boxes[ident]) > 0.03, f"{ident} renders blank"
    counts = json.loads(
        browser.evaluate(
            "JSON.stringify({regions: document.querySelectorAll('#enterprise-map circle.region')"
            ".length, points: document.querySelectorAll('#enterprise-map circle.point').length,"
            " panels: document.querySelectorAll('#share-per-year svg').length,"
            " bars: document.querySelectorAll('#share-per-year rect.bar').length})"
        )
    )
    with duckdb.connect(str(sample_run.warehouse_path), read_only=True) as con:
        regions = con.execute(
            "SELECT count(*) FROM enterprises_by_region WHERE region_code IS NOT NULL"
        ).fetchone()[0]
        points = con.execute(
            "SELECT count(*) FROM enterprises WHERE latitude IS NOT NULL"
        ).fetchone()[0]
        cities, city_years, undated = con.execute(
            "SELECT count(DISTINCT city), count(*), count(*) FILTER (WHERE year IS NULL) "
            "FROM (SELECT city, year FROM procurement_by_city_year GROUP BY 1, 2)"
        ).fetchone()
        (total,) = con.execute("SELECT count(*) FROM enterprises").fetchone()
    assert counts == {"regions": regions, "points": points, "panels": cities, "bars": city_years}
    assert undated >= 1  # the sample has undated Montréal contracts: the bucket is drawn
    text = browser.evaluate("document.body.innerText")
    assert f"{total:,}" in text and "never fetched" in text and "name_missing" in text


@pytest.mark.slow
def test_report_is_the_same_for_the_same_warehouse(sample_run):
    again = render_report(collect_figures(sample_run.warehouse_path))
    assert (sample_run.home / "published" / "report.html").read_text("utf-8") == again
