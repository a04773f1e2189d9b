"""A multi-file source stages the latest good copy of *each* of its files, and SEAO's first run
backfills back to ``since`` whatever ``max_files`` says."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from esq.adapters.ckan_files import landed_files
from esq.config import Settings
from esq.contracts.store import stage_contracts_to_store
from esq.fetching import fetch_live
from esq.landing import LandingZone
from tests.http.loopback import client, make_source
from tests.shared_data import REPO_ROOT

CSV = REPO_ROOT / "sample/landing/montreal-contrats-conseil/20260601T000000Z/files/contracts.csv"


def _serve_two(server: HTTPServer, second_lines: int) -> None:
    full = CSV.read_bytes()
    lines = full.splitlines(keepends=True)
    bodies = {"a.csv": full, "b.csv": b"".join(lines[: 1 + second_lines])}
    server.clear()
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    for name, body in bodies.items():
        server.expect_request(f"/files/{name}").respond_with_data(body)
    resources = [
        {"id": n, "name": n, "url": server.url_for(f"/files/{n}"), "size": len(b)}
        for n, b in bodies.items()
    ]
    server.expect_request("/api/3/action/package_show").respond_with_data(
        json.dumps({"success": True, "result": {"resources": resources}})
    )


def _two_file_source(server: HTTPServer, tmp_path: Path) -> tuple:
    """A live home and a Montréal source of two files (a.csv, b.csv) on the loopback server."""
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"}).ensure()
    ep = {"base_url": server.url_for("/").rstrip("/"), "dataset": "c",
          "resources": ["a.csv", "b.csv"]}  # fmt: skip
    source = make_source(
        "montreal_contracts", ep, id="mtl", role="contracts", options={"dataset": "conseil"}
    )
    return source, settings, client(server)


def test_one_changed_file_does_not_drop_the_other(httpserver: HTTPServer, tmp_path: Path):
    source, settings, http = _two_file_source(httpserver, tmp_path)
    _serve_two(httpserver, 3)
    fetch_live(source, settings, http)
    first = stage_contracts_to_store(source, settings)
    _serve_two(httpserver, 4)  # only b.csv changes
    fetch_live(source, settings, http)
    second = stage_contracts_to_store(source, settings)
    assert first.rows_parsed == 10 + 3
    assert second.rows_parsed == 10 + 4  # a.csv from the first fetch, b.csv from the second


def test_seao_first_run_backfills_to_since(httpserver: HTTPServer, tmp_path: Path):
    names = [f"hebdo_2025{m:02d}01_2025{m:02d}07.json" for m in range(1, 9)]
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    for n in names:
        httpserver.expect_request(f"/files/{n}").respond_with_data(b'{"releases": []}')
    resources = [
        {"id": n, "name": n, "url": httpserver.url_for(f"/files/{n}"), "size": 16} for n in names
    ]
    httpserver.expect_request("/api/3/action/package_show").respond_with_data(
        json.dumps({"success": True, "result": {"resources": resources}})
    )
    ep = {"base_url": httpserver.url_for("/").rstrip("/"), "dataset": "seao",
          "resource_names": ["hebdo_*.json"], "max_files": 2, "since": "2025-03-01"}  # fmt: skip
    source = make_source("ocds", ep, id="seao-test", role="contracts")
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"}).ensure()
    fetch_live(source, settings, client(httpserver))
    landed = set(landed_files(LandingZone(settings.landing_root), source.id)) - {
        "package_show.json"
    }
    assert landed == set(names[2:])  # March to August: the whole range back to `since`


def test_an_unchanged_fetch_keeps_the_staged_contracts(httpserver: HTTPServer, tmp_path: Path):
    """A fetch that lands the same bytes commits a not_modified entry: the staged output's key
    (the files of the good entries a reader reads) is unchanged, so staging is reused."""
    source, settings, http = _two_file_source(httpserver, tmp_path)
    _serve_two(httpserver, 3)
    fetch_live(source, settings, http)
    first = stage_contracts_to_store(source, settings)
    for _ in range(2):
        fetch_live(source, settings, http)
    statuses = [e.manifest.status for e in LandingZone(settings.landing_root).entries("mtl")]
    again = stage_contracts_to_store(source, settings)
    assert statuses[1:] == ["not_modified", "not_modified"]
    assert not first.reused and again.reused
    assert again.rows_parsed == first.rows_parsed == 10 + 3
