"""`esq match` links to what the contracts' linker links to: the enterprises with the other
names their listings carry (the register's trade names), and the candidates, whose rows are
not social economy (method ``candidate``)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from match_warehouse import ENTERPRISES, MUNICIPALITIES

from warehouse.enterprise_index import load_enterprises
from warehouse.matchfile import match_file

CANDIDATES = ENTERPRISES.iloc[:1].assign(
    enterprise_id="C1",
    name="Le Phare du Nord (entreprise d'insertion)",
    other_names=None,
    neq="1160000003",
    social_economy_basis="candidate",
    municipality="Laval",
)
NAMESAKE = ENTERPRISES.iloc[:1].assign(
    enterprise_id="E9",
    name="Coopérative de travail Le Phare du Nord",
    other_names=None,
    neq="1160000011",
    social_economy_basis="legal_form",
    municipality="Laval",
)
LISTINGS = pd.DataFrame(
    {
        "enterprise_id": ["E2", "E2", "C1"],
        "source_id": ["req", "hub", "req"],
        "other_names": ["VÉLO DE L'EST EXPRESS", None, None],
    }
)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("match-ref") / "warehouse.duckdb"
    con = duckdb.connect(str(path))
    try:
        for name, frame in {
            "enterprises": pd.concat([ENTERPRISES, NAMESAKE], ignore_index=True),
            "candidates": CANDIDATES,
            "municipalities": MUNICIPALITIES,
            "listings": LISTINGS,
        }.items():
            con.register("f", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM f")
            con.unregister("f")
    finally:
        con.close()
    return path


@pytest.mark.parametrize(
    ("name", "enterprise", "method"),
    [
        # a trade name only the register holds (the listing's other name)
        ("Velo de l'Est Express", "E2", "name_exact"),
        # the candidate's own name: not linked to its namesake, not counted
        ("LE PHARE DU NORD (ENTREPRISE D'INSERTION)", "", "candidate"),
        ("Coop de travail Le Phare du Nord", "E9", "name_exact"),
    ],
)
def test_match_reference(warehouse: Path, tmp_path: Path, name: str, enterprise: str,
                         method: str) -> None:  # fmt: skip
    src = tmp_path / "list.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["Fournisseur", "Montant"], [name, "100"]])
    report = match_file(src, warehouse, {"name": "Fournisseur"})
    with report.output.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert (row["enterprise_id"], row["link_method"]) == (enterprise, method)
    assert report.summary.total.linked_amount == (100 if enterprise else 0)


def test_the_service_reads_enterprises_only(warehouse: Path) -> None:
    assert "C1" not in set(load_enterprises(warehouse).enterprise_id)
    both = load_enterprises(warehouse, candidates=True)
    assert {"C1", "E9"} <= set(both.enterprise_id)
    assert both.set_index("enterprise_id").other_names["E2"] == "VÉLO DE L'EST EXPRESS"
