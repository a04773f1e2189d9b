"""Name ties: the kind of body the supplier's name says, and the regional limits on the weaker
evidence (esq/contracts/supplier_evidence.py, supplier_link.break_tie)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.supplier_link import link_suppliers
from tests.procurement.tie_cases import assert_tie_outcome, link_one_supplier


def _reference(*rows: tuple[str, str, str | None, str, str, str]) -> pd.DataFrame:
    """(id, name, other names, town, region, basis) per enterprise."""
    return pd.DataFrame(
        [
            {"enterprise_id": e, "name": n, "other_names": o, "neq": None, "municipality": t,
             "region_code": r, "social_economy_basis": b, "register_status": "IM"}
            for e, n, o, t, r, b in rows
        ]
    )  # fmt: skip


BOISE = _reference(
    ("K1", "Café Le Boisé", "Le Boisé", "Montréal", "06", "listed"),
    ("K2", "Centre de la petite enfance Le Boisé", None, "Québec", "03", "listed"),
)
GRENIER = "Ressourcerie Grenier du Partage"
NEIGHBOURS = _reference(
    ("R1", GRENIER, None, "Montréal", "06", "listed"),
    ("R2", GRENIER, None, "Dorval", "06", "listed"),
    ("R3", GRENIER, None, "Rimouski", "01", "listed"),
)
AWAY = _reference(
    ("N1", GRENIER, None, "Saint-Augustin-de-Desmaures", "03", "listed"),
    ("N2", GRENIER, None, "Gatineau", "07", "legal_form"),
    ("T1", "Ressourcerie Un", None, "Québec", "03", "listed"),
    ("T2", "Ressourcerie Deux", None, "Laval", "13", "listed"),
)


@pytest.mark.parametrize(
    ("name", "city", "frame", "enterprise", "why"),
    [
        # the supplier says CPE: the café of the buying city, « Le Boisé » by trade name, is
        # another kind of body
        ("CENTRE DE LA PETITE ENFANCE LE BOISÉ", "Montréal", BOISE, "K2", "kind"),
        # a name saying no kind leaves the buying city to decide
        ("Le Boisé", "Montréal", BOISE, "K1", "buyer_city"),
        # the buying city's namesake, but another one is in a neighbouring town: a person decides
        (GRENIER, "Montréal", NEIGHBOURS, None, None),
        # … the namesakes away do not count
        (GRENIER, "Montréal", NEIGHBOURS[NEIGHBOURS.enterprise_id != "R2"], "R1", "buyer_city"),
        # being listed chooses a namesake in the buyer's region …
        (GRENIER, "Québec", AWAY, "N1", "listed"),
        # … not one away from every buyer
        (GRENIER, "Laval", AWAY, None, None),
    ],
)
def test_tie_evidence_and_its_limits(name, city, frame, enterprise, why) -> None:
    assert_tie_outcome(link_one_supplier(name, None, city, frame), enterprise, why)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("9406-3786 QUEBEC INC.", "name_exact"),
        # one digit apart is another numbered company, not a typo
        ("9426-3786 QUEBEC INC.", "no_match"),
    ],
)
def test_numbers_are_never_typos(name: str, method: str) -> None:
    frame = _reference(("C1", "9406-3786 Québec inc.", None, "Montréal", "06", "listed"))
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    assert link_suppliers(suppliers, frame).links.link_method.tolist() == [method]
