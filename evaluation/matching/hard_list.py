"""`esq match` scored on a hard benchmark world's supplier list (issue 12's generator).

Inputs are files only: ``WORLD/truth/suppliers.csv`` (the list as published, with the truth),
``WORLD/truth/listings.parquet`` (which true entity each staged record is) and the warehouse the
pipeline built on that world. As in the hard benchmark's own metrics, an enterprise of the
warehouse stands for the true entity most of its listings belong to; a row is linked right when
its enterprise stands for the row's true supplier. Recall counts the rows whose supplier is a
social economy enterprise (true basis ``listed`` or ``legal_form``); spend share = amount of
the linked rows / amount, against the amount of those rows / amount.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

SOCIAL_ECONOMY = ("listed", "legal_form")
VISIBLE = ("supplier_name", "supplier_neq", "supplier_city", "supplier_postal_code",
           "buyer_city", "amount", "date")  # fmt: skip
#: The list's columns by `esq match` role (a version 2 world's list has no place columns).
ROLES = {"name": "supplier_name", "neq": "supplier_neq", "municipality": "supplier_city",
         "postal_code": "supplier_postal_code", "buyer_city": "buyer_city"}  # fmt: skip


def write_list(
    world: Path, folder: Path, places: bool = True
) -> tuple[Path, pd.DataFrame, dict[str, str]]:
    """The list without its truth columns (``folder/suppliers.csv``), the truth frame and the
    columns of each role. ``places=False`` leaves the supplier's town and postal code out (the
    list as version 2 of the generator wrote it)."""
    truth = pd.read_csv(world / "truth" / "suppliers.csv", dtype=str, keep_default_na=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "suppliers.csv"
    place_columns = ("supplier_city", "supplier_postal_code")
    visible = [c for c in VISIBLE if c in truth and (places or c not in place_columns)]
    truth[visible].to_csv(path, index=False)
    return path, truth, {role: c for role, c in ROLES.items() if c in visible}


def owners(warehouse: Path, world: Path) -> dict[str, str]:
    """Warehouse enterprise id → the true entity most of its listings belong to."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
        rows = con.execute(f"""
            WITH rec AS (
                SELECT l.enterprise_id AS pred, t.eid AS true_eid
                FROM wh.listings l
                JOIN read_parquet('{world / "truth" / "listings.parquet"}') t
                USING (source_id, record_key)
                WHERE l.enterprise_id IS NOT NULL)
            SELECT pred, first(true_eid ORDER BY n DESC, true_eid) FROM
                (SELECT pred, true_eid, count(*) AS n FROM rec GROUP BY ALL) GROUP BY pred
        """).fetchall()
    finally:
        con.close()
    return dict(rows)


def score_hard(matched: Path, truth: pd.DataFrame, owner: dict[str, str]) -> dict[str, float]:
    """Precision, recall and spend shares of a matched list against the world's truth."""
    out = pd.read_csv(matched, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    amounts = pd.to_numeric(truth.amount, errors="coerce").fillna(0).tolist()
    se = truth.true_basis.isin(SOCIAL_ECONOMY).tolist()
    rows = list(zip(out.enterprise_id, truth.true_eid, se, amounts, strict=True))
    linked = sum(bool(e) for e, _, _, _ in rows)
    right = sum(bool(e) and owner.get(e) == t for e, t, _, _ in rows)
    right_se = sum(bool(e) and owner.get(e) == t and s for e, t, s, _ in rows)
    total = sum(amounts) or 1.0
    true_share = sum(a for _, _, s, a in rows if s) / total
    # the share esq match reports: linked rows, and ties between social economy enterprises only
    counted = [bool(e) or t == "True" for e, t in zip(out.enterprise_id, _tied(out), strict=True)]
    share = sum(a for c, (_, _, _, a) in zip(counted, rows, strict=True) if c) / total
    return {
        "rows": len(rows), "se_rows": sum(se), "linked": linked, "right": right,
        "review": sum(v == "True" for v in out.needs_review),
        "precision": right / linked if linked else 1.0,
        "recall": right_se / sum(se) if sum(se) else 1.0,
        "true_share": true_share, "share": share, "share_error": share - true_share,
        "share_error_relative": (share - true_share) / true_share if true_share else 0.0,
    }  # fmt: skip


def _tied(out: pd.DataFrame) -> pd.Series:
    """The matched list's ``tied_social_economy`` column (False where an older output lacks it)."""
    return out.get("tied_social_economy", pd.Series("False", index=out.index))
