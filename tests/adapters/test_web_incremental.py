"""Incremental crawls of a 500-enterprise directory, detail-page failures, caps and duplicates,
counted on the loopback server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from esq.adapters.base import SourceError
from esq.adapters.html import ADAPTER
from esq.catalog import Source
from esq.config import Settings
from esq.fetching import fetch_live
from esq.http import HttpClient
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.run import stage_to_store
from tests.fixtures.web import sites
from tests.fixtures.web.onboarding import apply_edits, host_of, proposed, serve
from tests.http.loopback import context, fast_policy
from tests.shared_data import MUN_CSV

BIG = 500


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


def cards_source(host: str, **endpoint) -> Source:
    """The onboarded card-directory entry (proposal + hand edits), on this host."""
    entry = apply_edits(proposed("cards"), "cards", host)
    entry["endpoint"] |= endpoint
    entry["id"] = "hub-cards"
    return Source.model_validate(entry)


def staged_bytes(settings: Settings, source_id: str) -> dict[str, bytes]:
    out = settings.staging_dir / source_id
    return {n: (out / n).read_bytes() for n in ("listings.parquet", "quarantine.parquet")}


def crawl(source: Source, settings: Settings, index: MunicipalityIndex, site: sites.Site):
    before = site.requests()
    result = fetch_live(source, settings, HttpClient(fast_policy()))
    report = stage_to_store(source, settings, index)
    return result, report, site.requests() - before


def test_an_unchanged_recrawl_costs_few_requests_and_changes_nothing(
    httpserver: HTTPServer, tmp_path: Path, index: MunicipalityIndex
) -> None:
    ents = sites.enterprises(index, BIG)
    site = serve(httpserver, sites.Site(sites.card_site(ents)))
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"})
    source = cards_source(host_of(httpserver), max_details=BIG)

    first, report, cost_first = crawl(source, settings, index, site)
    assert first.attempt == "success" and report.rows_staged == BIG
    assert cost_first == BIG // 20 + BIG  # 25 list pages and 500 detail pages
    staged = staged_bytes(settings, source.id)

    again, report, cost_again = crawl(source, settings, index, site)
    assert again.attempt == "not_modified" and again.entry.ref == first.entry.ref
    assert cost_again <= 0.10 * cost_first
    assert all(status == 304 for _, status in site.log[-cost_again:])
    assert staged_bytes(settings, source.id) == staged  # byte-identical

    # One card changes (its tags), and its detail page too: only that detail page is asked.
    changed = ents[41]
    site.routes[f"/fiche/{changed.slug}"] = sites.card_detail(changed, note="Nouvelle adresse")
    page = "/repertoire?page=3"
    retagged = replace(changed, tags=("Coopérative", "Alimentation locale"))
    site.routes[page] = site.routes[page].replace(sites.card(changed), sites.card(retagged))
    log_start = len(site.log)
    third, report, cost_third = crawl(source, settings, index, site)
    asked = [k for k, _ in site.log[log_start:] if k.startswith("/fiche/")]
    assert third.attempt == "success" and asked == [f"/fiche/{changed.slug}"]
    assert cost_third == BIG // 20 + 1
    before = pd.read_parquet(pd.io.common.BytesIO(staged["listings.parquet"]))
    after = pd.read_parquet(settings.staging_dir / source.id / "listings.parquet")
    differs = before.compare(after, result_names=("before", "after"))
    # Only the changed card's row moved (its fetch_ref and sector/legal-form tags)
    assert set(before.loc[differs.index, "record_key"]) == {
        f"{host_of(httpserver)}/fiche/{changed.slug}"
    }
    assert (after.fetch_ref == first.entry.ref).sum() == BIG - 1


@pytest.mark.parametrize(
    ("failure", "status"), [(404, "(HTTP 404)"), (500, "(HTTP 500)"), (1.5, "(no answer)")]
)
def test_a_failing_detail_page_quarantines_one_record_and_the_source_publishes(
    httpserver: HTTPServer, tmp_path: Path, index: MunicipalityIndex, failure, status
) -> None:
    ents = sites.enterprises(index, 30)
    site = serve(httpserver, sites.Site(sites.card_site(ents)))
    bad = f"/fiche/{ents[6].slug}"
    site.failures[bad] = failure
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"})
    source = cards_source(host_of(httpserver))
    policy = fast_policy(read_timeout=1, max_retries=0)
    result = fetch_live(source, settings, HttpClient(policy))
    report = stage_to_store(source, settings, index)
    assert result.attempt == "success" and report.ok
    assert (report.rows_staged, report.rows_quarantined) == (29, 1)
    quarantine = pd.read_parquet(settings.staging_dir / source.id / "quarantine.parquet")
    row = quarantine[quarantine.rule == "html_detail_failed"].iloc[0]
    assert bad in row.message and status in row.message
    site.failures.clear()
    if failure == 1.5:
        return  # the loopback server is still answering the slow request
    # The next crawl asks the failed page again (and only it): the record comes back.
    start = len(site.log)
    fetch_live(source, settings, HttpClient(policy))
    report = stage_to_store(source, settings, index)
    assert [k for k, _ in site.log[start:] if k.startswith("/fiche/")] == [bad]
    assert (report.rows_staged, report.rows_quarantined) == (30, 0)


def test_detail_pages_are_capped_and_fetched_once_per_url(
    httpserver: HTTPServer, tmp_path: Path, index: MunicipalityIndex
) -> None:
    ents = sites.enterprises(index, 10)
    routes = sites.card_site(ents)
    # The first card is featured again at the end of the list: one record, one detail page.
    routes["/repertoire"] = routes["/repertoire"].replace(
        "</div>", sites.card(ents[0]) + "</div>", 1
    )
    site = serve(httpserver, sites.Site(routes))
    source = cards_source(host_of(httpserver))
    http = HttpClient(fast_policy())
    entry = ADAPTER.fetch(context(source, tmp_path, http))
    assert site.requests("/fiche/") == 10
    assert len(ADAPTER.parse(source, entry).records) == 10
    capped = cards_source(host_of(httpserver), max_details=5)
    with pytest.raises(SourceError, match="more than 5 detail pages"):
        ADAPTER.fetch(context(capped, tmp_path / "capped", http))


def test_a_full_recrawl_asks_every_detail_page_conditionally_and_changes_nothing(
    httpserver: HTTPServer, tmp_path: Path, index: MunicipalityIndex
) -> None:
    ents = sites.enterprises(index, 20)
    site = serve(httpserver, sites.Site(sites.card_site(ents)))
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"})
    source = cards_source(host_of(httpserver), full_recrawl=0)  # every run is a full one
    first, _, _ = crawl(source, settings, index, site)
    staged = staged_bytes(settings, source.id)
    start = len(site.log)
    again, _, cost = crawl(source, settings, index, site)
    details = [status for key, status in site.log[start:] if key.startswith("/fiche/")]
    assert cost == 1 + 20 and details == [304] * 20
    assert again.entry.ref != first.entry.ref  # a new crawl state, the same records
    assert staged_bytes(settings, source.id) == staged
