"""The tie-breaker table of evaluation/contracts/supplier_misses.py."""

from __future__ import annotations

import pandas as pd

from evaluation.contracts.supplier_misses import tie_breakers


def test_tie_breakers_count_right_and_wrong_links_per_evidence() -> None:
    frame = pd.DataFrame(
        [
            ("name_exact", "a ~ a (tie broken by locality)", "E1", "E1", True),
            ("name_exact", "a ~ a (tie broken by locality)", "E2", "E1", True),
            ("name_exact", "b ~ b (tie broken by listed)", "E3", "E3", True),
            ("neq", "1143282979", "E4", "E4", True),
            ("review", "tie: c ~ c", None, "E5", False),
        ],
        columns=["link_method", "link_detail", "linked_eid", "supplier_eid", "counted"],
    )
    table = tie_breakers(frame)
    assert table.to_dict("index") == {
        ("name_exact", "tie broken by listed"): {"right": 1, "wrong": 0},
        ("name_exact", "tie broken by locality"): {"right": 1, "wrong": 1},
        ("neq", "-"): {"right": 1, "wrong": 0},
    }
