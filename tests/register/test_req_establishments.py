"""register_establishments: the sites of social economy entities away from their head office."""

from __future__ import annotations

import duckdb
import pytest

from esq.register.req_establishments import register_establishments
from esq.register.req_zip import load_req_zip

COOP, OBNL, FIRM = "1140000009", "1160000002", "3364000007"
HEAD = {"LIGN1_ADR": "12 rue Principale", "LIGN2_ADR": "Montréal (Québec)", "LIGN4_ADR": "H2Y1A1"}
ROWS = {
    "entreprise": [
        {"NEQ": COOP, "COD_FORME_JURI": "COP", "COD_STAT_IMMAT": "IM",
         **{f"ADR_DOMCL_{k}": v for k, v in HEAD.items()}},
        {"NEQ": OBNL, "COD_FORME_JURI": "APE", "COD_STAT_IMMAT": "IM",
         "ADR_DOMCL_LIGN1_ADR": "5 rue du Lac", "ADR_DOMCL_LIGN2_ADR": "Shawinigan (Québec)"},
        {"NEQ": FIRM, "COD_FORME_JURI": "CIE", "COD_STAT_IMMAT": "IM"},
    ],
    "nom": [],
    "etablissements": [
        # the head office again: no evidence
        {"NEQ": COOP, "NO_SUF_ETAB": "1", "IND_ETAB_PRINC": "O", **HEAD},
        # a site with its own name, the postal code on the town's line
        {"NEQ": COOP, "NO_SUF_ETAB": "2", "IND_ETAB_PRINC": "N", "NOM_ETAB": "ÉPICERIE LA RUCHE",
         "LIGN1_ADR": "C.P. 4", "LIGN2_ADR": "80, boul. des Forges",
         "LIGN3_ADR": "Trois-Rivières (Québec) G9A 2G8"},
        {"NEQ": OBNL, "NO_SUF_ETAB": "2", "IND_ETAB_PRINC": "N",
         "LIGN1_ADR": "7 rue Notre-Dame", "LIGN2_ADR": "Shawinigan (Québec)"},
        # a business corporation's site is not social economy evidence
        {"NEQ": FIRM, "NO_SUF_ETAB": "2", "IND_ETAB_PRINC": "N",
         "LIGN1_ADR": "1 rue X", "LIGN2_ADR": "Laval (Québec)", "LIGN3_ADR": "H7V1A1"},
    ],
    "domainevaleur": [],
}  # fmt: skip


@pytest.fixture
def sites(build_req_zip) -> list[dict]:
    with duckdb.connect() as con:
        load_req_zip(build_req_zip(rows=ROWS), con)
        return register_establishments(con).to_dict("records")


def test_only_sites_away_from_the_head_office_of_social_economy_forms(sites) -> None:
    assert [(s["record_key"], s["postal"]) for s in sites] == [(COOP, "G9A2G8"), (OBNL, None)]


@pytest.mark.parametrize(
    ("neq", "name", "address", "municipality"),
    [
        (COOP, "ÉPICERIE LA RUCHE", "80, boul. des Forges", "Trois-Rivières (Québec)"),
        (OBNL, None, "7 rue Notre-Dame", "Shawinigan (Québec)"),
    ],
)
def test_lines_split_like_the_head_office(sites, neq, name, address, municipality) -> None:
    (site,) = [s for s in sites if s["record_key"] == neq]
    assert (site["establishment_name"], site["address"], site["municipality"]) == (
        name,
        address,
        municipality,
    )
