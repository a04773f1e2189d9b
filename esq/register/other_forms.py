"""Registrations of other legal forms (companies, partnerships…), kept aside for lookup.

A social enterprise is sometimes run through a numbered company (« 9345-1234 Québec inc. »
running a café whose trade name is among its other names). Its registration has a company's
legal form, so the social economy register (``req_entries.social_economy_register``) leaves it
out, the listing gets no NEQ and contracts naming the company link to nothing. Staging the
whole register through Python would cost minutes at 2.5 M entities; instead, REQ staging
writes the entries of every other legal form, as DuckDB reads them (no Python per row), to one
Parquet file, and ``esq.register.named`` later picks the few that a listing or a contract
names. Such a registration never makes anyone social economy by itself (DESIGN §3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from esq.register.req_entries import SOCIAL_ECONOMY_FORMS, register_entries_sql
from esq.register.req_zip import check_schema_name

#: The file REQ staging writes beside its listings.
OTHER_FORMS_FILE: Final = "other_forms.parquet"

_POSTAL = r"([A-Za-z]\d[A-Za-z])\s?(\d[A-Za-z]\d)"


def fold_sql(column: str) -> str:
    """SQL folding a text to lower-case ASCII words (« Saint-Jérôme » → « saint jerome »)."""
    return f"trim(regexp_replace(lower(strip_accents({column})), '[^a-z0-9]+', ' ', 'g'))"


def name_key_sql(column: str) -> str:
    """SQL folding a name to lower-case ASCII words, a trailing company suffix dropped: the
    same expression on both sides of a join (« 9419-8383 QUÉBEC INC. » → « 9419 8383 quebec »)."""
    suffix = "' (inc|ltee|limitee|enr|senc|incorporee)$'"
    return f"nullif(regexp_replace({fold_sql(column)}, {suffix}, ''), '')"


def town_sql(lines: str) -> str:
    """SQL: the folded town of an address given as a list of lines, from the line naming a
    province in brackets (« Lévis (Québec) G6V 1A1 » → « levis »), or NULL."""
    line = f"[x FOR x IN {lines} IF x LIKE '%(%)%'][1]"
    town = f"regexp_replace({line}, '\\s*\\(.*$', '')"
    return f"nullif({fold_sql(town)}, '')"


def postal_sql(column: str) -> str:
    """SQL: the first postal code in a text, upper-case without its space (or NULL)."""
    found = f"regexp_extract({column}, '{_POSTAL}')"
    return f"nullif(upper(regexp_replace({found}, '\\s', '', 'g')), '')"


def other_forms_sql(schema: str = "req") -> str:
    """SQL: register entries outside ``SOCIAL_ECONOMY_FORMS`` that carry a name of their own
    beside the legal one (another name in Nom.csv, or a named establishment) — the ones a
    hub can list under a trade name — with their name keys and the postal codes and towns of
    their head office and sites. Only the cheap filter runs over the whole register."""
    check_schema_name(schema)
    s = f'"{schema}"'
    forms = ", ".join(f"'{code}'" for code in SOCIAL_ECONOMY_FORMS)
    named = f"""
        SELECT NEQ FROM {s}.nom WHERE TYP_NOM_ASSUJ = 'A' AND STAT_NOM = 'V'
        UNION SELECT NEQ FROM {s}.etablissements WHERE nullif(trim(NOM_ETAB), '') IS NOT NULL"""
    only = f"""
        SELECT NEQ FROM {s}.entreprise
        WHERE (COD_FORME_JURI IS NULL OR COD_FORME_JURI NOT IN ({forms}))
          AND NEQ IN ({named})"""
    sites = f"(SELECT * FROM {s}.etablissements WHERE NEQ IN ({only}))"
    site_text = "concat_ws(' ', LIGN1_ADR, LIGN2_ADR, LIGN3_ADR, LIGN4_ADR)"
    site_lines = "[LIGN1_ADR, LIGN2_ADR, LIGN3_ADR, LIGN4_ADR]"
    head_lines = "[address_line1, address_line2, address_line3, address_line4]"
    head_text = "concat_ws(' ', address_line1, address_line2, address_line3, address_line4)"
    names = "list_concat(list_prepend(e.name, e.other_names), coalesce(p.site_names, []))"
    postals = f"list_prepend({postal_sql(head_text)}, coalesce(p.postals, []))"
    towns = f"list_prepend({town_sql(head_lines)}, coalesce(p.towns, []))"
    return f"""
WITH site_postal AS (
    SELECT NEQ, list(p) FILTER (WHERE p IS NOT NULL) AS postals,
           list(t) FILTER (WHERE t IS NOT NULL) AS towns,
           list(NOM_ETAB) FILTER (WHERE nullif(trim(NOM_ETAB), '') IS NOT NULL) AS site_names
    FROM (SELECT NEQ, NOM_ETAB, {postal_sql(site_text)} AS p, {town_sql(site_lines)} AS t
          FROM {sites})
    GROUP BY NEQ
)
SELECT e.*,
       list_sort(list_distinct([k FOR k IN list_transform({names}, lambda x: {name_key_sql("x")})
                                IF k IS NOT NULL])) AS name_keys,
       list_sort(list_distinct([x FOR x IN {postals} IF x IS NOT NULL])) AS postals,
       list_sort(list_distinct([x FOR x IN {towns} IF x IS NOT NULL])) AS towns
FROM ({register_entries_sql(schema, only)}) e LEFT JOIN site_postal p ON p.NEQ = e.neq
"""


def other_forms(con: duckdb.DuckDBPyConnection, schema: str = "req") -> pa.Table:
    """The other forms' entries (see ``other_forms_sql``) as an Arrow table."""
    return con.sql(other_forms_sql(schema)).fetch_arrow_table()


def write_other_forms(table: pa.Table | None, folder: Path) -> None:
    """Write ``OTHER_FORMS_FILE`` in a staging folder; remove a stale one when there is none
    (a staged folder describes one parse)."""
    target = folder / OTHER_FORMS_FILE
    if table is None:
        target.unlink(missing_ok=True)
        return
    partial = target.with_suffix(".partial")
    pq.write_table(table, partial, compression="zstd")
    partial.replace(target)
