"""Supplier → enterprise rules: NEQ first, names with thresholds, review band, persons never."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.candidate_guard import listing_guard
from esq.contracts.name_score import NameIndex
from esq.contracts.name_variants import name_family
from esq.contracts.staging import CONTRACT_STAGE_COLUMNS
from esq.contracts.supplier_link import link_suppliers
from esq.contracts.table import build_contracts
from esq.entities.compat import compatible_names
from tests.procurement.tie_cases import assert_tie_outcome, link_one_supplier

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E3", "E4", "E5"],
        "name": [
            "Ressourcerie Table des Bois",
            "Coopérative de travail Vélo de l'Est",
            "Les Ateliers Pignon du Quartier",
            "Coop Grenier populaire",
            "Cuisine collective Grenier populaire",
        ],
        "other_names": [None, None, None, None, "Grenier populaire inc."],
        "neq": ["1143282979", None, "1167280206", None, None],
    }
)


@pytest.mark.parametrize(
    ("name", "neq", "method", "enterprise"),
    [
        ("Un nom sans rapport", "1143282979", "neq", "E1"),  # NEQ wins over the name
        ("RESSOURCERIE TABLE DES BOIS INC.", None, "name_exact", "E1"),
        ("Coop de travail Velo de l'Est", None, "name_exact", "E2"),
        ("Ateliers Pignon du Quartier (Les)", None, "name_fuzzy", "E3"),
        # a different NEQ never links to an enterprise holding another NEQ
        ("Les Ateliers Pignon du Quartier", "1142720136", "no_match", None),
        ("Le Grenier populaire", None, "review", None),  # two enterprises tie
        # … unless one bears the very name (E5's other name), which breaks the tie
        ("Grenier populaire", None, "name_exact", "E5"),
        ("Ressourcerie Table Bois Franc", None, "review", None),  # an extra word: review band
        ("Ressourcerie Table des Boix", None, "name_fuzzy", "E1"),  # one letter replaced
        ("ANNA AMARI", None, "person", None),
        # the listings' guard (compatible_names): same key, but two kinds of body
        ("Fondation Ressourcerie Table des Bois", None, "no_match", None),
        ("CPE Vélo de l'Est", None, "no_match", None),
        ("Fondation Grenier populaire", None, "no_match", None),
        # a family word on one side only is a fuller spelling, not a conflict
        ("Coopérative Ressourcerie Table des Bois", None, "name_exact", "E1"),
        ("Pavage Exemple ltée", None, "no_match", None),
    ],
)
def test_link_rules(name: str, neq: str | None, method: str, enterprise: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [neq]}
    )
    out = link_suppliers(suppliers, ENTERPRISES)
    row = out.links.iloc[0]
    assert row.link_method == method
    assert (None if pd.isna(row.enterprise_id) else row.enterprise_id) == enterprise
    # one review pair for each enterprise the supplier waits on (a tie: each tied one)
    waits_on = row.candidates.split(" | ") if method == "review" else []
    assert out.review.right_record.tolist() == waits_on
    assert (out.review.kind == "supplier_enterprise").all()
    assert (out.review.left_record == "supplier:s").all()


def test_thresholds_move_links_into_review() -> None:
    suppliers = pd.DataFrame(
        {
            "supplier_ref": ["s"],
            "supplier_name": ["Ateliers Pignon du Quartier (Les)"],
            "supplier_neq": [None],
        }
    )
    strict = link_suppliers(suppliers, ENTERPRISES, auto=1.0)
    assert strict.links.iloc[0].link_method == "review"
    assert strict.review.iloc[0].right_record == "E3"


@pytest.mark.parametrize(
    ("name", "unguarded", "guarded"),
    [
        ("Ressourcerie Table des Bois", {"E1"}, {"E1"}),
        ("Fondation Ressourcerie Table des Bois", {"E1"}, set()),  # family conflict
        ("Coopérative Vélo de l'Est", {"E2"}, {"E2"}),  # cooperative ~ cooperative-de-travail
        ("Ateliers Centre", {"E3"}, set()),  # the only shared word is a generic one
    ],
)
def test_candidates_pass_the_listings_guard(
    name: str, unguarded: set[str], guarded: set[str]
) -> None:
    """Name candidates are the pairs the listings' compatible_names accepts, and only those."""
    index = NameIndex(zip(ENTERPRISES.enterprise_id, ENTERPRISES.name, strict=True))
    assert {c.ref for c in index.candidates(name)} == unguarded
    found = index.candidates(name, listing_guard(name))
    assert {c.ref for c in found} == guarded
    for c in found:
        assert compatible_names(
            c.supplier_key, c.reference_key, name_family(name), c.reference_family
        )


TOWN_NAMED = pd.DataFrame(
    {
        "enterprise_id": ["T1", "T2"],
        "name": ["Coopérative de Saint-Tite", "Transport Shawinigan inc."],
        "other_names": [None, None],
        "neq": [None, None],
    }
)


@pytest.mark.parametrize(
    ("name", "locality", "method", "enterprise"),
    [
        # the only word shared is the supplier's town: not evidence of one body
        ("Coop Saint-Tite", "Saint-Tite", "no_match", None),
        ("COOP ST-TITE", "St-Tite", "no_match", None),
        # unless the whole names are equal, word for word
        ("COOPERATIVE DE SAINT-TITE INC.", "Saint-Tite", "name_exact", "T1"),
        # unknown town, or another town: the name decides as before
        ("Coop Saint-Tite", None, "name_exact", "T1"),
        ("Coop Saint-Tite", "Shawinigan", "name_exact", "T1"),
        # a word besides the town's name is shared: still linked
        ("Transport Shawinigan", "Shawinigan", "name_exact", "T2"),
        ("Transport Shawinigan", "", "name_exact", "T2"),
    ],
)
def test_supplier_town_alone_does_not_link(
    name: str, locality: str | None, method: str, enterprise: str | None
) -> None:
    suppliers = pd.DataFrame(
        {
            "supplier_ref": ["s"],
            "supplier_name": [name],
            "supplier_neq": [None],
            "supplier_locality": [locality],
        }
    )
    row = link_suppliers(suppliers, TOWN_NAMED).links.iloc[0]
    assert row.link_method == method
    assert (None if pd.isna(row.enterprise_id) else row.enterprise_id) == enterprise


@pytest.mark.parametrize(
    ("locality", "method"),
    [("Saint-Tite", "no_match"), (None, "name_exact"), ("absent", "name_exact")],
)
def test_build_contracts_passes_the_supplier_town(locality: str | None, method: str) -> None:
    """The staged supplier_locality reaches the name guard; a source without it still links."""
    row = {c: None for c in CONTRACT_STAGE_COLUMNS}
    row |= {"source_id": "seao", "contract_key": "k1", "supplier_name": "Coop Saint-Tite",
            "supplier_locality": locality}  # fmt: skip
    staged = pd.DataFrame([row])
    if locality == "absent":
        staged = staged.drop(columns=["supplier_locality"])
    built = build_contracts(staged, TOWN_NAMED, {"seao"})
    assert built.contracts.link_method.tolist() == [method]


NAMESAKES = pd.DataFrame(
    {
        "enterprise_id": ["N1", "N2"],
        "name": ["Ressourcerie Grenier du Partage", "RESSOURCERIE GRENIER DU PARTAGE"],
        "other_names": [None, None],
        "neq": [None, "1143282979"],
        "municipality": ["Trois-Rivières", "Gatineau"],
        "social_economy_basis": ["listed", "legal_form"],
        "register_status": ["IM", "IM"],
    }
)


@pytest.mark.parametrize(
    ("locality", "cities", "frame", "enterprise", "why"),
    [
        # the supplier's town names one namesake
        ("Gatineau", None, NAMESAKES, "N2", "locality"),
        # else a buyer's city
        (None, "Trois-Rivières", NAMESAKES, "N1", "buyer_city"),
        # else being listed by a source
        (None, "Laval", NAMESAKES, "N1", "listed"),
        # else the active registration
        (None, None, NAMESAKES.assign(social_economy_basis="listed",
                                       register_status=["RD", "IM"]), "N2", "active"),
        # nothing tells them apart: review
        (None, None, NAMESAKES.assign(social_economy_basis="listed"), None, None),
    ],
)  # fmt: skip
def test_ties_are_broken_by_evidence(locality, cities, frame, enterprise, why) -> None:
    row = link_one_supplier("Ressourcerie Grenier du Partage", locality, cities, frame)
    assert_tie_outcome(row, enterprise, why)
