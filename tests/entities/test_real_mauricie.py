"""Real data: the Mauricie hub directory matched against the REQ-derived Mauricie extract.

The files (no open licence) are read from the shared folder; the test skips when it is absent.
Measured: 307 of 373 listings get an NEQ (exact-name baseline about 62 %), 98.7 % of the 311
known to be in the extract; of the 171 listings the silver set links, 157 agree, 12 get none,
2 differ (hand-checked: both are silver errors).
"""

from __future__ import annotations

import pytest

from evaluation.entities.real_mauricie import match_mauricie, silver_links
from tests.shared_data import shared_file


@pytest.fixture(scope="module")
def matched():
    hub = shared_file("data", "real", "pole-mauricie", "RepertoireEntreprises_ES.csv")
    req = shared_file("data", "real", "req-extract-mauricie", "Entreprise_LatLong.csv")
    silver = shared_file(
        "data", "real", "pole-mauricie", "Rep_Pole_Membres_LatLong_sans_citoyens.csv"
    )
    listed, entities = match_mauricie(hub, req)
    links = silver_links(silver)
    listed["silver"] = [
        links.get((k, a)) for k, a in zip(listed.name_key, listed.address, strict=True)
    ]
    register = set(entities.listings.neq[entities.listings.source_role == "register"])
    return listed, register


def test_most_listings_get_an_neq(matched):
    listed, register = matched
    assert len(listed) == 373
    in_extract = listed.neq_found.notna() | listed.silver.isin(register)
    assert listed.neq_found.notna().sum() / in_extract.sum() >= 0.95
    assert listed.neq_found.notna().mean() >= 0.80


def test_neqs_agree_with_the_silver_links(matched):
    listed, _ = matched
    both = listed[listed.silver.notna() & listed.neq_found.notna()]
    assert len(both) >= 150
    assert (both.silver == both.neq_found).mean() >= 0.98
