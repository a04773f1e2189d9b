"""Web directories on a loopback server: address recovery per style, and incremental crawl cost.

    PYTHONPATH=. .venv/bin/python bench/web_crawl.py [--count 120] [--big 500]

Prints, for the four generated styles (tests/fixtures/web), the share of enterprises whose civic
number, street, municipality and postal code staged from the entry `esq probe` proposed plus the
kept hand edits; then, for a card directory of ``--big`` enterprises, the requests of a first
crawl, of an unchanged re-crawl and of a re-crawl after one card changed, and whether the staged
files stayed byte-identical; last, the same directory through the whole Dagster job twice (the
MAMH table beside it): requests of each run and how many published files stayed byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import dagster as dg
from pytest_httpserver import HTTPServer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from esq.adapters import adapter_for  # noqa: E402
from esq.catalog import Source  # noqa: E402
from esq.config import Settings  # noqa: E402
from esq.fetching import fetch_live  # noqa: E402
from esq.http import HttpClient  # noqa: E402
from esq.landing import LandingZone  # noqa: E402
from esq.normalise.municipality import MunicipalityIndex  # noqa: E402
from esq.probe import probe  # noqa: E402
from esq.staging.run import stage_to_store  # noqa: E402
from esq.staging.stage import stage_source  # noqa: E402
from pipelines.definitions import EVERYTHING_JOB  # noqa: E402
from tests.fixtures.web import sites  # noqa: E402
from tests.fixtures.web.onboarding import (  # noqa: E402
    apply_edits,
    host_of,
    proposed,
    recovered,
    serve,
    site_for,
)
from tests.http.loopback import context, fast_policy  # noqa: E402
from tests.operations.ops_env import make_env, new_run_process  # noqa: E402
from tests.shared_data import MUN_CSV  # noqa: E402


def styles(index: MunicipalityIndex, count: int) -> None:
    ents = sites.enterprises(index, count)
    print(f"{'style':<10} {'records':>7} {'requests':>8} {'addresses recovered':>20}")
    for style in ("cards", "jsonld", "wordpress", "table"):
        server = HTTPServer()
        server.start()
        try:
            host = host_of(server)
            site, path = site_for(style, ents, host)
            serve(server, site)
            http = HttpClient(fast_policy())
            entry = apply_edits(probe(http, host + path, f"hub-{style}").entry, style, host)
            source = Source.model_validate(entry)
            adapter = adapter_for(source.kind)
            before = site.requests()
            with tempfile.TemporaryDirectory() as tmp:
                landed = adapter.fetch(context(source, Path(tmp), http))
                staged = stage_source(source, landed.ref, adapter.parse(source, landed), index)
            share = recovered(staged.listings, ents)
            cost = site.requests() - before
            print(f"{style:<10} {len(staged.listings):>7} {cost:>8} {share:>19.1%}")
        finally:
            server.stop()


def incremental(index: MunicipalityIndex, big: int) -> None:
    ents = sites.enterprises(index, big)
    server = HTTPServer()
    server.start()
    try:
        host = host_of(server)
        site = serve(server, sites.Site(sites.card_site(ents)))
        entry = apply_edits(proposed("cards"), "cards", host)
        entry["endpoint"]["max_details"] = big
        source = Source.model_validate(entry)
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.from_env({"ESQ_HOME": tmp, "ESQ_MODE": "live"})
            out = settings.staging_dir / source.id / "listings.parquet"

            def crawl(label: str) -> int:
                start, began = site.requests(), time.perf_counter()
                result = fetch_live(source, settings, HttpClient(fast_policy()))
                stage_to_store(source, settings, index)
                cost = site.requests() - start
                took = time.perf_counter() - began
                print(f"{label:<28} {cost:>5} requests  {result.attempt:<13} {took:5.1f} s")
                return cost

            first = crawl("first crawl")
            staged = out.read_bytes()
            again = crawl("unchanged re-crawl")
            same = out.read_bytes() == staged
            print(f"  re-crawl / first: {again / first:.1%}; staged listings identical: {same}")
            changed = ents[big // 3]
            site.routes[f"/fiche/{changed.slug}"] = sites.card_detail(changed, note="modifié")
            page = f"/repertoire?page={big // 3 // 20 + 1}"
            retagged = replace(changed, tags=("Coopérative", "Culture"))
            site.routes[page] = site.routes[page].replace(sites.card(changed), sites.card(retagged))
            log_start = len(site.log)
            crawl("one card changed")
            details = [k for k, _ in site.log[log_start:] if k.startswith("/fiche/")]
            print(f"  detail pages asked: {details}")
            entries = LandingZone(settings.landing_root).entries(source.id)
            print(f"  landing entries: {[e.manifest.status for e in entries]}")
    finally:
        server.stop()


def published(home: Path) -> dict[str, str]:
    folder = home / "published"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def whole_job(index: MunicipalityIndex, big: int) -> None:
    """The directory through fetch, staging, entities and publication, twice."""
    server = HTTPServer()
    server.start()
    try:
        host = host_of(server)
        site = serve(server, sites.Site(sites.card_site(sites.enterprises(index, big))))
        entry = apply_edits(proposed("cards"), "cards", host)
        entry["endpoint"]["max_details"] = big
        with tempfile.TemporaryDirectory() as tmp:
            env = make_env(Path(tmp), [entry])
            instance = dg.DagsterInstance.ephemeral()
            runs = []
            for label in ("whole job, first run", "whole job, unchanged re-run"):
                new_run_process()
                start, began = site.requests(), time.perf_counter()
                ok = env.run(EVERYTHING_JOB, instance).success
                took = time.perf_counter() - began
                runs.append((site.requests() - start, published(env.home)))
                print(f"{label:<28} {runs[-1][0]:>5} requests  success {ok}  {took:5.1f} s")
            (cold, first), (warm, second) = runs
            same = [n for n in first if second.get(n) == first[n]]
            differ = sorted(set(first) ^ set(second) | {n for n in first if n not in same})
            print(f"  re-run / first: {warm / cold:.1%}; published files byte-identical: "
                  f"{len(same)} of {len(first)}; differ: {differ}")  # fmt: skip
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=120)
    parser.add_argument("--big", type=int, default=500)
    args = parser.parse_args()
    index = MunicipalityIndex.from_csv(MUN_CSV)
    styles(index, args.count)
    print()
    incremental(index, args.big)
    print()
    whole_job(index, args.big)


if __name__ == "__main__":
    main()
