"""The register's sites as address evidence for the deterministic rules.

A hub lists an organisation where it works; the register's head office is often elsewhere (a
federation's office, an accountant), and its secondary establishments (``Etablissements.csv``,
staged as ``establishments.parquet`` by ``esq.staging.establishments``) hold the site. Each
site of a register record becomes one more *rule row* of that record: the same member and
names, with the site's postal code, civic number and town. The name rules then match a listing
at the site by name and town, and the address rule by postal code + civic number with a
compatible name, exactly as they match the head office. All joins are vectorised: a register
has hundreds of thousands of sites.
"""

from __future__ import annotations

import pandas as pd

#: Address columns a site replaces on its register record's rows.
SITE_COLUMNS = (
    "civic_number",
    "municipality",
    "municipality_code",
    "mrc",
    "region_code",
    "postal_code",
    # the site's street: without it a site row read the head office's street at the site's
    # civic number and town (door_names' street door)
    "street_key",
)


def site_rows(
    rows: pd.DataFrame, establishments: pd.DataFrame | None, extra: tuple[str, ...] = ()
) -> pd.DataFrame:
    """``rows`` of register records repeated once per site, with the site's address.

    ``rows`` are rule rows (``member`` plus the rule columns); ``establishments`` the staged
    sites with their ``member``. Rows of other records, and sites of records not in ``rows``,
    give nothing. ``extra`` columns of ``establishments`` are kept as they are.
    """
    if establishments is None or establishments.empty or rows.empty:
        return rows.iloc[0:0]
    site_columns = [c for c in SITE_COLUMNS if c in establishments]
    # an extra column may be a site column too (« street_key »): taken once
    sites = establishments[["member", *dict.fromkeys([*site_columns, *extra])]]
    # Filter the big side by the small one (a register has far more records than sites).
    register = rows[(rows.source_role == "register") & rows.member.isin(sites.member.unique())]
    if register.empty:
        return rows.iloc[0:0]
    base = register.drop(columns=[c for c in SITE_COLUMNS if c in sites.columns and c in rows])
    out = base.merge(sites, on="member", how="inner")
    return out[list(dict.fromkeys([*(c for c in rows.columns if c in out.columns), *extra]))]


def site_name_rows(rows: pd.DataFrame, establishments: pd.DataFrame | None) -> pd.DataFrame:
    """One rule row per site that has a name of its own (``NOM_ETAB``): the record's fields,
    the site's name key and address. A site's name is the name the hub may list."""
    if establishments is None or establishments.empty or "name_key" not in establishments:
        return rows.iloc[0:0]
    named = establishments[establishments.name_key.notna()]
    main = rows[(rows.source_role == "register") & rows.member.isin(named.member.unique())]
    main = main.drop_duplicates("member")
    # Each site keeps its own name: joining names back on postal code would give a site every
    # name of its record that shares the code, and a missing code would match every other one.
    named = named.rename(columns={"name_key": "site_key"})
    sites = site_rows(main, named, extra=("site_key",))
    if sites.empty:
        return rows.iloc[0:0]
    out = sites[sites.site_key != sites.name_key].drop(columns="name_key")
    out = out.rename(columns={"site_key": "name_key"})
    return out[[c for c in rows.columns if c in out.columns]].drop_duplicates()
