"""Name ties told apart by the qualifier in brackets a supplier's name carries, and the tied
enterprises the unlimited evidence sets apart (esq/contracts/supplier_evidence.py,
tie_limits.still_tied)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.supplier_link import link_suppliers
from esq.contracts.table import tied_social_economy
from tests.procurement.tie_cases import assert_tie_outcome, link_one_supplier, reference_rows

MAREE = reference_rows(
    ("Q1", "LA MARÉE DU MONT (ENTREPRISE D'INSERTION) INC.",
     "La Marée du Mont (entreprise d'insertion)", "Sainte-Agathe-des-Monts", "15", "listed"),
    ("Q2", "Coopérative de solidarité La Marée du Mont", None, "Dollard-des-Ormeaux", "06",
     "legal_form"),
    ("Q3", "CENTRE DE LA PETITE ENFANCE LA MARÉE DU MONT", None, "Mirabel", "15", "candidate"),
    ("Q4", "Théâtre La Marée du Mont", "La Marée du Mont", "Montréal", "06", "listed"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "enterprise", "why"),
    [
        # the whole name, qualifier and all, is one enterprise's: it decides, buyer away or not
        ("LA MARÉE DU MONT (ENTREPRISE D'INSERTION) INC.", "Q1", "qualified_name"),
        ("La Maree du Mont (Entreprise d'insertion)", "Q1", "qualified_name"),
        # without it the buying city's namesake has a neighbour namesake: a person decides
        ("LA MARÉE DU MONT", None, None),
        # … and so with a qualifier no enterprise bears
        ("LA MARÉE DU MONT (SECTEUR NORD)", None, None),
    ],
)
def test_qualified_name_breaks_ties(name: str, enterprise: str | None, why: str | None) -> None:
    assert_tie_outcome(link_one_supplier(name, None, "Montréal", MAREE), enterprise, why)


ATELIER = reference_rows(
    ("A1", "Centre de la petite enfance L'Atelier du Sud", None, "Saint-Jean-sur-Richelieu",
     "16", "candidate"),
    ("A2", "COOPÉRATIVE DE TRAVAIL L'ATELIER DU SUD", None, "Pointe-Claire", "06", "listed"),
    ("A3", "Coopérative de travail L'Atelier du Sud", None, "Trois-Rivières", "04", "listed"),
    ("A4", "Coopérative de travail L'Atelier du Sud", None, "Gatineau", "07", "legal_form"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "locality", "frame", "candidates", "social_economy"),
    [
        # the CPE (an unlisted non-profit) is another kind of body: neither a choice for the
        # reviewer nor a doubt that the co-op supplying is social economy
        ("COOPERATIVE DE TRAVAIL L'ATELIER DU SUD INC.", None, ATELIER, "A2 | A3 | A4", True),
        # a name saying no kind leaves every namesake in the tie
        ("L'ATELIER DU SUD", None, ATELIER, "A1 | A2 | A3 | A4", False),
        # the supplier's town holds two of them: the others are set apart
        ("COOP L'ATELIER DU SUD", "Trois-Rivières", pd.concat([ATELIER, reference_rows(
            ("A5", "Coopérative de solidarité L'Atelier du Sud", None, "Trois-Rivières", "04",
             "listed"))]),
         "A3 | A5", True),
    ],
)  # fmt: skip
def test_tied_enterprises_set_apart(
    name: str, locality: str | None, frame: pd.DataFrame, candidates: str, social_economy: bool
) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None],
         "supplier_locality": [locality], "buyer_cities": ["Montréal"]}
    )  # fmt: skip
    links = link_suppliers(suppliers, frame).links
    assert links.link_method.tolist() == ["review"]
    assert " | ".join(sorted(links.candidates.iloc[0].split(" | "))) == candidates
    assert tied_social_economy(links, frame).tolist() == [social_economy]
