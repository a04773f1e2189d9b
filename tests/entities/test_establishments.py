"""The register's sites as address evidence: a listing at a site links to its registration."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.door_names import door_name_links
from esq.entities.establishments import site_rows
from esq.entities.exact import rule_links, with_members

TR = {"municipality": "Trois-Rivières", "municipality_code": "37067", "mrc": None,
      "region_code": "04"}  # fmt: skip
MTL = {"municipality": "Montréal", "municipality_code": "66023", "mrc": None, "region_code": "06"}
REGISTER = {"source_id": "req", "record_key": "1140000009", "source_role": "register",
            "name_key": "la ruche", "name_family": "cooperative", "legal_form": "COP",
            "postal_code": "H2Y 1A1", "civic_number": "12", **MTL}  # fmt: skip
SITE = {"source_id": "req", "record_key": "1140000009", "name_key": None, "civic_number": "80",
        "postal_code": "G9A 2G8", **TR}  # fmt: skip

TWO_SITES = [{**SITE, "name_key": "epicerie du quartier", "postal_code": None},
             {**SITE, "name_key": "friperie du port", "postal_code": None, "civic_number": "5",
              **MTL}]  # fmt: skip


def _listing(**fields: object) -> dict:
    base = {"source_id": "hub", "record_key": "1", "source_role": "listing", "name_family": None,
            "legal_form": None, "postal_code": None, "civic_number": None, **TR}  # fmt: skip
    return {**base, **fields}


@pytest.mark.parametrize(
    ("listing", "sites", "rules"),
    [
        # same name in the site's town (head office in another region): linked by the site
        (_listing(name_key="la ruche", name_family="cooperative"), [SITE],
         ["same_name_municipality"]),
        (_listing(name_key="la ruche", name_family="cooperative"), [], []),
        # another name at the site's door: the address rule still needs compatible names
        (_listing(name_key="epicerie la ruche", postal_code="G9A 2G8", civic_number="80"),
         [SITE], ["same_postal_civic_compatible_name"]),
        (_listing(name_key="maison des jeunes", postal_code="G9A 2G8", civic_number="80"),
         [SITE], []),
        # the site's own name (NOM_ETAB) in its town
        (_listing(name_key="epicerie du quartier"), [{**SITE, "name_key": "epicerie du quartier"}],
         ["same_name_municipality"]),
        # two named sites without a postal code: each keeps its own name and town
        (_listing(name_key="epicerie du quartier"), TWO_SITES, ["same_name_municipality"]),
        (_listing(name_key="friperie du port"), TWO_SITES, []),
    ],
)  # fmt: skip
def test_listing_at_a_site_links_to_its_registration(listing, sites, rules) -> None:
    listings = pd.DataFrame([REGISTER, listing])
    establishments = with_members(pd.DataFrame(sites, columns=list(SITE))) if sites else None
    links = rule_links(listings, establishments)
    # the rule named first proposes the pair (others may too); none when the list is empty
    assert set(rules) <= {lk.rule for lk in links} and bool(links) == bool(rules)
    assert all({lk.left, lk.right} == {"req:1140000009", "hub:1"} for lk in links)


HEAD_STREET = {**REGISTER, "street_key": "rue principale"}
SITE_STREET = {**SITE, "street_key": "boulevard des forges"}


@pytest.mark.parametrize("extra", [(), ("street_key",)])
def test_a_site_row_carries_the_sites_street(extra) -> None:
    rows = with_members(pd.DataFrame([HEAD_STREET]))
    sites = with_members(pd.DataFrame([SITE_STREET]))
    out = site_rows(rows, sites, extra=extra)
    assert list(out.columns) == list(dict.fromkeys([*rows.columns, *extra]))
    assert out[["civic_number", "street_key"]].values.tolist() == [["80", "boulevard des forges"]]


@pytest.mark.parametrize(
    ("street", "linked"),
    [
        ("boulevard des forges", True),  # the site's street, a hub's wrong postal code
        ("rue principale", False),  # the head office's street at the site's number: no door
    ],
)
def test_street_door_at_a_site(street, linked) -> None:
    listing = _listing(name_key="la ruche", name_family="cooperative", civic_number="80",
                       postal_code="G9A 9Z9", street_key=street)  # fmt: skip
    listings = with_members(pd.DataFrame([HEAD_STREET, listing]))
    pairs = door_name_links(listings, with_members(pd.DataFrame([SITE_STREET])))
    assert (pairs == [("hub:1", "req:1140000009")]) is linked
