"""The cause given to each missed or wrong row of a hard world's list (evaluation.matching)."""

from __future__ import annotations

import pytest

from evaluation.matching.list_misses import cause


def _row(enterprise: str, method: str, detail: str, name: str = "La Source") -> dict:
    return {"enterprise_id": enterprise, "link_method": method, "link_detail": detail,
            "supplier_name": name}  # fmt: skip


@pytest.mark.parametrize(
    ("row", "owns", "expected"),
    [
        (_row("E9", "name_exact", "la source ~ la source (tie broken by listed)"), {"E1"},
         "wrong: listed"),
        (_row("E9", "name_exact", "la source ~ la source"), {"E1"}, "wrong: name_exact"),
        (_row("", "candidate", "candidate C1: 1160000007"), {"E1", "C1"}, "ER: candidate"),
        (_row("", "candidate", "candidate C2: la source ~ la source"), {"E1"},
         "candidate of another entity"),
        (_row("", "no_match", ""), set(), "ER: not in the warehouse"),
        (_row("", "no_match", "", "9182-7120 QUÉBEC INC."), {"E1"}, "numbered name"),
        (_row("", "review", "tie: la source ~ la source"), {"E1"}, "tie"),
        (_row("", "review", "review_band: a ~ b"), {"E1"}, "review band"),
        (_row("", "review", "a ~ a (tie broken by listed); the supplier's place is elsewhere"),
         {"E1"}, "held: place elsewhere"),
        (_row("", "no_match", ""), {"E1"}, "no match"),
    ],
)  # fmt: skip
def test_cause(row: dict, owns: set[str], expected: str) -> None:
    assert cause(row, owns, bool(owns)) == expected
