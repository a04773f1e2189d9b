"""Readings added for supplier recall (issue 12): a kind phrase in its other form confirmed by the
town, slips across a space or in a kind phrase after « Coopérative », a typo in a trade name one
leading word apart, and a candidate a listing of its town spells otherwise."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.candidate_spelling import respelt, spelling_owners
from esq.contracts.kind_short_forms import other_form
from esq.contracts.link_decision import one_leading_word_apart
from esq.contracts.name_variants import variants_and_family
from tests.procurement.tie_cases import link_one_supplier, reference_rows

SOCIETIES = reference_rows(
    ("S1", "Société d'habitation communautaire Le Grenier", None, "Montréal", "06", "listed"),
    ("S2", "Société d'habitation communautaire Le Grenier du Lac", None, "Val-Joli", "05",
     "listed"),
    ("K1", "Comptoir La Coccinelle de la Joie", None, "Laval", "13", "listed"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "locality", "cities", "expected"),
    [
        # the short form of the housing society's kind, the buying city its town
        ("HABITATIONS LE GRENIER", None, "Montréal", "S1"),
        # … not bought from there: « Habitations X » also names builders
        ("HABITATIONS LE GRENIER", None, "Québec", None),
        # … nor when the supplier's own town is another
        ("HABITATIONS LE GRENIER", "Gatineau", "Montréal", None),
        # the full kind phrase where the hub listed the short one
        ("COMPTOIR ALIMENTAIRE LA COCCINELLE DE LA JOIE", "Laval", "Montréal", "K1"),
    ],
)
def test_kind_phrase_in_its_other_form(
    name: str, locality: str | None, cities: str, expected: str | None
) -> None:
    row = link_one_supplier(name, locality, cities, SOCIETIES)
    if expected is None:
        assert row.link_method not in ("name_exact", "name_fuzzy")
    else:
        assert (row.link_method, row.enterprise_id) == ("name_fuzzy", expected)
        assert "kind phrase in its other form" in row.link_detail


def test_other_form() -> None:
    full = "societe d'habitation communautaire le grenier"
    assert other_form("Les Habitations Le Grenier") == full
    assert other_form("Société d’habitation communautaire Le Grenier") == "habitations le grenier"
    assert other_form("Comptoir alimentaire") is None  # nothing after the kind
    assert other_form("Construction Le Grenier") is None


@pytest.mark.parametrize(
    ("name", "key", "family"),
    [
        ("LA COCCINELL EDE LA COLLINE", "la coccinelle de la colline", None),
        ("COMPTOIR ALIMENTAIR EDE SHERBROOKE", "comptoir alimentaire de sherbrooke", None),
        # « Coopérative » typed right, the kind's next word not
        ("COOPERATIVE DE SOLDIARITE ARMAND LABELLE", "armand labelle", "cooperative-de-solidarite"),
    ],
)
def test_slips_put_right(name: str, key: str, family: str | None) -> None:
    keys, found = variants_and_family(name)
    assert key in keys and found == family


def test_leading_word_apart_with_a_typo() -> None:
    typed = "friperie la courtepointte de la traverse"
    assert one_leading_word_apart(typed, "theatre friperie la courtepointe de la traverse")
    # a short word's slip is another word (« sud », « sd »), two slips another name
    assert not one_leading_word_apart("marche du sd", "cafe marche du sud")
    assert not one_leading_word_apart("marche du coteua bleuu", "cafe marche du coteau bleu")


CANDIDATES = reference_rows(
    ("C1", "Centre de la petite enfance La Passerelle du Lac", None, "Chambly", "16", "candidate"),
    ("E1", "Centre de la petite enfance La Passerelle du Lca", None, "Chambly", "16", "listed"),
    ("C2", "Ressourcerie Friperie L'Envolée des Saules inc.", None, "Montréal", "06",
     "candidate"),
    ("E2", "Friperie L'Envolée des Saules", None, "Montréal", "06", "listed"),
    ("C3", "Fondation Le Chaudron du Forgeron", None, "Laval", "13", "candidate"),
    ("E3", "Le Chaudorn du Forgeron", None, "Laval", "13", "listed"),
    ("C4", "Coopérative de solidarité Le Phare", None, "Lévis", "03", "candidate"),
    ("E4", "Coopérative de solidarité Le Phare", None, "Lévis", "03", "listed"),
    ("C5", "Café La Ruche du Port", None, "Laval", "13", "candidate"),
    ("E5", "La Ruche du Port", None, "Montréal", "06", "listed"),
)  # fmt: skip


def test_candidate_spelt_otherwise_by_a_listing_of_its_town() -> None:
    owners = spelling_owners(pd.Series(["C1", "C2", "C3", "C4", "C5"]), CANDIDATES)
    # a typo, a leading word; not the foundation of another body, not the very same name ER
    # kept apart, not a listing of another town
    assert owners == {"C1": "E1", "C2": "E2"}
    assert not respelt("Fondation Le Chaudron du Forgeron", "Le Chaudorn du Forgeron")


SLIPS = reference_rows(
    ("F1", "Café Friperie Saint-Joseph du Sud, inc.", None, "Dorval", "06", "listed"),
    ("P1", "Café Friperie Le Pin du Nord", None, "Laval", "13", "listed"),
    ("P2", "Coopérative de travail Le Pic vert", None, "Gatineau", "07", "listed"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # « sd », one letter from « sud », is in no name: the review band's one enterprise
        ("CAFÉ FRIPERIE SAINT-JOSEPH DU SD, INC.", "F1"),
        # « pic » is a word of names: a slip or another name, a person decides
        ("Café Friperie Le Pic du Nord", None),
    ],
)
def test_one_slip_making_a_word_no_name_has(name: str, expected: str | None) -> None:
    row = link_one_supplier(name, None, "Montréal", SLIPS)
    if expected is None:
        assert (row.link_method, row.candidates) == ("review", "P1")
    else:
        assert (row.link_method, row.enterprise_id) == ("name_fuzzy", expected)
        assert row.link_detail.endswith("(one slip from its name, a word no name has)")


TOWN_BODIES = reference_rows(
    ("P1", "Centre de la petite enfance de La Prairie", None, "La Prairie", "16", "listed"),
    ("P2", "Coopérative de solidarité de La Prairie", None, "La Prairie", "16", "listed"),
    ("T1", "Coopérative de travail de Saint-Tite", None, "Saint-Tite", "04", "listed"),
    ("T2", "Coopérative de consommateurs de Saint-Tite", None, "Saint-Tite", "04", "listed"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "locality", "expected"),
    [
        # the town's CPE, from its town: one body
        ("CPE La Prairie", "La Prairie", "P1"),
        # « Coop » says no kind of co-op: which of the town's?
        ("Coop Saint-Tite", "Saint-Tite", None),
    ],
)
def test_a_towns_body_of_one_kind_from_its_town(
    name: str, locality: str, expected: str | None
) -> None:
    row = link_one_supplier(name, locality, "Québec", TOWN_BODIES)
    if expected is None:
        assert row.link_method not in ("name_exact", "name_fuzzy")
    else:
        assert (row.link_method, row.enterprise_id) == ("name_exact", expected)
