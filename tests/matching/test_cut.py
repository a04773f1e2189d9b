"""A cut name the row's place completes (esq.matching.cut and the last step of settle)."""

from __future__ import annotations

import pytest

from esq.contracts.cut_names import CutNames
from esq.contracts.supplier_evidence import plain
from esq.matching.cut import CutLookup
from esq.matching.settle import placed

NAMES = {
    "E1": "Comptoir alimentaire de Saint-Nazaire-de-Dorchester",
    "E2": "Comptoir alimentaire de Saint-Rémi",
    "E3": "Comptoir alimentaire de Sainte-Anne",
    "E4": "Coopérative de travail La Bonne Mine",
}
TOWNS = {"E1": "Saint-Nazaire-de-Dorchester", "E2": "Saint-Rémi", "E3": "Saint-Rémi",
         "E4": "Granby"}  # fmt: skip
cut = CutLookup(CutNames({e: frozenset({plain(n)}) for e, n in NAMES.items()}))


def info(enterprise_id: str) -> dict:
    return {"municipality": TOWNS[enterprise_id], "postal_code": None}


@pytest.mark.parametrize(
    ("name", "begun"),
    [
        ("COMPTOIR ALIMENTAIRE DE SAINT-", ["E1", "E2", "E3"]),  # cut after a hyphen
        ("COMPTOIR ALIMENTAIRE DE SAINT-R", ["E2"]),
        ("COOPERATIVE DE TRAVAIL LA BONN", ["E4"]),  # cut inside a word
        ("COOPERATIVE DE TRAVAIL LA BONNE MINE", []),  # a whole name is not cut
        ("COOPERATIVE DE TRAVAIL LA BONN INC.", []),  # a legal form ends a whole name
        ("COMPTOIR ALIMENT", []),  # too short to say anything
    ],
)
def test_begun(name: str, begun: list[str]) -> None:
    assert cut.begun(name) == begun


@pytest.mark.parametrize(
    ("town", "neq", "expected"),
    [
        ("St-Nazaire-de-Dorchester", None, "E1"),
        ("Saint-Rémi", None, None),  # two of the names there: still a question
        (None, None, None),  # no place, no answer
    ],
)
def test_the_place_completes_a_cut_name(town: str | None, neq, expected: str | None) -> None:
    row = {"link_method": "review", "link_detail": "tie: comptoir alimentaire de saint ~ …",
           "candidates": "E2 | E3"}  # fmt: skip
    key = ("COMPTOIR ALIMENTAIRE DE SAINT-", neq, town, None, None)
    out = placed(row, info, key, cut, {})
    assert out.get("enterprise_id") == expected
    if expected:
        assert out["link_method"] == "name_place" and "cut name" in out["link_detail"]
