"""The registrations of other legal forms that a listing names, staged as register records.

REQ staging keeps the entries of companies and other forms that carry a name of their own
(``esq.register.other_forms``). Here, set-based in DuckDB, the few a listing points to are
picked: the listing gives the registration's NEQ, or a name of the registration (legal or
other or a site's, folded by ``name_key_sql``, a leading article optional) equals the
listing's name, or a whole-word end or start of it (« La Boussole du Centre » in « Café La
Boussole du Centre »), at a postal code or in a town of the registration's head office or
sites. The picked entries go through the register's own record
and staging code, so entity resolution sees them as any register record. They are not social
economy by their form (``esq.entities.basis``): attached to a listing they are its
registration; alone they are no enterprise and no candidate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from esq.adapters.base import ParsedSource
from esq.adapters.req import RECORD_COLUMNS, entry_records
from esq.catalog import Source
from esq.normalise.municipality import MunicipalityIndex
from esq.register.other_forms import OTHER_FORMS_FILE, fold_sql, name_key_sql
from esq.staging.stage import stage_source

#: A part of a listing's name (its words' end or start) names a registration only when it
#: has two words and this many characters: « Le Nid » or « Ressourcerie » alone say little.
MIN_PART_CHARS = 8

_LISTING_COLUMNS = ["name", "postal_code", "municipality", "neq"]
#: A leading article, left out of a registration's name (« Les Quatre-Vents » is named in
#: « Café des Quatre-Vents »).
_ARTICLE = "^(l|le|la|les|d|de|des|du) "


def named_sql(path: Path) -> str:
    """SQL over the view ``listing`` (name, postal_code, municipality, neq) and the other
    forms' file: the NEQs that some listing names.

    Set-based: each listing name gives its whole-word ends and starts (« cafe la ruche » →
    « la ruche », « ruche », « cafe la »…), each registration name its key with and without a
    leading article; they are joined on equality, then on a shared postal code or town.
    """
    file = str(path).replace("'", "''")
    return f"""
WITH l AS (
    SELECT DISTINCT {name_key_sql("name")} AS key,
           nullif(upper(replace(postal_code, ' ', '')), '') AS postal,
           {fold_sql("municipality")} AS town
    FROM listing
),
parts AS (
    SELECT DISTINCT key, postal, town, part FROM (
        SELECT key, postal, town, unnest(list_distinct(
            [array_to_string(w[i:], ' ') FOR i IN range(1, len(w) + 1)]
            || [array_to_string(w[:i], ' ') FOR i IN range(1, len(w) + 1)])) AS part
        FROM (SELECT *, string_split(key, ' ') AS w FROM l WHERE key IS NOT NULL)
    )
    WHERE part = key OR (length(part) >= {MIN_PART_CHARS} AND part LIKE '% %')
),
r AS (SELECT neq, name_keys, postals, towns FROM read_parquet('{file}')),
keys AS (
    SELECT DISTINCT neq, k AS key FROM (
        SELECT neq, unnest(list_concat(name_keys,
            [regexp_replace(x, '{_ARTICLE}', '') FOR x IN name_keys])) AS k
        FROM r)
),
by_name AS (
    SELECT k.neq
    FROM keys k JOIN parts p ON p.part = k.key JOIN r ON r.neq = k.neq
    WHERE list_contains(r.postals, p.postal) OR list_contains(r.towns, p.town)
)
SELECT neq FROM by_name
UNION SELECT r.neq FROM r JOIN listing l ON l.neq = r.neq
"""


def named_entries(listings: pd.DataFrame, path: Path) -> tuple[duckdb.DuckDBPyConnection, str]:
    """(connection, SQL of the named entries) for ``listings`` (a frame with name,
    postal_code, municipality and neq); the connection holds them as the view ``listing``."""
    con = duckdb.connect()
    frame = listings.reindex(columns=_LISTING_COLUMNS).astype(object)
    con.register("listing", frame.where(frame.notna(), None))
    file = str(path).replace("'", "''")
    sql = (
        f"SELECT * EXCLUDE (name_keys, postals) FROM read_parquet('{file}') "
        f"WHERE neq IN ({named_sql(path)})"
    )
    return con, sql


def stage_named(
    source: Source,
    fetch_ref: str,
    listings: pd.DataFrame,
    path: Path,
    municipalities: Callable[[], MunicipalityIndex],
) -> pd.DataFrame:
    """The registrations the listings name, as staged listing rows of the register ``source``
    (basis ``register``: a registration, never social economy by itself)."""
    con, sql = named_entries(listings, path)
    with con:
        records = entry_records(con.sql(sql), OTHER_FORMS_FILE)
    if not len(records):
        return pd.DataFrame()
    parsed = ParsedSource(records=records, columns=list(RECORD_COLUMNS))
    # The reference table is loaded only when some registration is named.
    staged = stage_source(source, fetch_ref, parsed, municipalities())
    return staged.listings.assign(social_economy_basis="register")


def named_registrations(
    register: Source, listings: pd.DataFrame, folder: Path, load: Callable[[], MunicipalityIndex]
) -> pd.DataFrame:
    """The registrations of ``register`` (staged in ``folder``) that the non-register rows of
    ``listings`` name; empty when the source staged no other forms."""
    path = folder / OTHER_FORMS_FILE
    mine = listings[listings.source_id == register.id]
    if not path.exists() or mine.empty:
        return pd.DataFrame()
    others = listings[listings.source_role != "register"]
    return stage_named(register, str(mine.fetch_ref.iloc[0]), others, path, load)
