"""Live fetch of the contract kinds against a loopback CKAN: package_show, new files only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from esq.adapters import adapter_for
from esq.adapters.base import SourceError
from esq.adapters.ckan_files import landed_files
from esq.contracts.read import read_ocds
from esq.landing import LandingZone
from tests.http.loopback import client, context, json_response, make_source
from tests.shared_data import REPO_ROOT

SAMPLE = REPO_ROOT / "sample" / "landing" / "seao-contrats" / "20260601T000000Z" / "files"
NAMES = ("mensuel_20250601_20250630.json", "hebdo_20250707_20250713.json", "notes.txt")


def _package(server: HTTPServer, names: tuple[str, ...], sizes: dict[str, int]) -> dict:
    resources = [
        {"id": f"r{i}", "name": n, "url": server.url_for(f"/files/{n}"), "size": sizes.get(n)}
        for i, n in enumerate(names)
    ]
    return {"success": True, "result": {"name": "seao", "resources": resources}}


def _serve(server: HTTPServer, names: tuple[str, ...]) -> dict[str, int]:
    bodies = {
        NAMES[0]: (SAMPLE / "mensuel_sample.json").read_bytes(),
        NAMES[1]: (SAMPLE / "hebdo_sample.json").read_bytes(),
        NAMES[2]: b"not data",
    }
    for n in names:
        server.expect_request(f"/files/{n}").respond_with_data(bodies[n])
    return {n: len(bodies[n]) for n in names}


def _source(server: HTTPServer, **endpoint: object):
    ep = {"base_url": server.url_for("/").rstrip("/"), "dataset": "seao",
          "resource_names": ["hebdo_*.json", "mensuel_*.json"], **endpoint}  # fmt: skip
    return make_source("ocds", ep, id="seao-test", role="contracts")


def test_fetch_lands_matching_files_then_only_new_ones(httpserver: HTTPServer, tmp_path: Path):
    sizes = _serve(httpserver, NAMES)
    httpserver.expect_request("/api/3/action/package_show").respond_with_response(
        json_response(_package(httpserver, NAMES, sizes))
    )
    source, http = _source(httpserver), client(httpserver)
    first = adapter_for("ocds").fetch(context(source, tmp_path, http))
    assert sorted(f.name for f in first.manifest.files) == sorted(
        ["package_show.json", NAMES[0], NAMES[1]]
    )
    rows, rejects = read_ocds(source.id, [(f.name, p) for f, p in first.iter_files()])
    assert (len(rows), rejects) == (197, [])  # weekly repeats of monthly releases collapse
    second = adapter_for("ocds").fetch(context(source, tmp_path, http, previous=first))
    assert second.manifest.status == "not_modified"
    assert second.manifest.reused_from == first.fetch_id
    downloads = [r.path for r, _ in httpserver.log if r.path.startswith("/files/")]
    assert sorted(downloads) == sorted(f"/files/{n}" for n in NAMES[:2])  # each file once


@pytest.mark.parametrize(("max_files", "since", "landed"), [(1, None, 1), (4, "2025-07-01", 1)])
def test_fetch_is_bounded(
    httpserver: HTTPServer, tmp_path: Path, max_files: int, since: str | None, landed: int
) -> None:
    sizes = _serve(httpserver, NAMES[:2])
    httpserver.expect_request("/api/3/action/package_show").respond_with_response(
        json_response(_package(httpserver, NAMES[:2], sizes))
    )
    source = _source(httpserver, max_files=max_files, since=since)
    adapter_for("ocds").fetch(context(source, tmp_path, client(httpserver)))
    files = landed_files(LandingZone(tmp_path), source.id)
    assert len([n for n in files if n != "package_show.json"]) == landed
    assert NAMES[1] in files  # newest name first


def test_ckan_error_is_a_source_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/api/3/action/package_show").respond_with_response(
        json_response({"success": False, "error": {"message": "Not found"}})
    )
    with pytest.raises(SourceError, match="CKAN error"):
        adapter_for("ocds").fetch(context(_source(httpserver), tmp_path, client(httpserver)))


def test_montreal_kind_fetches_named_resources(httpserver: HTTPServer, tmp_path: Path) -> None:
    csv = REPO_ROOT / "sample/landing/montreal-contrats-conseil/20260601T000000Z/files"
    body = (csv / "contracts.csv").read_bytes()
    httpserver.expect_request("/files/conseil.csv").respond_with_data(body)
    package = {"success": True, "result": {"resources": [
        {"id": "a1", "name": "Contrats - Conseil municipal",
         "url": httpserver.url_for("/files/conseil.csv"), "size": len(body)},
        {"id": "zz", "name": "Visualisation", "url": "https://example.invalid/x"},
    ]}}  # fmt: skip
    httpserver.expect_request("/api/3/action/package_show").respond_with_data(json.dumps(package))
    source = make_source(
        "montreal_contracts",
        {"base_url": httpserver.url_for("/").rstrip("/"), "dataset": "c", "resources": ["a1"]},
        id="mtl-test", role="contracts", options={"dataset": "conseil"},
    )  # fmt: skip
    entry = adapter_for("montreal_contracts").fetch(context(source, tmp_path, client(httpserver)))
    parsed = adapter_for("montreal_contracts").parse(source, entry)
    assert (len(parsed.records), len(parsed.rejects)) == (9, 1)
    assert parsed.records[0].fields["buyer_city"] == "Montréal"
