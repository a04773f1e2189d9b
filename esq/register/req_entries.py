"""The REQ register as rows in the listing vocabulary, built in SQL over the loaded tables.

Name semantics (Nom.csv), as read from the open-data layout and from how the published
social-economy extract (esMauricie) selects the legal name:

- ``STAT_NOM``: ``V`` = en vigueur (current), ``A`` = antérieur (former; it then usually
  carries ``DAT_FIN_NOM_ASSUJ``).
- ``TYP_NOM_ASSUJ``: ``N`` = the enterprise's name (legal name), ``A`` = autre nom (another
  name it uses in Québec).

So the current legal name is ``STAT_NOM = 'V' AND TYP_NOM_ASSUJ = 'N'``; every other distinct
name (other names in force, former names, and every ``NOM_ASSUJ_LANG_ETRNG`` version in
another language) goes to ``other_names``, which is what name matching needs. The main
establishment is the one with ``IND_ETAB_PRINC = 'O'`` (O/N indicators, unverified).

Only the V/N pair is confirmed by real use (esMauricie selects the legal name with it); the
other letters are read the same way but not checked against a real Nom.csv. Code labels come
from DomaineValeur.csv; its domain type names (``FORME_JURI`` / ``STAT_IMMAT`` or spelling
variants) are not verified against a real file either, hence the LIKE patterns below.
"""

from __future__ import annotations

import duckdb

from esq.register.req_zip import check_schema_name

# Legal forms that make an enterprise social economy by the register alone. The real
# Mauricie extract shows APE (personne morale sans but lucratif), ASS (association) and COP
# (coopérative); PMSBL and SMU (mutuelle) are named by the same derivation but absent there —
# kept so a future edition using them is not silently dropped.
SOCIAL_ECONOMY_FORMS: tuple[str, ...] = ("APE", "ASS", "COP", "PMSBL", "SMU")

_LEGAL_FORM_DOMAIN = "%FORM%JURI%"
_STATUS_DOMAIN = "%STAT%IMMAT%"


def register_entries_sql(schema: str = "req", only: str | None = None) -> str:
    """SQL selecting one row per NEQ of ``<schema>.entreprise`` in the listing vocabulary.

    ``only``, a query giving a ``NEQ`` column, limits every table read to those NEQs before
    any per-row work (a few thousand of the register's millions)."""
    check_schema_name(schema)
    s = f'"{schema}"'
    keep = f" WHERE NEQ IN (SELECT NEQ FROM ({only}))" if only else ""
    # Subqueries, not CTEs: a CTE read twice may be materialised, a cost the whole register
    # would pay.
    entreprise, nom, etablissements = (
        f"(SELECT * FROM {s}.{t}{keep})" if only else f"{s}.{t}"
        for t in ("entreprise", "nom", "etablissements")
    )
    return f"""
WITH current_name AS (
    SELECT NEQ, min(NOM_ASSUJ) AS name, min(NOM_ASSUJ_LANG_ETRNG) AS name_other_language
    FROM {nom} WHERE STAT_NOM = 'V' AND TYP_NOM_ASSUJ = 'N' GROUP BY NEQ
),
all_names AS (
    SELECT NEQ, NOM_ASSUJ AS other FROM {nom}
    UNION ALL SELECT NEQ, NOM_ASSUJ_LANG_ETRNG FROM {nom}
),
other_names AS (
    SELECT a.NEQ, list(DISTINCT a.other ORDER BY a.other) AS other_names
    FROM all_names a LEFT JOIN current_name c ON c.NEQ = a.NEQ
    WHERE a.other IS NOT NULL AND a.other IS DISTINCT FROM c.name
    GROUP BY a.NEQ
),
main_etab AS (
    SELECT NEQ, min_by(NOM_ETAB, NO_SUF_ETAB) AS main_establishment_name,
           min_by(concat_ws(', ', LIGN1_ADR, LIGN2_ADR, LIGN3_ADR, LIGN4_ADR), NO_SUF_ETAB)
               AS main_establishment_address
    FROM {etablissements} WHERE IND_ETAB_PRINC = 'O' GROUP BY NEQ
),
labels AS (
    SELECT TYP_DOM_VAL LIKE '{_LEGAL_FORM_DOMAIN}' AS is_form, COD_DOM_VAL AS code,
           any_value(VAL_DOM_FRAN) AS label
    FROM {s}.domainevaleur
    WHERE TYP_DOM_VAL LIKE '{_LEGAL_FORM_DOMAIN}' OR TYP_DOM_VAL LIKE '{_STATUS_DOMAIN}'
    GROUP BY ALL
)
SELECT e.NEQ AS neq,
       c.name,
       c.name_other_language,
       coalesce(o.other_names, []::VARCHAR[]) AS other_names,
       e.COD_FORME_JURI AS legal_form,
       f.label AS legal_form_label,
       e.COD_STAT_IMMAT AS register_status,
       st.label AS register_status_label,
       e.DAT_STAT_IMMAT AS register_status_date,
       e.ADR_DOMCL_LIGN1_ADR AS address_line1,
       e.ADR_DOMCL_LIGN2_ADR AS address_line2,
       e.ADR_DOMCL_LIGN3_ADR AS address_line3,
       e.ADR_DOMCL_LIGN4_ADR AS address_line4,
       m.main_establishment_name,
       m.main_establishment_address,
       e.DESC_ACT_ECON_ASSUJ AS activity,
       e.COD_ACT_ECON_CAE AS cae_code
FROM {entreprise} e
LEFT JOIN current_name c ON c.NEQ = e.NEQ
LEFT JOIN other_names o ON o.NEQ = e.NEQ
LEFT JOIN main_etab m ON m.NEQ = e.NEQ
LEFT JOIN labels f ON f.is_form AND f.code = e.COD_FORME_JURI
LEFT JOIN labels st ON NOT st.is_form AND st.code = e.COD_STAT_IMMAT
"""


def register_entries(
    con: duckdb.DuckDBPyConnection, schema: str = "req"
) -> duckdb.DuckDBPyRelation:
    """The register entries as a lazy DuckDB relation (see ``register_entries_sql``)."""
    return con.sql(register_entries_sql(schema))


def social_economy_register(
    con: duckdb.DuckDBPyConnection, schema: str = "req"
) -> duckdb.DuckDBPyRelation:
    """Register entries whose legal form is one of ``SOCIAL_ECONOMY_FORMS`` (any status)."""
    forms = ", ".join(f"'{code}'" for code in SOCIAL_ECONOMY_FORMS)
    return con.sql(f"SELECT * FROM ({register_entries_sql(schema)}) WHERE legal_form IN ({forms})")
