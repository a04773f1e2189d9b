"""A name linked to an enterprise away from the supplier's own town goes to the one enterprise
of that town named so after a leading word (esq/contracts/town_trade_names.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.supplier_evidence import town_key
from esq.contracts.supplier_link import link_suppliers
from esq.contracts.town_trade_names import TownTradeNames
from tests.procurement.tie_cases import reference_rows

UNION = reference_rows(
    ("M1", "Coopérative d'habitation Le Trait d'union des Bois", None, "Montréal", "06",
     "legal_form"),
    ("L1", "Coopérative funéraire Le Trait d'union des Bois", None, "Longueuil", "16", "listed"),
    ("Q1", "Coopérative funéraire La Clé des Champs", None, "Québec", "03", "listed"),
    ("Q2", "Théâtre La Clé des Champs", None, "Québec", "03", "listed"),
    ("S1", "Coopérative de solidarité La Clé des Champs", None, "Sherbrooke", "05", "listed"),
    ("J1", "Association chasse et pêche L'Atelier du Nord", None, "Saint-Jean-sur-Richelieu",
     "16", "listed"),
)  # fmt: skip


TOWNS = TownTradeNames(
    (e, n, town_key(t))
    for e, n, t in zip(UNION.enterprise_id, UNION.name, UNION.municipality, strict=True)
)


@pytest.mark.parametrize(
    ("name", "locality", "enterprise"),
    [
        # the supplier's town holds the name after a leading word: that enterprise
        ("Le Trait d'union des Bois", "Longueuil", "L1"),
        ("LE TRAIT D'UNION DES BOIS INC.", "LONGUEUIL | Laval", "L1"),
        # … after several leading words (a kind of body of four words)
        ("L'ATELIER DU NORD", "St-Jean-sur-Richelieu", "J1"),
        # no town known, or the town holds no such name
        ("Le Trait d'union des Bois", None, None),
        ("Le Trait d'union des Bois", "Laval", None),
        # two enterprises of the town are named so
        ("La Clé des Champs", "Québec", None),
        # a one-word key says too little
        ("Union", "Longueuil", None),
    ],
)
def test_town_trade_name_found(name: str, locality: str | None, enterprise: str | None) -> None:
    assert TOWNS.find(name, locality) == enterprise


@pytest.mark.parametrize(
    ("name", "locality", "enterprise"),
    [
        ("Le Trait d'union des Bois", "Longueuil", "L1"),
        # no town known: the name, word for word, links where it is
        ("Le Trait d'union des Bois", None, "M1"),
        # a name nobody bears word for word, in the supplier's town after leading words
        ("L'ATELIER DU NORD", "St-Jean-sur-Richelieu", "J1"),
    ],
)
def test_town_trade_name_linked(name: str, locality: str | None, enterprise: str) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None],
         "supplier_locality": [locality], "buyer_cities": ["Montréal"]}
    )  # fmt: skip
    assert link_suppliers(suppliers, UNION).links.iloc[0].enterprise_id == enterprise
