"""Field specs on real-looking markup, schema.org in its three syntaxes, address blocks."""

from __future__ import annotations

import pytest

from esq.adapters.html_select import extract, soup_of
from esq.adapters.schema_org import organisations
from esq.normalise.address_block import AddressBlock, split_block
from esq.normalise.municipality import MunicipalityIndex
from tests.shared_data import MUN_CSV

CARD = """
<article class="fiche">
  <h2><a href="/fiche/a">Atelier <em>du</em> Quai</a></h2>
  <p class="adresse">12, rue des Érables<br>Trois-Rivières (Québec)&nbsp; G9A 1A1</p>
  <p class="contact">Tél. : 819 555-0100 poste 3</p>
  <ul class="tags"><li>Coopérative</li><li>Insertion sociale</li><li>Coopérative</li></ul>
  <a class="courriel" href="mailto:info@atelier.example?subject=Bonjour">Écrire</a>
  <img class="logo" src="/logos/a.png">
</article>
"""


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("h2", "Atelier du Quai"),
        ([".nom", "h3", "h2 a"], "Atelier du Quai"),  # the first selector that matches wins
        ({"selector": "h2 a", "attr": "href"}, "https://hub.example/fiche/a"),
        ({"selector": "img.logo", "attr": "src"}, "https://hub.example/logos/a.png"),
        ({"selector": ".contact", "regex": r"(?P<value>\d{3} \d{3}-\d{4})"}, "819 555-0100"),
        ({"selector": ".contact", "regex": r"poste (\d+)"}, "3"),
        ({"selector": ".contact", "regex": r"(?P<value>courriel)"}, None),
        ({"selector": ".tags li", "join": "; "}, "Coopérative; Insertion sociale"),
        (
            {"selector": "a.courriel", "attr": "href", "regex": "mailto:(?P<value>[^?]+)"},
            "info@atelier.example",
        ),
        (".adresse", "12, rue des Érables Trois-Rivières (Québec) G9A 1A1"),
        (
            {"selector": ".adresse", "lines": True},
            "12, rue des Érables, Trois-Rivières (Québec) G9A 1A1",
        ),
        ({"selector": [".rue", ".adresse"], "lines": True}, "12, rue des Érables, …"),
        (".absent", None),
    ],
)
def test_field_specs(spec, expected) -> None:
    item = soup_of(CARD.encode()).select_one("article")
    value = extract(item, spec, "https://hub.example/repertoire")
    if expected and expected.endswith("…"):
        assert value.startswith(expected[:-1])
    else:
        assert value == expected


JSON_LD = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "LocalBusiness", "name": "Café A", "telephone": "819 555-0101",
  "address": {"@type": "PostalAddress", "streetAddress": "5, place du Marché",
              "addressLocality": "Shawinigan", "postalCode": "G9N 1A1"},
  "sameAs": ["https://facebook.example/a", "https://instagram.example/a"],
  "parentOrganization": {"@type": "Organization", "name": "Réseau"}}]}</script>"""
MICRODATA = """<div itemscope itemtype="https://schema.org/Organization">
 <span itemprop="name">Coop B</span><span itemprop="email">b@coop.example</span>
 <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
  <span itemprop="streetAddress">8, rue Principale</span>
  <span itemprop="addressLocality">Saint-Tite</span><span itemprop="postalCode">G0X 3H0</span>
 </div><link itemprop="sameAs" href="https://facebook.example/b"></div>"""
RDFA = """<div vocab="https://schema.org/" typeof="NGO"><span property="name">OBNL C</span>
 <div property="address" typeof="PostalAddress"><span property="streetAddress">3, 4e Avenue</span>
 <span property="addressLocality">Montréal</span></div></div>"""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            JSON_LD,
            {
                "schema:name": "Café A",
                "schema:streetAddress": "5, place du Marché",
                "schema:addressLocality": "Shawinigan",
                "schema:postalCode": "G9N 1A1",
                "schema:telephone": "819 555-0101",
                "schema:sameAs": "https://facebook.example/a https://instagram.example/a",
            },
        ),
        (
            MICRODATA,
            {
                "schema:name": "Coop B",
                "schema:email": "b@coop.example",
                "schema:addressLocality": "Saint-Tite",
                "schema:sameAs": "https://facebook.example/b",
            },
        ),
        (
            RDFA,
            {
                "schema:@type": "NGO",
                "schema:name": "OBNL C",
                "schema:streetAddress": "3, 4e Avenue",
                "schema:addressLocality": "Montréal",
            },
        ),
    ],
)
def test_schema_org_in_three_syntaxes(markup: str, expected: dict) -> None:
    page = f"<html><head></head><body>{markup}</body></html>"
    found = organisations(page.encode(), "https://hub.example/")
    assert len(found) == 1  # a nested parentOrganization is not a record
    assert {k: found[0][k] for k in expected} == expected


def test_a_page_without_schema_org_or_with_broken_json_ld_has_none() -> None:
    broken = '<script type="application/ld+json">{"@type": "Organization", </script>'
    assert organisations(b"<html><body><p>Rien</p></body></html>", "https://x/") == []
    assert organisations(f"<html><head>{broken}</head></html>".encode(), "https://x/") == []


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "12, rue des Érables, Trois-Rivières (Québec)  G9A 1A1",
            AddressBlock("12, rue des Érables", None, "Trois-Rivières", "G9A 1A1"),
        ),
        (
            "12 rue des Érables Trois-Rivières (Québec) G9A 1A1",  # no separator at all
            AddressBlock("12 rue des Érables", None, "Trois-Rivières", "G9A 1A1"),
        ),
        (
            "301 rue St-Jacques, bureau 201, Montréal QC h2y1n9",
            AddressBlock("301 rue St-Jacques, bureau 201", "201", "Montréal", "H2Y 1N9"),
        ),
        (
            "1234 rue Saint-Denis Montréal H2X 3J6",  # "Saint-Denis" is a street here
            AddressBlock("1234 rue Saint-Denis", None, "Montréal", "H2X 3J6"),
        ),
        (
            "88 rang 3 Sainte-Geneviève-de-Batiscan G0X 2R0",
            AddressBlock("88 rang 3", None, "Sainte-Geneviève-de-Batiscan", "G0X 2R0"),
        ),
        (
            "5 place du Marché, Shawinigan, Québec, Canada",  # no postal code
            AddressBlock("5 place du Marché", None, "Shawinigan", None),
        ),
    ],
)
def test_address_blocks_split_with_the_municipality_table(
    index: MunicipalityIndex, block: str, expected: AddressBlock
) -> None:
    assert split_block(block, index) == expected
