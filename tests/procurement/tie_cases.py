"""One supplier linked against a frame of tied enterprises, and the outcome a tie case expects."""

from __future__ import annotations

import pandas as pd

from esq.contracts.supplier_link import link_suppliers


def reference_rows(*rows: tuple[str, str, str | None, str, str, str]) -> pd.DataFrame:
    """(id, name, other names, town, region, basis) per enterprise."""
    return pd.DataFrame(
        [
            {"enterprise_id": e, "name": n, "other_names": o, "neq": None, "municipality": t,
             "region_code": r, "social_economy_basis": b, "register_status": "IM"}
            for e, n, o, t, r, b in rows
        ]
    )  # fmt: skip


def link_one_supplier(
    name: str, locality: str | None, cities: str | None, frame: pd.DataFrame
) -> pd.Series:
    """The link row of one supplier (no NEQ) bought from by ``cities``."""
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None],
         "supplier_locality": [locality], "buyer_cities": [cities]}
    )  # fmt: skip
    return link_suppliers(suppliers, frame).links.iloc[0]


def assert_tie_outcome(row: pd.Series, enterprise: str | None, why: str | None) -> None:
    """``enterprise`` chosen on evidence ``why``, or (None) the supplier waits in review."""
    if enterprise is None:
        assert row.link_method == "review" and pd.isna(row.enterprise_id)
    else:
        assert (row.link_method, row.enterprise_id) == ("name_exact", enterprise)
        assert row.link_detail.endswith(f"(tie broken by {why})")
