"""A row publishing a candidate registration's NEQ under the name of a listed enterprise of its
town (no NEQ of its own, named as the candidate's name ends), or under the candidate's name when
a listed enterprise without a NEQ is its only other bearer, joins them: links to the candidate
go to the enterprise (esq/contracts/candidate_owner.py, table.set_candidates_apart)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.table import set_candidates_apart
from tests.procurement.tie_cases import reference_rows

TOWN = reference_rows(
    ("C1", "Maison des jeunes Le Fil d'Ariane", None, "Gatineau", "07", "candidate"),
    ("E1", "Le Fil d'Ariane", None, "Gatineau", "07", "listed"),
    ("C3", "Café La Ruche du Port", None, "Laval", "13", "candidate"),
    ("E4", "La Ruche du Port", None, "Montréal", "06", "listed"),
    ("C4", "Friperie La Source du Lac", None, "Lévis", "03", "candidate"),
    ("E5", "La Source du Lac", None, "Lévis", "03", "listed"),
    ("E6", "LA SOURCE DU LAC INC.", None, "Lévis", "03", "listed"),
    ("C5", "Comptoir alimentaire des Moulins", None, "Montréal", "06", "candidate"),
    ("E7", "Les Moulins", None, "Montréal", "06", "listed"),
    ("C6", "Théâtre Le Phare du Nord", None, "Québec", "03", "candidate"),
    ("E8", "Le Phare du Nord", None, "Québec", "03", "listed"),
    ("C7", "Fondation Les Bâtisseurs du Sud", None, "Laval", "13", "candidate"),
    ("E9", "Centre de la petite enfance Les Bâtisseurs du Sud", None, "Laval", "13", "listed"),
    ("C8", "Association des coopératives d'habitation de Laval", None, "Laval", "13",
     "candidate"),
    ("E10", "Association des coopératives d'habitation de Laval", None, "Laval", "13",
     "listed"),
    ("C10", "Association des coopératives d'habitation de Lévis", None, "Lévis", "03",
     "candidate"),
    ("E12", "Association des coopératives d'habitation de Lévis", None, "Lévis", "03",
     "listed"),
    ("E13", "ASSOCIATION DES COOPÉRATIVES D'HABITATION DE LÉVIS", None, "Québec", "03",
     "legal_form"),
    ("C11", "Comptoir alimentaire de La Pérade", None, "Montréal", "06", "candidate"),
    ("E14", "Comptoir de La Pérade", None, "Sainte-Anne-de-la-Pérade", "04", "listed"),
    ("C12", "Carrefour La Friperie (entreprise d'insertion)", None, "Québec", "03",
     "candidate"),
    ("E15", "Carrefour La Friperie", None, "Québec", "03", "listed"),
    ("C13", "Corporation de développement communautaire de Saint-Julien", None, "Saint-Julien",
     "03", "candidate"),
    ("E16", "CDC Saint-Julien", None, "Saint-Julien", "03", "listed"),
    ("C9", "Association chasse et pêche de Stoneham-et-Tewkesbury", None,
     "Stoneham-et-Tewkesbury", "03", "candidate"),
    ("E11", "Stoneham-et-Tewkesbury", None, "Stoneham-et-Tewkesbury", "03", "listed"),
)  # fmt: skip
TOWN.loc[TOWN.enterprise_id == "E8", "neq"] = "1140000005"


@pytest.mark.parametrize(
    ("candidate", "name", "method", "linked"),
    [
        # the candidate's NEQ under the listed enterprise's name: its registration
        ("C1", "Le Fil d'Ariane INC.", "neq", "E1"),
        # … not under the candidate's own name, nor linked by name only
        ("C1", "MAISON DES JEUNES LE FIL D'ARIANE", "neq", None),
        ("C1", "Le Fil d'Ariane INC.", "name_exact", None),
        # another town's « La Ruche du Port » is not the candidate
        ("C3", "La Ruche du Port", "neq", None),
        # two enterprises of the town bear the name: nobody chooses
        ("C4", "La Source du Lac", "neq", None),
        # one word left says too little
        ("C5", "Les Moulins", "neq", None),
        # the enterprise has a registration of its own: the candidate is another body
        ("C6", "Le Phare du Nord", "neq", None),
        # another kind of body: the foundation is not the CPE
        ("C7", "Les Bâtisseurs du Sud", "neq", None),
        # the very same name, borne by these two only: one body ER left in two
        ("C8", "Association des coopératives d'habitation de Laval", "neq", "E10"),
        # … not when a third enterprise bears it too
        ("C10", "Association des coopératives d'habitation de Lévis", "neq", None),
        # … anywhere, and with its kind phrase in its other form (« Comptoir X »)
        ("C11", "COMPTOIR ALIMENTAIRE DE LA PÉRADE INC.", "neq", "E14"),
        # … or with a qualifier in brackets
        ("C12", "Carrefour La Friperie (entreprise d'insertion)", "neq", "E15"),
        # a town's words only say a body when they say its kind
        ("C13", "CDC de Saint-Julien", "neq", "E16"),
        # a name that is only the town's names nobody
        ("C9", "Stoneham-et-Tewkesbury INC.", "neq", None),
    ],
)
def test_candidate_owner(candidate: str, name: str, method: str, linked: str | None) -> None:
    links = pd.DataFrame(
        {"supplier_ref": ["s", "t"], "enterprise_id": [candidate, candidate],
         "link_method": [method, "name_exact"], "link_score": [1.0, 1.0],
         "link_detail": ["1234567890", "x ~ x"]}
    )  # fmt: skip
    out = set_candidates_apart(links, TOWN, pd.Series([name, "Another name"]))
    for _, row in out.iterrows():  # the row that joins them, and any other link to the candidate
        if linked is None:
            assert (row.link_method, row.enterprise_id) == ("candidate", None)
            assert row.link_detail.startswith(f"candidate {candidate}: ")
        else:
            assert (row.link_method, row.enterprise_id) == ("name_fuzzy", linked)
            assert f"registration {candidate} of the enterprise" in row.link_detail


def test_without_names_candidates_stay_apart() -> None:
    links = pd.DataFrame(
        {"supplier_ref": ["s"], "enterprise_id": ["C1"], "link_method": ["neq"],
         "link_score": [1.0], "link_detail": ["1234567890"]}
    )  # fmt: skip
    assert set_candidates_apart(links, TOWN).iloc[0].link_method == "candidate"
