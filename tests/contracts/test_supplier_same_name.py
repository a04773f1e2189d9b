"""Names word for word: a registered or listed name breaks ties, place-only names, foundations,
and the register's other names added to what suppliers are linked to."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.reference import with_listing_names
from esq.contracts.supplier_evidence import EnterpriseStanding, one_edit, plain
from esq.contracts.supplier_link import link_suppliers

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["J1", "J2", "M1", "M2", "M3", "D1", "B1", "B2"],
        "name": [
            "COOPÉRATIVE DE SOLIDARITÉ LES JARDINS",
            "Coopérative de solidarité Les Jardins",
            "Corporation de développement communautaire de Montréal",
            "Coopérative de solidarité de Montréal",
            "Association chasse et pêche de Montréal",
            "COOPÉRATIVE DE CONSOMMATEURS DE SAINT-DENIS-SUR-RICHELIEU",
            "Fondation La Bouée",
            "Théâtre La Bouée",
        ],
        "other_names": [
            "COOP LES JARDINS",  # a trade name the register holds (Nom.csv)
            None,
            None,
            None,
            "Montréal",  # a hub lists it under the town's name alone
            "COOP SAINT-DENIS-SUR-RICHELIEU",
            None,
            "La Bouée",
        ],
        "neq": [None] * 8,
        "municipality": [
            "Magog",
            "Laurier-Station",
            "Montréal",
            "Montréal",
            "Montréal",
            "Saint-Denis-sur-Richelieu",
            "Québec",
            "Rouyn-Noranda",
        ],
        "social_economy_basis": [
            "legal_form",
            "listed",
            "listed",
            "listed",
            "listed",
            "both",
            "listed",
            "listed",
        ],
        "register_status": ["IM"] * 8,
    }
)


@pytest.mark.parametrize(
    ("name", "locality", "buyer", "enterprise", "detail"),
    [
        # two co-ops of one name: the one that registered the trade name takes it
        ("COOP LES JARDINS", None, "Montréal", "J1", "tie broken by same_name"),
        # a town's name alone links only to the enterprise bearing that very name, typo or not
        ("MONTRÉAL", None, "Montréal", "M3", "a town's name"),
        ("MONTTREAL", None, "Montréal", "M3", "tie broken by same_name"),
        # … and to nobody when no enterprise bears it
        ("Gatineau", None, "Gatineau", None, None),
        # the supplier's own town in its name proves nothing, unless it is the name word for word
        ("COOP SAINT-DENIS-SUR-RICHELIEU", "Saint-Denis-sur-Richelieu", "Longueuil", "D1", None),
        # a trade name leaving « Fondation » out: the foundation competes with its namesake
        ("LA BOUEE", None, "Québec", "B1", "tie broken by buyer_city"),
        ("LA BOUEE", None, "Laval", "B2", "tie broken by same_name"),
    ],
)
def test_same_name_rules(
    name: str, locality: str | None, buyer: str, enterprise: str | None, detail: str | None
) -> None:
    suppliers = pd.DataFrame(
        {
            "supplier_ref": ["s"],
            "supplier_name": [name],
            "supplier_neq": [None],
            "supplier_locality": [locality],
            "buyer_cities": [buyer],
        }
    )
    row = link_suppliers(suppliers, ENTERPRISES).links.iloc[0]
    assert (None if pd.isna(row.enterprise_id) else row.enterprise_id) == enterprise
    if detail:
        assert detail in row.link_detail


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("montreal", "montreal", True),
        ("monttreal", "montreal", True),  # a letter doubled
        ("mnotreal", "montreal", True),  # two letters swapped
        ("montreak", "montreal", True),  # one replaced
        ("montrea", "montreal", True),  # one dropped
        ("montrel", "montreak", False),
        ("laval", "lava", True),
        ("laval", "lavaux", False),
    ],
)
def test_one_edit(a: str, b: str, close: bool) -> None:
    assert one_edit(a, b) is close
    assert one_edit(b, a) is close


@pytest.mark.parametrize(
    ("name", "enterprise", "same"),
    [
        ("Coop Les Jardins inc.", "J1", True),  # legal form and case aside
        ("coop les jardins", "J2", False),
        ("Montreal", "M3", True),
        ("Mtl", "M3", False),
        ("", "M3", False),
    ],
)
def test_same_name(name: str, enterprise: str, same: bool) -> None:
    assert EnterpriseStanding(ENTERPRISES).same_name(name, enterprise) is same
    assert plain("COOP LES JARDINS INC.") == "coop les jardins"


def test_listing_names_are_added_once() -> None:
    reference = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E2", "E3"],
            "name": ["Coopérative A", "B", "C"],
            "other_names": ["Coop A", None, "C inc."],
        }
    )
    listings = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E1", "E2", None, "E9"],
            "other_names": ["COOP A | A", "Coopérative A", None, "X", "Y"],
        }
    )
    out = with_listing_names(reference, listings)
    assert out.other_names.tolist() == ["A | COOP A | Coop A", None, "C inc."]
    assert reference.other_names.tolist() == ["Coop A", None, "C inc."]  # input untouched
