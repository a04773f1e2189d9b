"""The six CSV files of the REQ open-data ZIP: their names, expected columns and column types.

Column lists come from issue 3 (Entreprise, Nom, Etablissements, DomaineValeur) and, for
FusionScissions and ContinuationsTransformations, from the published open-data layout as
used by several independent public loaders (they agree on the same columns).
"""

from __future__ import annotations

REQ_FILES: dict[str, str] = {
    "entreprise": "Entreprise.csv",
    "nom": "Nom.csv",
    "etablissements": "Etablissements.csv",
    "domainevaleur": "DomaineValeur.csv",
    "fusionscissions": "FusionScissions.csv",
    "continuationstransformations": "ContinuationsTransformations.csv",
}

_ENTREPRISE = [
    "NEQ", "IND_FAIL", "DAT_IMMAT", "COD_REGIM_JURI", "COD_INTVAL_EMPLO_QUE", "DAT_CESS_PREVU",
    "COD_STAT_IMMAT", "COD_FORME_JURI", "DAT_STAT_IMMAT", "COD_REGIM_JURI_CONSTI",
    "DAT_DEPO_DECLR", "AN_DECL", "AN_PROD", "DAT_LIMIT_PROD", "AN_PROD_PRE",
    "DAT_LIMIT_PROD_PRE", "DAT_MAJ_INDEX_NOM", "COD_ACT_ECON_CAE", "NO_ACT_ECON_ASSUJ",
    "DESC_ACT_ECON_ASSUJ", "COD_ACT_ECON_CAE2", "NO_ACT_ECON_ASSUJ2", "DESC_ACT_ECON_ASSUJ2",
    "NOM_LOCLT_CONSTI", "DAT_CONSTI", "IND_CONVEN_UNMN_ACTNR", "IND_RET_TOUT_POUVR",
    "IND_LIMIT_RESP", "DAT_DEB_RESP", "DAT_FIN_RESP", "OBJET_SOC", "NO_MTR_VOLONT",
    "ADR_DOMCL_ADR_DISP", "ADR_DOMCL_LIGN1_ADR", "ADR_DOMCL_LIGN2_ADR", "ADR_DOMCL_LIGN3_ADR",
    "ADR_DOMCL_LIGN4_ADR",
]  # fmt: skip

_ADDRESS_LINES = ["LIGN1_ADR", "LIGN2_ADR", "LIGN3_ADR", "LIGN4_ADR"]

REQ_COLUMNS: dict[str, list[str]] = {
    "entreprise": _ENTREPRISE,
    "nom": [
        "NEQ", "NOM_ASSUJ", "NOM_ASSUJ_LANG_ETRNG", "STAT_NOM", "TYP_NOM_ASSUJ",
        "DAT_INIT_NOM_ASSUJ", "DAT_FIN_NOM_ASSUJ",
    ],
    "etablissements": [
        "NEQ", "NO_SUF_ETAB", "IND_ETAB_PRINC", "IND_SALON_BRONZ", "IND_VENTE_TABAC_DETL",
        "IND_DISP", *_ADDRESS_LINES, "COD_ACT_ECON", "DESC_ACT_ECON_ETAB", "NO_ACT_ECON_ETAB",
        "COD_ACT_ECON2", "DESC_ACT_ECON_ETAB2", "NO_ACT_ECON_ETAB2", "NOM_ETAB",
    ],
    "domainevaleur": ["TYP_DOM_VAL", "COD_DOM_VAL", "VAL_DOM_FRAN"],
    "fusionscissions": [
        "NEQ", "NEQ_ASSUJ_REL", "DENOMN_SOC", "COD_RELA_ASSUJ", "DAT_EFCTVT", "IND_DISP",
        *_ADDRESS_LINES,
    ],
    "continuationstransformations": [
        "NEQ", "COD_TYP_CHANG", "COD_REGIM_JURI", "AUTR_REGIM_JURI", "NOM_LOCLT", "DAT_EFCTVT",
    ],
}  # fmt: skip


def column_type(name: str) -> str:
    """DuckDB type of a REQ column: ``DAT_*`` columns are dates, everything else is text.

    NEQs, codes, years (``AN_*``) and indicators stay text so that leading digits and codes
    are never reinterpreted as numbers.
    """
    return "DATE" if name.upper().startswith("DAT_") else "VARCHAR"
