"""A supplier linked to a candidate registration that is a listed enterprise's registration
under its full name (same town, the enterprise without a NEQ) is linked to the enterprise
(esq/contracts/candidate_owner.py, table.set_candidates_apart)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.table import set_candidates_apart
from tests.procurement.tie_cases import reference_rows

TOWN = reference_rows(
    ("C1", "Maison des jeunes Le Fil d'Ariane", None, "Gatineau", "07", "candidate"),
    ("E1", "Le Fil d'Ariane", None, "Gatineau", "07", "listed"),
    ("C2", "Centre de la petite enfance de Saint-Georges", None, "Saint-Georges", "12",
     "candidate"),
    ("E2", "CPE Saint-Georges", None, "Saint-Georges", "12", "listed"),
    ("E3", "Coopérative de solidarité de Saint-Georges", None, "Saint-Georges", "12", "listed"),
    ("C3", "Café La Ruche", None, "Laval", "13", "candidate"),
    ("E4", "La Ruche", None, "Montréal", "06", "listed"),
    ("C4", "Friperie La Source", None, "Lévis", "03", "candidate"),
    ("E5", "La Source", None, "Lévis", "03", "listed"),
    ("E6", "LA SOURCE INC.", None, "Lévis", "03", "listed"),
    ("C5", "Coopérative d'habitation Saint-Georges", None, "Saint-Georges", "12", "candidate"),
    ("C6", "Théâtre Le Phare", None, "Québec", "03", "candidate"),
    ("E7", "Le Phare", None, "Québec", "03", "listed"),
    ("C7", "Fondation Les Bâtisseurs", None, "Montréal", "06", "candidate"),
    ("E8", "Centre de la petite enfance Les Bâtisseurs", None, "Montréal", "06", "listed"),
)  # fmt: skip
TOWN.loc[TOWN.enterprise_id == "E7", "neq"] = "1140000005"


@pytest.mark.parametrize(
    ("candidate", "linked"),
    [
        # the candidate's name is a kind phrase + the listed enterprise's name, in its town
        ("C1", "E1"),
        # the same kind (folded by the key) and the town's name: the town's CPE
        ("C2", "E2"),
        # another town's « La Ruche » is not the candidate
        ("C3", None),
        # two enterprises of the town answer: nobody chooses
        ("C4", None),
        # a town's name alone with another kind of body (the town's co-op, the town's CPE)
        ("C5", None),
        # the enterprise has a registration of its own: the candidate is another body
        ("C6", None),
        # the same name but for another kind of body: the foundation is not the CPE
        ("C7", None),
    ],
)
def test_candidate_owner(candidate: str, linked: str | None) -> None:
    links = pd.DataFrame(
        {"supplier_ref": ["s"], "enterprise_id": [candidate], "link_method": ["neq"],
         "link_score": [1.0], "link_detail": ["1234567890"]}
    )  # fmt: skip
    row = set_candidates_apart(links, TOWN).iloc[0]
    if linked is None:
        assert (row.link_method, row.enterprise_id) == ("candidate", None)
        assert row.link_detail.startswith(f"candidate {candidate}: ")
    else:
        assert (row.link_method, row.enterprise_id) == ("name_fuzzy", linked)
        assert f"registration {candidate} apart" in row.link_detail
