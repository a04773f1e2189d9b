"""Contract staging: rows of the eight cities kept, every reject quarantined with its rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from esq.contracts.rows import ContractRow, Reject
from esq.contracts.staging import stage_contract_rows


def _row(**kw: object) -> ContractRow:
    values: dict = {
        "source_id": "seao-contrats", "contract_key": "k", "supplier_name": "Coop Exemple",
        "amount_awarded": Decimal("100"), "amount_final": Decimal("120"),
        "buyer_city": "Laval", "date": date(2024, 5, 1), "record_ref": "f.json#release 0",
    }  # fmt: skip
    values.update(kw)
    return ContractRow(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("row", "staged", "rule", "severity"),
    [
        (_row(), 1, None, None),
        (_row(supplier_name=" "), 0, "supplier_missing", "row"),
        (_row(amount_awarded=None, amount_final=None), 0, "amount_missing", "row"),
        (_row(amount_final=Decimal("-5")), 1, "amount_negative", "value"),
        (_row(supplier_neq="1234"), 1, "neq_invalid", "value"),
        (_row(supplier_neq="1143282978"), 1, "neq_invalid", "value"),  # Luhn fails
        (_row(buyer_city=None), 0, None, None),  # out of scope, not a reject
    ],
)
def test_checks(row: ContractRow, staged: int, rule: str | None, severity: str | None) -> None:
    out = stage_contract_rows("seao-contrats", "seao-contrats/F1", [row], [])
    assert len(out.frame) == staged
    assert [(q.rule, q.severity) for q in out.quarantine] == ([(rule, severity)] if rule else [])
    assert out.rows_out_of_scope == (row.buyer_city is None)


def test_amount_is_final_else_awarded_and_neq_kept_only_when_valid() -> None:
    rows = [
        _row(contract_key="a", supplier_neq="1143282979"),
        _row(contract_key="b", amount_final=None, supplier_neq="1143282978"),
    ]
    frame = stage_contract_rows("seao-contrats", "seao-contrats/F1", rows, []).frame
    assert list(frame.amount) == [120.0, 100.0]
    assert list(frame.supplier_neq.fillna("")) == ["1143282979", ""]
    assert list(frame.supplier_neq_raw) == ["1143282979", "1143282978"]
    assert list(frame.year) == [2024, 2024]


def test_parser_rejects_become_quarantine_rows() -> None:
    reject = Reject("seao-contrats", "f.json#release 3", "release has no ocid", "{}")
    out = stage_contract_rows("seao-contrats", "seao-contrats/F1", [], [reject])
    (q,) = out.quarantine
    assert (q.rule, q.location, q.message, q.fetch_ref) == (
        "parse_error", "f.json#release 3", "release has no ocid", "seao-contrats/F1",
    )  # fmt: skip
    assert out.rows_rejected == 1


ENDPOINTS = {
    "montreal_contracts": {"base_url": "https://example.org", "dataset": "d", "resources": ["r"]},
    "ckan": {
        "base_url": "https://example.org",
        "dataset": "d",
        "resource": "r",
        "mode": "download",
    },
    "tabular": {"url": "https://example.org/contracts.csv"},
}


@pytest.mark.parametrize("kind", ["montreal_contracts", "ckan", "tabular"])
def test_montreal_csv_read_whatever_kind_landed_it(kind: str, tmp_path) -> None:
    """Every contracts source goes through its adapter's parse(), whatever its kind."""
    from esq.adapters import adapter_for
    from esq.contracts.read import contract_rows
    from esq.landing import LandingZone
    from tests.http.loopback import make_source
    from tests.shared_data import REPO_ROOT

    landed = REPO_ROOT / "sample/landing/montreal-contrats-conseil/20260601T000000Z/files"
    # only the contracts kind names its dataset (options.dataset); the others key by source id
    options = {"dataset": "conseil"} if kind == "montreal_contracts" else {}
    dataset = options.get("dataset", "mtl")
    source = make_source(kind, ENDPOINTS[kind], id="mtl", role="contracts", options=options)
    with LandingZone(tmp_path).writer(source.id) as writer:
        writer.add_bytes("package_show.json", b'{"success": true}')
        writer.add_file("contracts.csv", landed / "contracts.csv")
        entry = writer.commit("success")
    rows, rejects = contract_rows(source.id, adapter_for(kind).parse(source, entry))
    assert (len(rows), len(rejects)) == (9, 1)  # the fixture's dummy line is the one reject
    assert rows[0].contract_key.startswith(f"{dataset}/contracts.csv|")
