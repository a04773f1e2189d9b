"""The procurement mart: each city's spend with social economy enterprises, per year.

Definitions (pure functions of the ``contracts`` table):

- spend = sum of ``amount`` (final amount when known, else awarded) over the city's contracts
  dated in the year; contracts without a date form a row with an empty year, so no money is
  silently left out;
- social economy spend = the same over contracts whose supplier is linked to an enterprise by
  NEQ or name (``link_method`` neq, name_exact, name_fuzzy), or waits on a name tie between
  social economy enterprises only (``tied_social_economy``: the money is social economy spend
  whichever of them it is, though which one waits for a person); review-band and person
  suppliers do not count;
- suppliers = distinct ``supplier_ref`` (NEQ, else name key); share = social economy spend /
  spend (empty when spend is 0);
- pending review spend = the same over contracts whose supplier waits in ``supplier_review``
  (``link_method`` review: a name in the review band, or enterprises no evidence told apart)
  and that are not counted above: money that may be social economy spend once a person
  decides, shown rather than counted as 0. A tie between social economy enterprises only is
  social economy spend, not pending (the decision changes which enterprise, not the spend), so
  the two columns add up without counting a dollar twice.

``top_social_economy_suppliers`` ranks, per city over all years, the linked enterprises by
spend (ties by contracts, then enterprise id), keeping the first ``TOP_N``.
"""

from __future__ import annotations

import pandas as pd

from esq.contracts.supplier_link import LINKED_METHODS
from schemas.contract_tables import PROCUREMENT_BY_CITY_YEAR, TOP_SOCIAL_ECONOMY_SUPPLIERS

TOP_N = 10
MART_COLUMNS = tuple(PROCUREMENT_BY_CITY_YEAR.column_names)
TOP_COLUMNS = tuple(TOP_SOCIAL_ECONOMY_SUPPLIERS.column_names)


def _cents(amount: pd.Series) -> pd.Series:
    """Amounts as whole cents (missing: 0), so sums of money are exact whatever the count;
    the warehouse stores them as DECIMAL(18,2)."""
    return (amount.astype("Float64") * 100).round().astype("Int64").fillna(0)


def _linked(contracts: pd.DataFrame) -> pd.Series:
    return contracts.enterprise_id.notna() & contracts.link_method.isin(LINKED_METHODS)


def _social_economy(contracts: pd.DataFrame) -> pd.Series:
    """Linked, or tied between social economy enterprises only (module docstring)."""
    tied = contracts.get("tied_social_economy")
    tied = tied.fillna(False).astype(bool) if tied is not None else False
    return _linked(contracts) | tied


def procurement_by_city_year(contracts: pd.DataFrame) -> pd.DataFrame:
    """One row per (city, year); see the module docstring."""
    if contracts.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in MART_COLUMNS})
    frame = contracts.assign(
        amount=_cents(contracts.amount),
        se=_social_economy(contracts),
        year=contracts.year.astype("Int64"),
    )
    frame["se_amount"] = frame.amount.where(frame.se, 0)
    frame["pending"] = contracts.link_method.eq("review").fillna(False).astype(bool) & ~frame.se
    frame["pending_amount"] = frame.amount.where(frame.pending, 0)
    frame["se_ref"] = frame.supplier_ref.where(frame.se)
    grouped = frame.groupby(["buyer_city", "year"], dropna=False, sort=True)
    mart = grouped.agg(
        contracts=("contract_key", "size"),
        suppliers=("supplier_ref", "nunique"),
        total_spend=("amount", "sum"),
        social_economy_contracts=("se", "sum"),
        social_economy_suppliers=("se_ref", "nunique"),
        social_economy_spend=("se_amount", "sum"),
        pending_review_contracts=("pending", "sum"),
        pending_review_spend=("pending_amount", "sum"),
    ).reset_index()
    mart = mart.rename(columns={"buyer_city": "city"})
    spend = mart.total_spend.astype("Float64")
    mart["social_economy_share"] = (mart.social_economy_spend / spend.where(spend != 0)).round(6)
    for col in ("total_spend", "social_economy_spend", "pending_review_spend"):
        mart[col] = mart[col].astype("Float64") / 100
    return mart[list(MART_COLUMNS)].sort_values(["city", "year"], na_position="last")


def top_social_economy_suppliers(
    contracts: pd.DataFrame, enterprises: pd.DataFrame, top_n: int = TOP_N
) -> pd.DataFrame:
    """The linked enterprises each city spent most with (module docstring)."""
    linked = contracts[_linked(contracts)] if not contracts.empty else contracts
    if linked.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in TOP_COLUMNS})
    city_spend = _cents(contracts.amount).groupby(contracts.buyer_city).sum()
    frame = linked.assign(amount=_cents(linked.amount))
    top = (
        frame.groupby(["buyer_city", "enterprise_id"])
        .agg(
            contracts=("contract_key", "size"),
            spend=("amount", "sum"),
            first_year=("year", "min"),
            last_year=("year", "max"),
        )
        .reset_index()
        .rename(columns={"buyer_city": "city"})
    )
    top = top.sort_values(["city", "spend", "contracts", "enterprise_id"],
                          ascending=[True, False, False, True])  # fmt: skip
    top["rank"] = top.groupby("city").cumcount() + 1
    top = top[top["rank"] <= top_n]
    names = dict(zip(enterprises.enterprise_id, enterprises.name, strict=True))
    top["enterprise_name"] = top.enterprise_id.map(names)
    share = top.spend / top.city.map(city_spend).astype("Float64")
    top["share_of_city_spend"] = share.where(top.city.map(city_spend) != 0).round(6)
    top["spend"] = top.spend.astype("Float64") / 100
    return top[list(TOP_COLUMNS)].reset_index(drop=True)
