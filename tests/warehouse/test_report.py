"""The run report: self-contained HTML whose figures a real browser renders."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from warehouse.report.figures import Figures, collect_figures
from warehouse.report.page import render_report

FIGURES = Figures(
    data_as_of="2026-06-01T00:00:00Z",
    enterprises=568,
    sources=[("hub-<script>", "listing", 10, 9, 1, True, "2026-06-01T00:00:00Z")],
    quarantine=[("hub-<script>", "name_missing", "row", 1)],
    regions=[("Mauricie", 400), ("Estrie & Cantons", 168)],
    review_queue=[("review", 7), ("supplier_review", 2)],
    procurement=[("Montréal", 1000.0, 25.0, 0.025), ("Québec", 500.0, 0.0, 0.0)],
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


def _bars(page: _Collect, chart: str) -> list[tuple[str | None, float]]:
    return [
        (a.get("data-label"), float(a["data-value"] or 0))
        for t, a in page.tags
        if t == "rect" and a.get("data-chart") == chart
    ]


def test_report_is_self_contained_and_escapes_text():
    html = render_report(FIGURES)
    page = _parse(html)
    assert not {t for t, _ in page.tags} & {"script", "link", "img", "iframe", "object"}
    external = [a for _, a in page.tags for k in ("src", "href") if a.get(k)]
    assert external == []
    assert "<script>" not in html.replace("&lt;script&gt;", "")
    assert "hub-<script>" in "".join(page.text)


@pytest.mark.parametrize(
    ("figures", "bars", "review"),
    [
        (
            FIGURES,
            [
                ("Mauricie", 400.0),
                ("Estrie & Cantons", 168.0),
                ("Montréal", 0.025),
                ("Québec", 0.0),
            ],
            "7 enterprise record pairs; 2 supplier-enterprise pairs",
        ),
        (Figures(None, 0, [], [], [], [], []), [], "not available"),
    ],
)
def test_report_sections_follow_the_figures(figures, bars, review):
    page = _parse(render_report(figures))
    assert _bars(page, "regions-chart") + _bars(page, "procurement-chart") == bars
    assert review in "".join(page.text)
    assert ("table", {"id": "procurement"}) in page.tags or not figures.procurement


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    pytest.skip("no Chromium found (Debian: apt-get install chromium); .ci/run installs it")


def _dump_dom(page: Path, tmp_path: Path) -> str:
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    out = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


@pytest.mark.browser
@pytest.mark.slow
def test_published_report_renders_its_figures_in_chromium(sample_run, tmp_path):
    report = sample_run.home / "published" / "report.html"
    dom = _parse(_dump_dom(report, tmp_path))
    with duckdb.connect(str(sample_run.warehouse_path), read_only=True) as con:
        regions = con.execute(
            "SELECT coalesce(region_name, region_code, 'unknown region'), "
            "enterprises FROM enterprises_by_region"
        ).fetchall()
        (total,) = con.execute("SELECT count(*) FROM enterprises").fetchone()
        sources = [
            r[0]
            for r in con.execute(
                "SELECT source_id FROM sources WHERE enabled ORDER BY 1"
            ).fetchall()
        ]
        procurement = con.execute(
            "SELECT city, round(sum(social_economy_spend) / nullif(sum(total_spend), 0), 6) "
            "FROM procurement_by_city_year GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert _bars(dom, "regions-chart") == [(label, float(n)) for label, n in regions]
    assert _bars(dom, "procurement-chart") == [(c, float(v or 0)) for c, v in procurement]
    text = " ".join(dom.text)
    assert f"{total:,} enterprises" in re.sub(r"\s+", " ", text)
    assert all(s in text for s in sources)
    assert "name_missing" in text  # a quarantine reason of the sample
    assert any(t == "svg" for t, _ in dom.tags)


@pytest.mark.browser
def test_procurement_chart_renders_in_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_report(FIGURES), encoding="utf-8")
    dom = _parse(_dump_dom(page, tmp_path))
    assert ("Montréal", 0.025) in _bars(dom, "procurement-chart")
    assert "2.5%" in " ".join(dom.text)


@pytest.mark.slow
def test_report_is_the_same_for_the_same_warehouse(sample_run):
    again = render_report(collect_figures(sample_run.warehouse_path))
    assert (sample_run.home / "published" / "report.html").read_text("utf-8") == again
