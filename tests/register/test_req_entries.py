"""register_entries / social_economy_register on a crafted tiny ZIP."""

from __future__ import annotations

import duckdb
import pytest

from esq.register.req_entries import register_entries, social_economy_register
from esq.register.req_zip import load_req_zip

COOP, OBNL, FIRM = "1140000009", "1160000002", "3364000007"
ROWS = {
    "entreprise": [
        {"NEQ": COOP, "COD_FORME_JURI": "COP", "COD_STAT_IMMAT": "IM", "COD_ACT_ECON_CAE": "6011",
         "DESC_ACT_ECON_ASSUJ": "ÉPICERIE", "ADR_DOMCL_LIGN1_ADR": "12 rue Principale",
         "ADR_DOMCL_LIGN2_ADR": "Shawinigan (Québec)", "ADR_DOMCL_LIGN4_ADR": "G9N1A1"},
        {"NEQ": OBNL, "COD_FORME_JURI": "APE", "COD_STAT_IMMAT": "RD"},
        {"NEQ": FIRM, "COD_FORME_JURI": "CIE", "COD_STAT_IMMAT": "IM"},
    ],
    "nom": [
        {"NEQ": COOP, "NOM_ASSUJ": "COOPÉRATIVE DE SOLIDARITÉ LA RUCHE", "STAT_NOM": "V",
         "TYP_NOM_ASSUJ": "N", "NOM_ASSUJ_LANG_ETRNG": "LA RUCHE SOLIDARITY CO-OP"},
        {"NEQ": COOP, "NOM_ASSUJ": "ÉPICERIE LA RUCHE", "STAT_NOM": "V", "TYP_NOM_ASSUJ": "A"},
        {"NEQ": COOP, "NOM_ASSUJ": "COOPÉRATIVE ALIMENTAIRE DU RUISSEAU", "STAT_NOM": "A",
         "TYP_NOM_ASSUJ": "N", "DAT_FIN_NOM_ASSUJ": "2010-05-01"},
        {"NEQ": OBNL, "NOM_ASSUJ": "MAISON DES JEUNES DU COTEAU", "STAT_NOM": "V",
         "TYP_NOM_ASSUJ": "N"},
    ],
    "etablissements": [
        {"NEQ": COOP, "NO_SUF_ETAB": "1", "IND_ETAB_PRINC": "O", "NOM_ETAB": "ÉPICERIE LA RUCHE",
         "LIGN1_ADR": "12 rue Principale", "LIGN2_ADR": "Shawinigan (Québec)"},
        {"NEQ": COOP, "NO_SUF_ETAB": "2", "IND_ETAB_PRINC": "N", "NOM_ETAB": "ENTREPÔT"},
    ],
    "domainevaleur": [
        {"TYP_DOM_VAL": "FORME_JURI", "COD_DOM_VAL": "COP", "VAL_DOM_FRAN": "Coopérative"},
        {"TYP_DOM_VAL": "STAT_IMMAT", "COD_DOM_VAL": "IM", "VAL_DOM_FRAN": "Immatriculée"},
        {"TYP_DOM_VAL": "STAT_IMMAT", "COD_DOM_VAL": "RD", "VAL_DOM_FRAN": "Radiée sur demande"},
        {"TYP_DOM_VAL": "AUTRE", "COD_DOM_VAL": "COP", "VAL_DOM_FRAN": "sans rapport"},
    ],
}  # fmt: skip


@pytest.fixture
def con(build_req_zip) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    load_req_zip(build_req_zip(rows=ROWS), connection)
    yield connection
    connection.close()


def _entry(con: duckdb.DuckDBPyConnection, neq: str) -> dict:
    rel = register_entries(con).filter(f"neq = '{neq}'")
    (row,) = rel.fetchall()
    return dict(zip(rel.columns, row, strict=True))


@pytest.mark.parametrize(
    "neq, name, other_names, form_label, status_label",
    [
        (COOP, "COOPÉRATIVE DE SOLIDARITÉ LA RUCHE",
         ["COOPÉRATIVE ALIMENTAIRE DU RUISSEAU", "LA RUCHE SOLIDARITY CO-OP", "ÉPICERIE LA RUCHE"],
         "Coopérative", "Immatriculée"),
        (OBNL, "MAISON DES JEUNES DU COTEAU", [], None, "Radiée sur demande"),
        (FIRM, None, [], None, "Immatriculée"),
    ],
)  # fmt: skip
def test_current_name_other_names_and_labels(
    con: duckdb.DuckDBPyConnection, neq: str, name, other_names, form_label, status_label
) -> None:
    entry = _entry(con, neq)
    assert (entry["name"], entry["other_names"]) == (name, other_names)
    assert (entry["legal_form_label"], entry["register_status_label"]) == (form_label, status_label)


def test_address_activity_and_main_establishment(con: duckdb.DuckDBPyConnection) -> None:
    entry = _entry(con, COOP)
    assert [entry[f"address_line{i}"] for i in range(1, 5)] == [
        "12 rue Principale", "Shawinigan (Québec)", None, "G9N1A1",
    ]  # fmt: skip
    assert (entry["activity"], entry["cae_code"]) == ("ÉPICERIE", "6011")
    assert entry["main_establishment_name"] == "ÉPICERIE LA RUCHE"
    assert entry["main_establishment_address"] == "12 rue Principale, Shawinigan (Québec)"


def test_one_row_per_enterprise(con: duckdb.DuckDBPyConnection) -> None:
    assert sorted(r[0] for r in register_entries(con).select("neq").fetchall()) == [
        COOP,
        OBNL,
        FIRM,
    ]


def test_social_economy_register_keeps_social_economy_forms_only(
    con: duckdb.DuckDBPyConnection,
) -> None:
    got = social_economy_register(con).select("neq, legal_form").order("neq").fetchall()
    assert got == [(COOP, "COP"), (OBNL, "APE")]
