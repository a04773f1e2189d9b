"""The mart's sums, shares and counts on a small contracts table."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.mart import procurement_by_city_year, top_social_economy_suppliers

CONTRACTS = pd.DataFrame(
    [  # city, year, key, supplier_ref, amount, enterprise, method
        ("Laval", 2024, "k1", "neq:1", 100.0, "E1", "neq"),
        ("Laval", 2024, "k2", "neq:1", 50.0, "E1", "neq"),
        ("Laval", 2024, "k3", "name:x", 850.0, None, "no_match"),
        ("Laval", 2025, "k4", "name:y", 200.0, "E2", "review"),  # review: not counted
        ("Laval", None, "k5", "name:p", 10.0, None, "person"),
        ("Québec", 2024, "k6", "name:z", 0.0, "E2", "name_exact"),
    ],
    columns=[
        "buyer_city",
        "year",
        "contract_key",
        "supplier_ref",
        "amount",
        "enterprise_id",
        "link_method",
    ],
)
ENTERPRISES = pd.DataFrame({"enterprise_id": ["E1", "E2"], "name": ["Coop Un", "OBNL Deux"]})


@pytest.mark.parametrize(
    ("city", "year", "expected"),
    [
        ("Laval", 2024, (3, 2, 1000.0, 2, 1, 150.0, 0.15)),
        ("Laval", 2025, (1, 1, 200.0, 0, 0, 0.0, 0.0)),
        ("Laval", None, (1, 1, 10.0, 0, 0, 0.0, 0.0)),
    ],
)
def test_city_year_rows(city: str, year: int | None, expected: tuple) -> None:
    mart = procurement_by_city_year(CONTRACTS)
    match = mart.city == city
    match &= mart.year.isna() if year is None else mart.year == year
    (row,) = mart[match].itertuples(index=False)
    assert (row.contracts, row.suppliers, row.total_spend, row.social_economy_contracts,
            row.social_economy_suppliers, row.social_economy_spend,
            row.social_economy_share) == expected  # fmt: skip


def test_money_waiting_in_review_is_shown_not_zero() -> None:
    mart = procurement_by_city_year(CONTRACTS)
    pending = {
        (r.city, None if pd.isna(r.year) else r.year): (
            r.pending_review_contracts,
            r.pending_review_spend,
        )
        for r in mart.itertuples(index=False)
    }
    assert pending[("Laval", 2025)] == (1, 200.0)
    assert pending[("Laval", 2024)] == (0, 0.0)


def test_zero_spend_has_no_share() -> None:
    mart = procurement_by_city_year(CONTRACTS)
    assert pd.isna(mart[mart.city == "Québec"].social_economy_share.iloc[0])


def test_top_suppliers_rank_linked_enterprises_only() -> None:
    top = top_social_economy_suppliers(CONTRACTS, ENTERPRISES)
    laval = top[top.city == "Laval"]
    assert list(laval.enterprise_id) == ["E1"]  # E2's Laval contract is only in review
    assert laval.iloc[0].spend == 150.0 and laval.iloc[0].enterprise_name == "Coop Un"
    assert round(laval.iloc[0].share_of_city_spend, 4) == round(150 / 1210, 4)


@pytest.mark.parametrize(
    ("tied_social_economy", "counted", "pending"), [(True, 200.0, 0.0), (False, 0.0, 200.0)]
)
def test_a_tie_between_social_economy_enterprises_counts(
    tied_social_economy: bool, counted: float, pending: float
) -> None:
    contracts = CONTRACTS.assign(tied_social_economy=CONTRACTS.contract_key.eq("k4")
                                 & tied_social_economy)  # fmt: skip
    mart = procurement_by_city_year(contracts)
    (row,) = mart[(mart.city == "Laval") & (mart.year == 2025)].itertuples(index=False)
    # social economy spend whichever enterprise it is (which one waits in supplier_review);
    # pending only when a decision may change the spend: the two columns never overlap
    assert (row.social_economy_spend, row.pending_review_spend) == (counted, pending)
    assert row.pending_review_contracts == int(pending > 0)
