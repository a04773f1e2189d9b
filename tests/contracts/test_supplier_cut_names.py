"""Names cut at a fixed width by the buyer's system, found at the start of one name only."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.cut_names import CutNames
from esq.contracts.supplier_link import link_suppliers

NAMES = [
    "Coopérative de travail La Bonne Mine",
    "Coopérative de solidarité La Bonne Mine",
    "Coopérative de travail Le Phare",
    "Coopérative de travail Le Phare des Monts",
    "Société d'habitation communautaire des Érables",
    "Société d'habitation communautaire du Coteau",
] + [f"Société d'habitation communautaire Nom{i}" for i in range(200)]
ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": [f"E{i}" for i in range(len(NAMES))],
        "name": NAMES,
        "other_names": None,
        "neq": None,
        "municipality": "Laval",
    }
)


@pytest.mark.parametrize(
    ("name", "enterprise"),
    [
        # cut inside « Bonne »: only one name begins so
        ("COOPERATIVE DE TRAVAIL LA BONN", "E0"),
        # cut after an article no name ends with
        ("COOPERATIVE DE TRAVAIL LE PHARE DES", "E3"),
        # a whole name at the start of a longer one is that name, not the longer one
        ("COOPERATIVE DE TRAVAIL LE PHARE", "E2"),
        # a legal form after the last word: not cut
        ("COOPERATIVE DE TRAVAIL LA BONN INC.", None),
        # only generic words kept: every such society's name begins so
        ("SOCIETE D'HABITATION COMMUNAUT", None),
    ],
)
def test_cut_names(name: str, enterprise: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    row = link_suppliers(suppliers, ENTERPRISES).links.iloc[0]
    linked = row.enterprise_id if row.link_method in ("name_exact", "name_fuzzy") else None
    assert linked == enterprise, (row.link_method, row.link_detail)


def test_begun_needs_one_enterprise() -> None:
    cut = CutNames(
        {"A": frozenset({"coop la bonne mine"}), "B": frozenset({"coop la bonne mine de demain"})}
    )
    assert cut.begun("COOP LA BONNE MI", ["A", "B"]) == set()  # both: too little left to choose
    assert cut.begun("COOP LA BON", ["A", "B"]) == set()  # shorter than MIN_LENGTH
    assert cut.begun("COOP LA BONNE MINE DE DEMA", ["A", "B"]) == {"B"}


def test_begun_anywhere_by_town() -> None:
    """Among all the names, one beginning with the cut name links; several, only one of the
    supplier's town."""
    others = {f"X{i}": frozenset({f"cooperative de travail nom{i}"}) for i in range(300)}
    cut = CutNames(
        {
            "A": frozenset({"maison des jeunes le phenix calin"}),
            "B": frozenset({"association chasse et peche de danville"}),
            "C": frozenset({"association chasse et peche de plessisville"}),
            "D": frozenset({"association chasse et peche de plessisville nord"}),
            **others,  # so that « chasse » is a rare word
        }
    )
    town = {"A": "montreal", "B": "danville", "C": "plessisville", "D": "plessisville"}
    nowhere = lambda ref: False  # noqa: E731
    assert cut.begun_anywhere("MAISON DES JEUNES LE PHENIX CA", nowhere) == {
        "A": "maison des jeunes le phenix calin"
    }
    cut_de = "ASSOCIATION CHASSE ET PECHE DE"
    assert cut.begun_anywhere(cut_de, nowhere) == {}  # three begin so, none in the town
    in_danville = cut.begun_anywhere(cut_de, lambda ref: town[ref] == "danville")
    assert set(in_danville) == {"B"}
    # two of the supplier's town begin so: still too little to choose
    assert cut.begun_anywhere(cut_de, lambda ref: town[ref] == "plessisville") == {}
