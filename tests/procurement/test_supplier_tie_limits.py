"""Name ties: the kind of body the supplier's name says, and the regional limits on the weaker
evidence (esq/contracts/supplier_evidence.py, supplier_link.break_tie)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.supplier_link import link_suppliers
from esq.contracts.table import tied_social_economy
from tests.procurement.tie_cases import assert_tie_outcome, link_one_supplier, reference_rows

BOISE = reference_rows(
    ("K1", "Café Le Boisé", "Le Boisé", "Montréal", "06", "listed"),
    ("K2", "Centre de la petite enfance Le Boisé", None, "Québec", "03", "listed"),
)
GRENIER = "Ressourcerie Grenier du Partage"
NEIGHBOURS = reference_rows(
    ("R1", GRENIER, None, "Montréal", "06", "listed"),
    ("R2", GRENIER, None, "Dorval", "06", "listed"),
    ("R3", GRENIER, None, "Rimouski", "01", "listed"),
)
AWAY = reference_rows(
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
    frame = reference_rows(("C1", "9406-3786 Québec inc.", None, "Montréal", "06", "listed"))
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    assert link_suppliers(suppliers, frame).links.link_method.tolist() == [method]


TOWNSFOLK = reference_rows(
    ("M1", GRENIER, None, "Rimouski", "01", "listed"),
    ("M2", GRENIER, None, "Rimouski", "01", "legal_form"),
)
CROWD = reference_rows(
    ("C0", GRENIER, None, "Laval", "13", "listed"),
    *((f"C{i}", GRENIER, None, town, region, "listed") for i, (town, region) in enumerate(
        [("Rimouski", "01"), ("Québec", "03"), ("Gatineau", "07"), ("Sherbrooke", "05"),
         ("Saguenay", "02"), ("Rouyn-Noranda", "08"), ("Gaspé", "11"), ("Joliette", "14")],
        start=1)),
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "locality", "city", "frame", "enterprise", "why"),
    [
        # namesakes of one town: being listed chooses, wherever the buyer is
        (GRENIER, None, "Laval", TOWNSFOLK, "M1", "listed"),
        # the buying city's namesake among a few away
        (GRENIER, None, "Laval", CROWD[CROWD.enterprise_id.isin(["C0", "C1", "C2"])], "C0",
         "buyer_city"),
        # … not among nine: each namesake away is one more chance it supplied
        (GRENIER, None, "Laval", CROWD, None, None),
        # … nor when the supplier's own town is known and is none of theirs
        (GRENIER, "Terrebonne", "Laval", CROWD[CROWD.enterprise_id.isin(["C0", "C1"])], None,
         None),
    ],
)  # fmt: skip
def test_weak_evidence_limits(name, locality, city, frame, enterprise, why) -> None:
    assert_tie_outcome(link_one_supplier(name, locality, city, frame), enterprise, why)


SENTIER = reference_rows(
    ("S1", "Le Sentier solidaire", None, "Montréal", "06", "listed"),
    ("S2", "Coopérative de solidarité Le Fil d'Ariane", None, "Montréal", "06", "listed"),
)


@pytest.mark.parametrize(
    ("name", "locality", "enterprise"),
    [
        # the registered name: a kind phrase, then the name the hub lists, in the supplier's town
        ("Centre d'action bénévole Le Sentier solidaire", "MONTRÉAL", "S1"),
        # the buying city alone does not confirm it
        ("Centre d'action bénévole Le Sentier solidaire", None, None),
        # one leading word is a trade word: a company
        ("Construction Le Sentier solidaire", "Montréal", None),
        # the enterprise's name says another kind of body
        ("Centre d'action bénévole Le Fil d'Ariane", "Montréal", None),
    ],
)
def test_kind_phrase_apart(name: str, locality: str | None, enterprise: str | None) -> None:
    row = link_one_supplier(name, locality, "Montréal", SENTIER)
    if enterprise is None:
        assert pd.isna(row.enterprise_id)
    else:
        assert (row.enterprise_id, row.link_method) == (enterprise, "name_fuzzy")
        assert row.link_detail.endswith("(kind phrase apart, confirmed by locality)")


def _tie(candidates: str, score: float = 1.0, detail: str = "tie: a ~ a") -> dict:
    return {"link_method": "review", "link_detail": detail, "link_score": score,
            "candidates": candidates}  # fmt: skip


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (_tie("L1 | F1"), True),  # listed and by legal form: social economy whichever
        (_tie("L1 | C1"), False),  # an unlisted non-profit (candidate) among them
        (_tie("L1 | F1", score=0.8), False),  # a tie in the review band: the name is unsure
        (_tie("L1 | F1", detail="review_band: a ~ b"), False),
        ({"link_method": "name_exact", "link_detail": "a ~ a", "link_score": 1.0,
          "candidates": None}, False),
    ],
)  # fmt: skip
def test_tied_social_economy(link: dict, expected: bool) -> None:
    reference = pd.DataFrame(
        {"enterprise_id": ["L1", "F1", "C1"],
         "social_economy_basis": ["listed", "legal_form", "candidate"]}
    )  # fmt: skip
    assert tied_social_economy(pd.DataFrame([link]), reference).tolist() == [expected]
