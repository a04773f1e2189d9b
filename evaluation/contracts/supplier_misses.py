"""Why supplier links are missed or wrong on a hard world, and how much money each cause moves.

Inputs: a kept ESQ_HOME of a pipeline run on a hard world (``scripts/evaluate_hard.py --keep``)
and the world. The contracts are relinked with the current code (:func:`build_contracts` on the
run's staged contracts and its enterprises + candidates), so a change to the linker is measured
in seconds, without rerunning entity resolution. As in the hard benchmark's metrics, an
enterprise stands for the true entity most of its listings belong to; rows are the contract rows
of the eight cities.

Each row that is not a right link of a social economy supplier, nor rightly unlinked, gets one
cause: for a missed link, what the linker did (person, tie, review band, no match, a candidate)
crossed with why (the true entity has no enterprise or several — entity resolution's part — or
the supplier name's phenomena: typo, truncated, trade name…); for a wrong link, what was linked
instead (a namesake, a candidate, an enterprise ER merged with another entity).
"""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

import duckdb
import pandas as pd

from esq.contracts.mart import procurement_by_city_year
from esq.contracts.reference import with_listing_names
from esq.contracts.store import PRIMARY_KINDS
from esq.contracts.supplier_link import LINKED_METHODS
from esq.contracts.table import CONTRACT_COLUMNS, build_contracts
from evaluation.hardworld.places import CITY_CODES

SE = ("listed", "legal_form")
#: A numbered company (« 9211-8295 Québec inc. ») runs the enterprise: ER must attach it.
_NUMBERED = re.compile(r"^\s*\d{4}-\d{4}\s+qu", re.IGNORECASE)
#: Name phenomena that explain a missed name, most telling first.
NAME_PHENOMENA = (
    "typo", "truncated", "trade_name", "saint_abbrev", "inc_added", "capitals_no_accents",
    "capitals", "neq_bad_check_digit",
)  # fmt: skip


def owners(home: Path, world: Path) -> dict[str, str]:
    """Enterprise id → the true entity most of its listings (register rows included) are."""
    with duckdb.connect() as con:
        rows = con.execute(f"""
            WITH rec AS (
              SELECT l.enterprise_id AS pred, t.eid FROM
              read_parquet('{home / "staging/core/listings.parquet"}') l
              JOIN read_parquet('{world / "truth/listings.parquet"}') t
              USING (source_id, record_key)
              WHERE l.enterprise_id IS NOT NULL)
            SELECT pred, first(eid ORDER BY n DESC, eid) FROM
              (SELECT pred, eid, count(*) n FROM rec GROUP BY ALL) GROUP BY pred
        """).fetchall()
    return dict(rows)


def relink(home: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The contracts table rebuilt with the current linker, and the reference it linked to."""
    staging = home / "staging"
    frames = [pd.read_parquet(p) for p in sorted(staging.glob("*/contracts.parquet"))
              if p.parent.name != "core"]  # fmt: skip
    staged = pd.concat([f for f in frames if len(f)], ignore_index=True)
    reference = pd.concat(
        [pd.read_parquet(staging / "core" / f"{n}.parquet") for n in ("enterprises", "candidates")],
        ignore_index=True,
    )
    listings = pd.read_parquet(
        staging / "core" / "listings.parquet", columns=["enterprise_id", "other_names"]
    )
    reference = with_listing_names(reference, listings)
    primary = {s for s in staged.source_id.unique() if s.startswith("seao")}
    assert PRIMARY_KINDS == ("ocds",)  # SEAO sources are the primary ones
    # Links are made per link unit (a supplier seen from one town, under one name…), and so are
    # their tied candidates: the table keeps them, per row, when asked for the column.
    with patch("esq.contracts.table.CONTRACT_COLUMNS", (*CONTRACT_COLUMNS, "candidates")):
        contracts = build_contracts(staged, reference, primary).contracts
    return contracts, reference


def _phenomenon(phenomena: str) -> str:
    found = [p for p in NAME_PHENOMENA if p in (phenomena or "").split(";")]
    return found[0] if found else "plain name"


def classify(contracts: pd.DataFrame, world: Path, owner: dict[str, str]) -> pd.DataFrame:
    """One row per contract row of the eight cities with its truth, outcome and cause."""
    truth = pd.read_parquet(world / "truth/contracts.parquet")
    frame = contracts.merge(truth, on=["source_id", "contract_key"], suffixes=("", "_t"))
    frame = frame[frame.buyer_city.isin(list(CITY_CODES.values()))].copy()
    golden: dict[str, list[str]] = {}
    for enterprise, eid in owner.items():
        golden.setdefault(eid, []).append(enterprise)
    linked = frame.enterprise_id.notna() & frame.link_method.isin(LINKED_METHODS)
    frame["linked_eid"] = frame.enterprise_id.map(owner).where(linked)
    frame["golden_count"] = frame.supplier_eid.map(lambda e: len(golden.get(e, [])))
    frame["cause"] = [_cause(r, owner) for r in frame.itertuples()]
    frame["counted"] = linked
    return frame


def _cause(r, owner: dict[str, str]) -> str:
    se = r.supplier_basis in SE
    if isinstance(r.linked_eid, str):
        if r.linked_eid == r.supplier_eid:
            return "right" if se else "right (not social economy)"
        if r.link_method == "neq":
            return "wrong: NEQ of another entity's enterprise (ER merge)"
        return f"wrong: {r.link_method} to another entity ({r.supplier_role}/{r.supplier_basis})"
    if not se:
        return "rightly not counted"
    if _NUMBERED.match(str(r.supplier_name)):
        return "missed: numbered company's registration not on the golden record (ER)"
    if r.golden_count == 0:
        return f"missed: entity not in the golden table (ER) [{r.link_method}]"
    method = r.link_method
    if method == "review" and str(r.link_detail).startswith("tie"):
        tied = [owner.get(c) for c in str(r.candidates).split(" | ")]
        if tied.count(r.supplier_eid) > 1:
            return "missed: tie between two enterprises of the entity (ER split)"
        if r.supplier_eid in tied:
            return f"missed: tie with another entity [{_phenomenon(r.phenomena)}]"
        return f"missed: tie not including the entity [{_phenomenon(r.phenomena)}]"
    if method == "candidate":
        candidate = str(r.link_detail).split(":")[0].removeprefix("candidate ")
        if owner.get(candidate) == r.supplier_eid:
            return "missed: the entity's registration is a candidate apart from it (ER)"
        return f"missed: linked to another entity's candidate [{_phenomenon(r.phenomena)}]"
    if r.golden_count > 1:
        return (
            f"missed: {method}, entity split in the golden table (ER) [{_phenomenon(r.phenomena)}]"
        )
    return f"missed: {method} [{_phenomenon(r.phenomena)}]"


def by_cause(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows and money per cause, and the money per city (truth amounts)."""
    bad = frame[~frame.cause.str.startswith(("right", "rightly"))]
    table = bad.pivot_table(index="cause", columns="buyer_city", values="amount_t",
                            aggfunc="sum", fill_value=0.0)  # fmt: skip
    table.insert(0, "rows", bad.groupby("cause").size())
    table.insert(1, "money", bad.groupby("cause").amount_t.sum())
    return table.sort_values("money", ascending=False)


def tie_breakers(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows linked per way of linking (the evidence that broke a tie, « - » for none), right
    and wrong: which evidence to trust (esq/contracts/supplier_evidence.py)."""
    linked = frame[frame.counted]
    why = linked.link_detail.str.extract(r"\((tie broken by [^)]*|leading word[^)]*)\)\s*$")[0]
    right = (linked.linked_eid == linked.supplier_eid).map({True: "right", False: "wrong"})
    table = pd.crosstab([linked.link_method, why.fillna("-")], right)
    return table.reindex(columns=["right", "wrong"], fill_value=0)


def summary(frame: pd.DataFrame, contracts: pd.DataFrame, world: Path) -> dict[str, float]:
    """Link precision / recall over the eight cities and spend WAPE against the truth."""
    linked = frame.linked_eid.notna()
    se = frame.supplier_basis.isin(SE)
    right = frame.linked_eid == frame.supplier_eid
    truth = pd.read_parquet(world / "truth/spend.parquet").set_index("city").social_economy
    mart = procurement_by_city_year(contracts).groupby("city").social_economy_spend.sum()
    measured = mart.reindex(truth.index).fillna(0).astype(float)
    errors = ((measured - truth) / truth).round(3)
    return {
        "rows": len(frame), "linked": int(linked.sum()),
        "precision": round(float((linked & right).sum() / max(linked.sum(), 1)), 4),
        "recall": round(float((se & right).sum() / max(se.sum(), 1)), 4),
        "wape": round(float((measured - truth).abs().sum() / truth.sum()), 4),
        **{f"err {c}": float(e) for c, e in errors.items()},
    }  # fmt: skip
