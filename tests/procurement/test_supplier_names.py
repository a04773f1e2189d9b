"""Supplier names as buyers' systems write them (hard benchmark, issue 12): stopwords, typos,
cut names, trade names without their first word, town names, ties broken by evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.link_decision import one_leading_word_apart
from esq.contracts.staging import CONTRACT_STAGE_COLUMNS
from esq.contracts.supplier_link import link_suppliers
from esq.contracts.table import build_contracts
from schemas.contract_tables import SUPPLIER_REVIEW

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["C1", "C2", "C3", "C4", "C5", "C6", "C7"],
        "name": [
            "Centre de la petite enfance du Ruisseau d'Antan",
            "Coopérative d'habitation L'Éclaircie du Nord",
            "Coopérative de travail Le Fil d'Ariane du Nord",
            "Café Marché du Coteau bleu",
            "Transport adapté Les Bâtisseurs",
            "Coopérative de solidarité de Gatineau",
            "Centre d'action bénévole La Courtepointe des Sources",
        ],
        "other_names": None,
        "neq": None,
        "municipality": ["Montréal", "Québec", "Laval", "Sherbrooke", "Lévis", "Gatineau", "Laval"],
    }
)
LINKED = ("name_exact", "name_fuzzy")


@pytest.mark.parametrize(
    ("name", "enterprise"),
    [
        # an article more or less is the same name
        ("LE RUISSEAU D'ANTAN", "C1"),
        # one letter doubled in a long word
        ("COOPERATIVE D'HABITATION L'ECLAIRRCIE DU NORD", "C2"),
        # cut at 30 characters by the buyer's system
        ("COOPERATIVE DE TRAVAIL LE FIL D'ARIA", "C3"),
        # cut after an article: no name ends with « du »
        ("COOPERATIVE DE TRAVAIL LE FIL D'ARIANE DU", "C3"),
        # the trade name leaves out the kind of body (« Café »): for review, not linked
        ("MARCHE DU COTEAU BLEU", "review"),
        # a short form spelt out
        ("CAB La Courtepointe des Sources", "C7"),
        # a company whose name is found inside a social economy enterprise's name: no link
        ("Transport Les Bâtisseurs inc.", None),
        # a town's name alone identifies nobody, whatever the score
        ("COOP DE GATINEAU", None),
        ("Gatineau", None),
        # unless both are that town's body of the same kind, word for word
        ("COOPERATIVE DE SOLIDARITE DE GATINEAU INC.", "C6"),
    ],
)
def test_messy_supplier_names(name: str, enterprise: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    row = link_suppliers(suppliers, ENTERPRISES).links.iloc[0]
    if enterprise == "review":
        assert row.link_method == "review", (row.link_method, row.link_detail)
        return
    linked = row.enterprise_id if row.link_method in LINKED else None
    assert linked == enterprise, (row.link_method, row.link_detail)


NAMESAKES = pd.DataFrame(
    {
        "enterprise_id": ["N1", "N2"],
        "name": ["Coopérative de solidarité La Grande Ourse"] * 2,
        "other_names": None,
        "neq": ["1143282979", "1167280206"],
        "municipality": ["Laval", "Saint-Lazare"],
        "region_code": ["13", "16"],
        "social_economy_basis": ["listed", "listed"],
        "register_status": ["IM", "IM"],
    }
)
TOWNS = pd.DataFrame(  # what tells which region a buying city is in
    {
        "enterprise_id": ["T1", "T2"],
        "name": ["Ressourcerie Un", "Ressourcerie Deux"],
        "other_names": None,
        "neq": None,
        "municipality": ["Longueuil", "Vaudreuil-Dorion"],
        "region_code": ["16", "16"],
    }
)


@pytest.mark.parametrize(
    ("raw_neq", "locality", "cities", "enterprise", "why"),
    [
        # a NEQ whose check digit is wrong, its nine first digits those of one namesake
        ("1167280207", None, None, "N2", "neq_digits"),
        # several localities, one of them a namesake's town
        (None, "Montréal | Saint-Lazare", None, "N2", "locality"),
        # the buying city is the namesake's town
        (None, None, "Saint-Lazare", "N2", "buyer_city"),
        # a city in one namesake's region is no evidence (both are often local)
        (None, None, "Longueuil", None, None),
    ],
)
def test_ties_broken_by_more_evidence(raw_neq, locality, cities, enterprise, why) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": ["COOP LA GRANDE OURSE"], "supplier_neq": [None],
         "supplier_neq_raw": [raw_neq], "supplier_locality": [locality], "buyer_cities": [cities]}
    )  # fmt: skip
    reference = pd.concat([NAMESAKES, TOWNS], ignore_index=True)
    row = link_suppliers(suppliers, reference).links.iloc[0]
    if enterprise is None:
        assert row.link_method == "review" and row.candidates == "N1 | N2"
    else:
        assert (row.link_method, row.enterprise_id) == ("name_exact", enterprise)
        assert row.link_detail.endswith(f"(tie broken by {why})")


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the same name from two towns: two namesakes, each contract to its own
        ([("k1", "Laval", "Ville de Laval"), ("k2", "Saint-Lazare", "Ville de Laval")],
         {"k1": "N1", "k2": "N2"}),
        # the first row has no address: the next one's still decides for itself
        ([("k1", None, "Ville de Québec"), ("k2", "Saint-Lazare", "Ville de Québec")],
         {"k1": None, "k2": "N2"}),
    ],
)  # fmt: skip
def test_contracts_linked_per_supplier_town(rows, expected) -> None:
    staged = pd.DataFrame([
        {c: None for c in CONTRACT_STAGE_COLUMNS}
        | {"source_id": "seao", "contract_key": k, "supplier_name": "COOP LA GRANDE OURSE",
           "supplier_locality": town, "buyer_raw": buyer}
        for k, town, buyer in rows
    ])  # fmt: skip
    built = build_contracts(staged, NAMESAKES, {"seao"})
    got = dict(zip(built.contracts.contract_key, built.contracts.enterprise_id, strict=True))
    assert {k: (v if isinstance(v, str) else None) for k, v in got.items()} == expected
    # one review row per supplier and candidate, whatever the towns it was seen in
    assert not built.supplier_review.duplicated(["left_record", "right_record"]).any()


WORKER_NAMESAKES = pd.concat(
    [
        NAMESAKES,
        pd.DataFrame(
            {
                "enterprise_id": ["T1", "T2"],
                "name": ["Coopérative de travail La Grande Ourse"] * 2,
                "other_names": None,
                "neq": ["1160001234", "1170001234"],
                "municipality": ["Gatineau", "Sherbrooke"],
                "region_code": ["07", "05"],
                "social_economy_basis": ["listed", "listed"],
            }
        ),
    ],
    ignore_index=True,
)


def test_one_supplier_may_wait_on_two_enterprises() -> None:
    """One supplier (one name key) linked per kind of body: each kind ties between its own
    namesakes, so the supplier waits on each of the four (a pair per tied enterprise); the
    review table's key is the pair."""
    staged = pd.DataFrame([
        {c: None for c in CONTRACT_STAGE_COLUMNS}
        | {"source_id": "seao", "contract_key": k, "supplier_name": name,
           "buyer_raw": "Ville de Québec"}
        for k, name in [("k1", "COOPERATIVE DE SOLIDARITE LA GRANDE OURSE"),
                        ("k2", "COOPERATIVE DE TRAVAIL LA GRANDE OURSE")]
    ])  # fmt: skip
    built = build_contracts(staged, WORKER_NAMESAKES, {"seao"})
    assert list(built.contracts.link_method) == ["review", "review"]
    pairs = sorted(built.supplier_review[["left_record", "right_record"]].values.tolist())
    assert pairs == [["supplier:name:la grande ourse", e] for e in ("N1", "N2", "T1", "T2")]
    assert tuple(SUPPLIER_REVIEW.primary_key) == ("left_record", "right_record")


BOUEE = pd.DataFrame(
    {"enterprise_id": ["B1"], "name": ["Café La Bouée"], "other_names": None, "neq": None}
)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # a numbered company and its trade name under one NEQ: one supplier, both contracts
        (["9182-7120 QUÉBEC INC.", "Café La Bouée"], ["B1", "B1"]),
        (["9182-7120 QUÉBEC INC."], [None]),
    ],
)
def test_names_under_one_neq_are_one_supplier(names: list[str], expected: list) -> None:
    staged = pd.DataFrame([
        {c: None for c in CONTRACT_STAGE_COLUMNS}
        | {"source_id": "seao", "contract_key": f"k{i}", "supplier_name": name,
           "supplier_neq": "1143282979"}
        for i, name in enumerate(names)
    ])  # fmt: skip
    built = build_contracts(staged, BOUEE, {"seao"})
    got = [e if isinstance(e, str) else None for e in built.contracts.enterprise_id]
    assert got == expected
    assert built.supplier_review.empty


@pytest.mark.parametrize(
    ("name", "locality", "cities", "method", "why"),
    [
        # the trade name less « Café », the enterprise in the supplier's town: linked
        ("MARCHE DU COTEAU BLEU", "Sherbrooke", None, "name_fuzzy", "locality"),
        # … or in the buying city
        ("MARCHE DU COTEAU BLEU", None, "Sherbrooke", "name_fuzzy", "buyer_city"),
        # the supplier's name has the leading word the enterprise's name lacks
        ("CAFE THEATRE MARCHE DU COTEAU BLEU", None, "Sherbrooke", None, None),
        # elsewhere: as often a namesake of another kind, left for review
        ("MARCHE DU COTEAU BLEU", "Laval", "Laval", "review", None),
        ("MARCHE DU COTEAU BLEU", None, None, "review", None),
    ],
)
def test_trade_name_less_its_first_word_links_in_town(name, locality, cities, method, why) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None],
         "supplier_locality": [locality], "buyer_cities": [cities]}
    )  # fmt: skip
    row = link_suppliers(suppliers, ENTERPRISES).links.iloc[0]
    if method == "name_fuzzy":
        assert (row.link_method, row.enterprise_id) == ("name_fuzzy", "C4")
        assert row.link_detail.endswith(f"(leading word apart, confirmed by {why})")
    elif method == "review":
        assert row.link_method == "review", (row.link_method, row.link_detail)
    else:
        assert row.link_method not in LINKED, (row.link_method, row.link_detail)


@pytest.mark.parametrize(
    ("supplier_key", "reference_key", "expected"),
    [
        ("marche du coteau bleu", "cafe marche du coteau bleu", True),
        ("cafe marche du coteau bleu", "marche du coteau bleu", True),
        # one word alone left: too little to say it is the same name
        ("bleu", "cafe bleu", False),
        # the word left out is not the first
        ("cafe du coteau bleu", "cafe marche du coteau bleu", False),
        ("marche du coteau bleu", "marche du coteau bleu", False),
    ],
)
def test_one_leading_word_apart(supplier_key: str, reference_key: str, expected: bool) -> None:
    assert one_leading_word_apart(supplier_key, reference_key) is expected


ATELIERS = pd.DataFrame(
    {
        "enterprise_id": ["A1", "A2"],
        "name": ["Coopérative de consommateurs L'Atelier", "Centre de la petite enfance L'Atelier"],
        "other_names": None,
        "neq": None,
        "municipality": ["Rimouski", "Gatineau"],
    }
)


@pytest.mark.parametrize(
    ("name", "enterprise"),
    [
        # the same kind of body and the same words, though « atelier » is a generic word
        ("Coopérative de consommateurs L'Atelier", "A1"),
        ("COOPERATIVE DE CONSOMMATEURS L'ATELIER", "A1"),
        ("CPE L'Atelier", "A2"),
        # generic words alone, no kind of body: nobody
        ("L'Atelier", None),
        # another kind of body with the same words: nobody
        ("Fondation L'Atelier", None),
    ],
)
def test_same_kind_and_words_link_though_generic(name: str, enterprise: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    row = link_suppliers(suppliers, ATELIERS).links.iloc[0]
    linked = row.enterprise_id if row.link_method in LINKED else None
    assert linked == enterprise, (row.link_method, row.link_detail)


def test_names_of_one_key_and_two_kinds_are_two_suppliers() -> None:
    # Both keys are « l atelier »: the theatre's contract must not follow the co-op's link.
    staged = pd.DataFrame([
        {c: None for c in CONTRACT_STAGE_COLUMNS}
        | {"source_id": "mtl", "contract_key": k, "supplier_name": name, "buyer_raw": "Montréal"}
        for k, name in [("k1", "Coopérative de consommateurs L'Atelier"), ("k2", "L'Atelier")]
    ])  # fmt: skip
    built = build_contracts(staged, ATELIERS, {"seao"})
    got = dict(zip(built.contracts.contract_key, built.contracts.enterprise_id, strict=True))
    assert {k: (v if isinstance(v, str) else None) for k, v in got.items()} == {
        "k1": "A1",
        "k2": None,
    }
    # one supplier for the mart all the same (the reference is the NEQ or the name key)
    assert built.contracts.supplier_ref.nunique() == 1
