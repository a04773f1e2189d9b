"""The spend decomposition: every contract row's gap to the truth gets one cause, sums are exact."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from esq.contracts.mart import procurement_by_city_year
from evaluation.contracts.spend_errors import by_cause, decompose

# enterprise (or candidate) id -> the true entity its listings are
OWNERS = {"E1": "X1", "E2": "X2", "E3": "X3", "C1": "X4"}

# key: (warehouse row or None, truth row or None, expected lines (city, cause, dollars))
# warehouse row: city, amount, enterprise, method, detail, supplier_ref
# truth row: city, amount, true supplier, role, basis, duplicate_of, phenomena
CASES = {
    "right": (
        ("Laval", 100.0, "E1", "neq", "1", "neq:1"),
        ("Laval", 100.0, "X1", "se", "listed", None, ""),
        [],
    ),
    "settled": (
        ("Laval", 120.0, "E1", "neq", "1", "neq:1"),
        ("Laval", 100.0, "X1", "se", "listed", None, "updated_release"),
        [("Laval", "(c) amount differs: updated_release", 20.0)],
    ),
    "unlinked": (
        ("Laval", 50.0, None, "no_match", None, "name:a"),
        ("Laval", 50.0, "X1", "se", "legal_form", None, ""),
        [("Laval", "(a) not linked: no_match", -50.0)],
    ),
    "tie": (
        ("Québec", 70.0, None, "review", "tie: x ~ x", "name:tie"),
        ("Québec", 70.0, "X3", "se", "listed", None, ""),
        [("Québec", "(d) pending review: tie, the entity not among the enterprises", -70.0)],
    ),
    "candidate": (
        ("Québec", 30.0, None, "candidate", "candidate C1: 2", "neq:2"),
        ("Québec", 30.0, "X4", "se", "listed", None, ""),
        [("Québec", "(d) linked to a candidate: the same entity's registration (ER split)", -30.0)],
    ),
    "company": (
        ("Québec", 40.0, "E2", "name_exact", "b ~ b", "name:b"),
        ("Québec", 40.0, "X9", "company", "none", None, ""),
        [("Québec", "(b) linked: supplier not social economy (company/none)", 40.0)],
    ),
    "copy": (
        ("Montréal", 60.0, "E1", "name_exact", "a ~ a", "name:a"),
        ("Montréal", 60.0, "X1", "se", "listed", "seao-key", ""),
        [("Montréal", "(c) Montréal copy of a SEAO contract counted twice", 60.0)],
    ),
    "dropped": (
        None,
        ("Montréal", 25.0, "X1", "se", "listed", None, ""),
        [("Montréal", "(c) Montréal row dropped as a copy of a SEAO contract", -25.0)],
    ),
    "other city": (
        ("Québec", 10.0, "E1", "neq", "1", "neq:1"),
        ("Laval", 10.0, "X1", "se", "listed", None, ""),
        [
            ("Laval", "(c) buyer mapped to another city", -10.0),
            ("Québec", "(c) buyer mapped to another city", 10.0),
        ],
    ),
    # a tie between social economy enterprises only: counted, waiting for the reviewer's pick
    "tie counted": (
        ("Gatineau", 90.0, None, "review", "tie: d ~ d", "name:d"),
        ("Gatineau", 90.0, "X2", "se", "listed", None, ""),
        [("Gatineau", "(d) tie between social economy enterprises (counted, none chosen)", 0.0)],
    ),
    "namesake": (
        ("Laval", 80.0, "E3", "name_exact", "c ~ c", "name:c"),
        ("Laval", 80.0, "X1", "se", "listed", None, ""),
        [("Laval", "(b) linked to another enterprise (still counted)", 0.0)],
    ),
}


def _source(name: str) -> str:
    return "montreal-contrats-conseil" if name in ("copy", "dropped") else "seao-contrats"


def _world(tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse and a truth folder holding the CASES."""
    wh = [
        {"source_id": _source(k), "contract_key": k, "buyer_city": w[0], "year": 2024,
         "amount": w[1], "supplier_name": k.upper(), "enterprise_id": w[2], "link_method": w[3],
         "link_detail": w[4], "supplier_ref": w[5], "tied_social_economy": k == "tie counted"}
        for k, (w, _, _) in CASES.items() if w
    ]  # fmt: skip
    truth = [
        {"source_id": _source(k), "contract_key": k, "city": t[0], "amount": t[1],
         "supplier_name": k, "supplier_eid": t[2], "supplier_role": t[3], "supplier_basis": t[4],
         "duplicate_of": t[5], "phenomena": t[6]}
        for k, (_, t, _) in CASES.items()
    ]  # fmt: skip
    contracts = pd.DataFrame(wh)
    listings = pd.DataFrame(
        {"source_id": "hub", "record_key": list(OWNERS), "enterprise_id": list(OWNERS)}
    )
    review = pd.DataFrame({"left_record": ["supplier:name:tie"] * 2, "right_record": ["E1", "E2"]})
    mart = procurement_by_city_year(contracts)
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        tables = {"contracts": contracts, "listings": listings, "supplier_review": review,
                  "procurement_by_city_year": mart}  # fmt: skip
        for name, frame in tables.items():
            con.register("frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
    folder = tmp_path / "world" / "truth"
    folder.mkdir(parents=True)
    pd.DataFrame(truth).to_parquet(folder / "contracts.parquet")
    pd.DataFrame(
        {"source_id": "hub", "record_key": list(OWNERS), "eid": list(OWNERS.values())}
    ).to_parquet(folder / "listings.parquet")
    return warehouse, tmp_path / "world"


@pytest.fixture(scope="module")
def decomposed(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, pd.DataFrame]:
    return decompose(*_world(tmp_path_factory.mktemp("spend")))


@pytest.mark.parametrize("case", list(CASES))
def test_each_row_gets_its_cause(decomposed, case: str) -> None:
    _, lines = decomposed
    mine = lines[lines.contract_key == case]
    got = sorted(zip(mine.city, mine.cause, mine.dollars.round(2), strict=True))
    assert got == sorted(CASES[case][2])


def test_truth_plus_causes_is_the_mart(decomposed) -> None:
    table, lines = decomposed
    assert table.residual.abs().max() < 0.01
    # the truth counts social economy suppliers, not the Montréal copy
    assert table.loc["Montréal", "truth"] == 25.0
    assert table.loc["Québec", "pending"] == 70.0  # the mart shows the tie's money
    assert by_cause(lines).loc["(a) not linked: no_match", "net"] == -50.0


def test_total_spend_sees_only_amount_causes(tmp_path: Path) -> None:
    table, lines = decompose(*_world(tmp_path), scope="total")
    assert set(lines.cause) == {
        "(c) amount differs: updated_release",
        "(c) Montréal copy of a SEAO contract counted twice",
        "(c) Montréal row dropped as a copy of a SEAO contract",
        "(c) buyer mapped to another city",
    }
    assert table.residual.abs().max() < 0.01
