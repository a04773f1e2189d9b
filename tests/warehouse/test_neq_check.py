"""The blocking NEQ check agrees with the entity invariants: a probable typo beside the
register's NEQ does not block a publication; two real NEQs in one enterprise do."""

from __future__ import annotations

import duckdb
import pytest

from assets.resources import EsqResource
from assets.warehouse import candidate_path, neq_valid

REGISTER = ("E1", "1140000001", "valid", "register")


@pytest.mark.parametrize(
    ("listings", "passed", "two"),
    [
        ([REGISTER, ("E1", "1140000001", "valid", "listing")], True, 0),
        # a hub's NEQ with a bad check digit, rightly clustered with the register's
        ([REGISTER, ("E1", "1140000002", "luhn_failed", "listing")], True, 0),
        # two NEQs that both pass the check: one enterprise cannot hold both
        ([REGISTER, ("E1", "1160000007", "valid", "listing")], False, 1),
        ([("E2", "1140000001", "valid", "listing"), ("E2", "1160000007", "valid", "listing")],
         False, 1),
    ],
)  # fmt: skip
def test_two_neqs_blocks_only_when_both_are_trusted(tmp_path, listings, passed, two) -> None:
    esq = EsqResource(home=str(tmp_path / "home"))
    path = candidate_path(esq.settings())
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE enterprises AS SELECT 'E1' AS enterprise_id, '1140000001' AS neq")
        con.execute(
            "CREATE TABLE listings (enterprise_id VARCHAR, neq VARCHAR, neq_status VARCHAR, "
            "source_role VARCHAR)"
        )
        con.executemany("INSERT INTO listings VALUES (?, ?, ?, ?)", listings)
    result = neq_valid(esq=esq)
    assert result.passed is passed
    assert result.metadata["enterprises_with_two_neqs"].value == two
