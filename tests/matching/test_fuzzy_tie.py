"""A tie the row's place breaks only when the tied names are the supplier's word for word
(esq.matching.settle.placed, step 4)."""

from __future__ import annotations

import pytest

from esq.contracts.cut_names import CutNames
from esq.matching.cut import CutLookup
from esq.matching.settle import placed

TOWNS = {"E1": "Montréal", "E2": "Laval"}
cut = CutLookup(CutNames({}))


def info(enterprise_id: str) -> dict:
    return {"municipality": TOWNS[enterprise_id], "postal_code": None}


@pytest.mark.parametrize(
    ("name", "score", "town", "expected"),
    [
        # the same name in two towns: the row's town chooses
        ("TRANSPORT ADAPTE LE CARREFOUR", 1.0, "Montréal", "E1"),
        # a name one word short of theirs (a trucking company): the town is no evidence
        ("TRANSPORT LE CARREFOUR INC.", 0.93, "Montréal", None),
        # no town, no answer
        ("TRANSPORT ADAPTE LE CARREFOUR", 1.0, None, None),
    ],
)
def test_place_breaks_exact_ties_only(
    name: str, score: float, town: str | None, expected: str | None
) -> None:
    detail = "tie: transport le carrefour ~ transport adapte le carrefour"
    row = {"link_method": "review", "link_score": score, "candidates": "E1 | E2",
           "link_detail": detail}  # fmt: skip
    out = placed(row, info, (name, None, town, None, None), cut, {})
    assert out.get("enterprise_id") == expected
    assert out["link_method"] == ("name_place" if expected else "review")
