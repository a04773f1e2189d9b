"""Four directory styles onboarded with the entry `esq probe` proposed (plus the hand edits kept in
tests/fixtures/web/onboarding/), crawled on a loopback server and staged: ≥ 99 % of the addresses
on the pages recovered into street, municipality and postal code."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from esq.adapters import adapter_for
from esq.catalog import Source
from esq.http import HttpClient
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import normalise_name
from esq.probe import probe
from esq.staging.stage import stage_source
from tests.fixtures.web import sites
from tests.fixtures.web.onboarding import (
    apply_edits,
    generic,
    host_of,
    proposed,
    recovered,
    serve,
    site_for,
)
from tests.http.loopback import context, fast_policy
from tests.shared_data import MUN_CSV

COUNT = 120  # one address lost would be 0.8 %: the 99 % bar allows none


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


@pytest.mark.parametrize("style", ["cards", "jsonld", "wordpress", "table"])
def test_a_probed_entry_onboards_the_directory(
    style: str, httpserver: HTTPServer, tmp_path: Path, index: MunicipalityIndex
) -> None:
    host = host_of(httpserver)
    ents = sites.enterprises(index, COUNT)
    site, path = site_for(style, ents, host)
    serve(httpserver, site)
    http = HttpClient(fast_policy())
    proposal = probe(http, host + path, f"hub-{style}")
    # The proposal is the one kept beside the hand edits: a probe change shows up here.
    assert generic(proposal.entry, host) == proposed(style)
    assert proposal.rows, "the probe shows the first rows it would extract"
    source = Source.model_validate(apply_edits(proposal.entry, style, host))
    adapter = adapter_for(source.kind)
    entry = adapter.fetch(context(source, tmp_path / "landing", http))
    parsed = adapter.parse(source, entry)
    staged = stage_source(source, entry.ref, parsed, index)
    assert len(staged.listings) == COUNT and staged.rows_rejected == 0
    assert recovered(staged.listings, ents) >= 0.99
    if style == "cards":  # the tag list became a legal form; detail pages gave the phone
        first = staged.listings.set_index("name_key").loc[normalise_name(ents[0].name).key]
        assert first.legal_form == "obnl" and first.phone == "+18195550001"
    assert any(a.startswith("esq/") for a in site.agents)
    assert site.log[0][0] == "/robots.txt"
