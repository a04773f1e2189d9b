"""Secondary establishments of the social economy register: the addresses of its sites.

A hub lists the place where an organisation works; the register's head office (the domicile,
``Entreprise.csv``) is often elsewhere — a federation's office, an accountant, a founder's
home. ``Etablissements.csv`` holds the sites, so its addresses are evidence that a listing at a
site is that registration (issue 12, « head office ≠ listed site »). This module selects them in
SQL (a register has millions of rows; nothing is looped over in Python): one row per
establishment of an entity of ``SOCIAL_ECONOMY_FORMS`` whose postal code or first address line
differs from the head office's, with its lines split as the adapter splits the head office's.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from esq.register.req_entries import SOCIAL_ECONOMY_FORMS
from esq.register.req_zip import check_schema_name

#: Columns of the frame ``register_establishments`` returns (``record_key`` is the NEQ).
ESTABLISHMENT_COLUMNS = ("record_key", "establishment_name", "address", "municipality", "postal")

_POSTAL = r"([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)"
# The municipality line ends with a province in brackets (« Trois-Rivières (Québec) »), a
# postal code sometimes after it.
_PROVINCE = r"\([^()]+\)\s*([A-Za-z]\d[A-Za-z]\s?\d[A-Za-z]\d)?\s*$"


def register_establishments_sql(schema: str = "req") -> str:
    """SQL: the establishments whose address differs from the head office's."""
    check_schema_name(schema)
    s = f'"{schema}"'
    forms = ", ".join(f"'{code}'" for code in SOCIAL_ECONOMY_FORMS)
    return f"""
WITH etab AS (
    SELECT t.NEQ, t.NOM_ETAB,
           [l FOR l IN [t.LIGN1_ADR, t.LIGN2_ADR, t.LIGN3_ADR, t.LIGN4_ADR]
              IF l IS NOT NULL AND trim(l) <> ''] AS lines,
           e.ADR_DOMCL_LIGN1_ADR AS head_line1,
           concat_ws(' ', e.ADR_DOMCL_LIGN1_ADR, e.ADR_DOMCL_LIGN2_ADR, e.ADR_DOMCL_LIGN3_ADR,
                     e.ADR_DOMCL_LIGN4_ADR) AS head_text
    FROM {s}.etablissements t JOIN {s}.entreprise e ON e.NEQ = t.NEQ
    WHERE e.COD_FORME_JURI IN ({forms})
),
split AS (
    SELECT NEQ, NOM_ETAB, head_line1,
           upper(regexp_replace(regexp_extract(array_to_string(lines, ' '), '{_POSTAL}'),
                                '\\s', '', 'g')) AS postal,
           upper(regexp_replace(regexp_extract(head_text, '{_POSTAL}'), '\\s', '', 'g'))
               AS head_postal,
           coalesce([l FOR l IN lines IF regexp_matches(l, '{_PROVINCE}')][1], lines[2])
               AS town_line,
           lines
    FROM etab
)
SELECT DISTINCT NEQ AS record_key, nullif(trim(NOM_ETAB), '') AS establishment_name,
       -- the street line: the first with a civic number, else the first other line (a PO box)
       coalesce([l FOR l IN streets IF regexp_matches(l, '^\\s*\\d')][1], streets[1]) AS address,
       nullif(trim(regexp_replace(town_line, '{_POSTAL}', '')), '') AS municipality,
       nullif(postal, '') AS postal
FROM (
    SELECT *, [l FOR l IN lines IF l IS DISTINCT FROM town_line
                              AND NOT regexp_matches(l, '^\\s*{_POSTAL}\\s*$')] AS streets
    FROM split
)
WHERE (postal IS DISTINCT FROM head_postal OR lines[1] IS DISTINCT FROM head_line1)
  AND (nullif(postal, '') IS NOT NULL OR town_line IS NOT NULL)
ORDER BY ALL
"""


def register_establishments(con: duckdb.DuckDBPyConnection, schema: str = "req") -> pd.DataFrame:
    """The establishments away from the head office (see ``register_establishments_sql``)."""
    frame = con.sql(register_establishments_sql(schema)).df()
    return frame[list(ESTABLISHMENT_COLUMNS)].astype(object)
