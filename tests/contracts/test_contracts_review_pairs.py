"""A supplier sent to review waits on every enterprise it ties with: one review pair each."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.staging import CONTRACT_STAGE_COLUMNS
from esq.contracts.table import build_contracts

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["E1", "E2", "E4", "E5"],
        "name": ["Ressourcerie Table des Bois", "Coopérative de travail Vélo de l'Est",
                 "Coop Grenier populaire", "Cuisine collective Grenier populaire"],
        "other_names": [None, None, None, "Grenier populaire inc."],
        "neq": ["1143282979", None, None, None],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "method", "waits_on"),
    [
        ("Le Grenier populaire", "review", ["E4", "E5"]),  # a tie: each tied enterprise
        ("Ressourcerie Table Bois Franc", "review", ["E1"]),  # the review band: the one
        ("RESSOURCERIE TABLE DES BOIS INC.", "name_exact", []),  # linked: nothing waits
    ],
)
def test_review_pairs_name_every_tied_enterprise(
    name: str, method: str, waits_on: list[str]
) -> None:
    row = {c: None for c in CONTRACT_STAGE_COLUMNS}
    row |= {"source_id": "seao", "contract_key": "k1", "supplier_name": name, "amount": 10.0}
    built = build_contracts(pd.DataFrame([row]), ENTERPRISES, {"seao"})
    assert built.contracts.link_method.tolist() == [method]
    review = built.supplier_review
    assert sorted(review.right_record) == waits_on
    assert set(review.left_record) == ({f"supplier:{built.contracts.supplier_ref[0]}"}
                                       if waits_on else set())  # fmt: skip
    names = dict(zip(ENTERPRISES.enterprise_id, ENTERPRISES.name, strict=True))
    assert review.right_name.tolist() == [names[r] for r in review.right_record]
    assert review.left_name.notna().all()
