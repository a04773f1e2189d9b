"""Benchmark: a live run against loopback portals — dead-source cost, request gaps, re-runs.

Three loopback servers (pytest-httpserver, one host each, like three portals): a CSV with ETag
(tabular), an ArcGIS layer of 5,000 features (50 pages) and a CKAN datastore of 3,000 records
(30 pages), plus the MAMH table from the inbox. Settings are the shipped defaults (1 s per host,
4 HTTP retries, the retry budget and the raw step's RetryPolicy). Prints:

1. a cold run, then an unchanged re-run: requests of each, their ratio, and which published files
   are byte-identical;
2. the same catalog with the tabular host dead (503 forever, then connection reset forever): the
   run's extra time over the healthy re-run;
3. the smallest gap between two requests to one host, over every server log of the benchmark.

Usage: nice python bench/ops_live.py  (about 4 minutes; nothing leaves the machine)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs

import dagster as dg
import yaml
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assets import resources  # noqa: E402
from assets.resources import EsqResource, HttpResource  # noqa: E402
from esq.config import SAMPLE_LANDING, Settings  # noqa: E402
from pipelines.definitions import EVERYTHING_JOB, build_definitions  # noqa: E402

MUN = SAMPLE_LANDING / "mamh-municipalites" / "20260601T000000Z" / "files" / "MUN.csv"
TOWNS = ["Sherbrooke", "Granby", "Magog", "Trois-Rivières", "Shawinigan"]
LICENCE = {"id": "test", "title": "Test data", "attribution": "bench"}
ARCGIS_N, CKAN_N, PAGE = 5000, 3000, 100
CSV = "Nom,Municipalite\n" + "".join(f"Coop {i},{TOWNS[i % 5]}\n" for i in range(400))


class Portal:
    """A loopback server that logs arrival times and can play dead."""

    def __init__(self) -> None:
        self.server = HTTPServer()
        self.server.start()
        self.arrivals: list[float] = []
        self.dead: str | None = None  # None, "503" or "reset"
        self.server.expect_request("/robots.txt").respond_with_handler(self._robots)

    def _robots(self, request: Request) -> Response:
        self.arrivals.append(time.monotonic())
        return Response("User-agent: *\nAllow: /\n")

    def route(self, path: str, handler) -> None:
        def logged(request: Request) -> Response:
            self.arrivals.append(time.monotonic())
            if self.dead == "503":
                return Response("busy", status=503)
            if self.dead == "reset":
                raise ConnectionResetError
            return handler(request)

        self.server.expect_request(path).respond_with_handler(logged)

    def url(self, path: str) -> str:
        return self.server.url_for(path)


def tabular_portal() -> Portal:
    portal = Portal()
    etag = '"' + hashlib.sha256(CSV.encode()).hexdigest()[:16] + '"'

    def csv(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        return Response(CSV, content_type="text/csv", headers={"ETag": etag})

    portal.route("/hub.csv", csv)
    return portal


def arcgis_portal() -> Portal:
    portal = Portal()
    features = [
        {"attributes": {"OBJECTID": i, "NOM": f"Atelier {i}", "VILLE": TOWNS[i % 5]}}
        for i in range(1, ARCGIS_N + 1)
    ]
    layer = {"objectIdField": "OBJECTID", "editingInfo": {"lastEditDate": 1700000000000},
             "fields": [{"name": "OBJECTID", "type": "esriFieldTypeOID"}]}  # fmt: skip

    def query(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        if args.get("returnCountOnly"):
            return Response(json.dumps({"count": len(features)}))
        if "outStatistics" in args:
            return Response(json.dumps({"features": [{"attributes": {"max_id": ARCGIS_N}}]}))
        offset, count = int(args["resultOffset"][0]), min(int(args["resultRecordCount"][0]), PAGE)
        body = {"objectIdFieldName": "OBJECTID", "fields": [{"name": "NOM"}, {"name": "VILLE"}],
                "features": features[offset : offset + count],
                "exceededTransferLimit": offset + count < len(features)}  # fmt: skip
        return Response(json.dumps(body), content_type="application/json")

    portal.route("/arcgis/0", lambda r: Response(json.dumps(layer)))
    portal.route("/arcgis/0/query", query)
    return portal


def ckan_portal() -> Portal:
    portal = Portal()
    records = [{"_id": i, "NOM": f"Coopérative {i}", "VILLE": TOWNS[i % 5]} for i in range(CKAN_N)]
    resource = {"id": "r1", "name": "liste", "datastore_active": True,
                "last_modified": "2026-10-30T09:15:40",
                "metadata_modified": "2026-10-30T09:15:42"}  # fmt: skip
    package = {"success": True, "result": {"name": "d", "resources": [resource]}}

    def search(request: Request) -> Response:
        args = parse_qs(request.query_string.decode())
        limit, offset = int(args["limit"][0]), int(args["offset"][0])
        result = {"records": records[offset : offset + limit], "total": len(records)}
        return Response(json.dumps({"success": True, "result": result}))

    portal.route("/api/3/action/package_show", lambda r: Response(json.dumps(package)))
    portal.route("/api/3/action/datastore_search", search)
    return portal


def catalog(tab: Portal, arc: Portal, ckan: Portal) -> dict:
    def entry(sid: str, kind: str, endpoint: dict, name: str, town: str, key: list[str]) -> dict:
        return {"id": sid, "kind": kind, "role": "listing", "title": sid, "publisher": "bench",
                "licence": LICENCE, "cadence": "weekly", "endpoint": endpoint, "record_key": key,
                "mapping": {"name": name, "municipality": town},
                "constants": {"social_economy_basis": "listed"}}  # fmt: skip

    mamh = {"id": "mamh-municipalites", "kind": "tabular", "role": "reference", "title": "MAMH",
            "publisher": "bench", "licence": LICENCE, "cadence": "weekly",
            "endpoint": {"inbox": "MUN.csv"}, "record_key": ["mcode"]}  # fmt: skip
    return {"version": 1, "sources": [
        mamh,
        entry("hub", "tabular", {"url": tab.url("/hub.csv")}, "Nom", "Municipalite", ["Nom"]),
        entry("layer", "arcgis", {"layer_url": arc.url("/arcgis/0"), "page_size": PAGE},
              "NOM", "VILLE", ["NOM"]),
        entry("portal", "ckan", {"base_url": ckan.url("/").rstrip("/"), "dataset": "d",
                                 "resource": "r1", "page_size": PAGE}, "NOM", "VILLE", ["NOM"]),
    ]}  # fmt: skip


def run(home: Path, catalog_path: Path) -> tuple[bool, float]:
    resources._shared_client.cache_clear()  # a new run process: robots and clocks forgotten
    esq = EsqResource(home=str(home), mode="live", catalog_path=str(catalog_path))
    defs = build_definitions(catalog_path, resources={"esq": esq, "http": HttpResource()})
    started = time.monotonic()
    result = defs.resolve_job_def(EVERYTHING_JOB).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )
    return result.success, time.monotonic() - started


def published(home: Path) -> dict[str, str]:
    folder = home / "published"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def main() -> None:
    portals = tab, arc, ckan = tabular_portal(), arcgis_portal(), ckan_portal()
    work = Path(tempfile.mkdtemp(prefix="esq-ops-bench-"))
    home = work / "home"
    Settings.from_env({"ESQ_HOME": str(home)}).ensure()
    shutil.copy(MUN, home / "inbox" / "MUN.csv")
    catalog_path = work / "sources.yaml"
    catalog_path.write_text(yaml.safe_dump(catalog(tab, arc, ckan), allow_unicode=True), "utf-8")
    try:
        count = lambda: sum(len(p.arrivals) for p in portals)  # noqa: E731
        ok, cold_s = run(home, catalog_path)
        cold, files_cold = count(), published(home)
        ok_warm, warm_s = run(home, catalog_path)
        warm = count() - cold
        files_warm = published(home)
        same = [n for n in files_cold if files_warm.get(n) == files_cold[n]]
        differ = [n for n in files_cold if n not in same]
        print(f"cold run: {cold} requests, {cold_s:.1f} s (success {ok})")
        print(
            f"unchanged re-run: {warm} requests ({warm / cold:.1%} of cold), {warm_s:.1f} s "
            f"(success {ok_warm})"
        )
        print(f"published files byte-identical: {len(same)} of {len(files_cold)}; differ: {differ}")
        for mode in ("503", "reset"):
            tab.dead = mode
            seen = len(tab.arrivals)
            ok3, dead_s = run(home, catalog_path)
            tried = tab.arrivals[seen:]
            print(
                f"  dead host: {len(tried)} requests over {tried[-1] - tried[0]:.1f} s "
                f"(first to last attempt; retry budget {HttpResource().retry_budget_seconds:.0f} s)"
            )
            extra = dead_s - warm_s
            print(
                f"tabular host dead ({mode} forever): run {dead_s:.1f} s, "
                f"extra {extra:.1f} s over the healthy re-run (success {ok3})"
            )
            tab.dead = None
        for name, p in zip(("tabular", "arcgis", "ckan"), portals, strict=True):
            gaps = [b - a for a, b in itertools.pairwise(p.arrivals)]
            print(f"smallest gap between two requests to the {name} host: {min(gaps):.3f} s")
    finally:
        for p in portals:
            p.server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
