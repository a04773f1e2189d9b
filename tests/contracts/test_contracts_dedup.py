"""The rule deciding that a Montréal row and a SEAO row are the same contract."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from esq.contracts.dedup import drop_duplicates, legal_kinds, name_key, same_contract
from esq.contracts.rows import ContractRow
from esq.contracts.table import drop_montreal_duplicates

SEAO = ContractRow(
    source_id="seao-contrats",
    contract_key="ocds-ec9k95-1|a|neq:1140000001",
    supplier_name="Les Pavages Chenail inc.",
    supplier_neq="1140000001",
    amount_awarded=Decimal("648253.48"),
    amount_final=Decimal("700000.00"),
    buyer_city="Montréal",
    date=date(2012, 9, 20),
    ocid="ocds-ec9k95-1",
)
MTL = ContractRow(
    source_id="montreal-contrats-conseil",
    contract_key="conseil|1125331006|1",
    supplier_name="LES PAVAGES CHENAIL INC.",
    amount_awarded=Decimal(648253),
    amount_final=Decimal(648253),
    buyer_city="Montréal",
    date=date(2012, 9, 27),
)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, True),
        ({"amount_final": Decimal(654000)}, True),  # within 1 % of the awarded amount
        ({"amount_awarded": Decimal(700500), "amount_final": Decimal(700500)}, True),  # of final
        ({"amount_awarded": Decimal(660000), "amount_final": Decimal(660000)}, False),  # 1.8 %
        ({"date": date(2012, 11, 19)}, True),  # 60 days after the SEAO date
        ({"date": date(2012, 11, 20)}, False),  # 61 days
        ({"date": None}, False),  # unknown date: never merged
        ({"buyer_city": "Laval"}, False),
        ({"buyer_city": None}, False),
        ({"supplier_name": "Pavages Chenail (Les) Ltée"}, True),  # article moved, legal form
        ({"supplier_name": "PAVAGES CHÉNAIL INC"}, True),  # article, accent, legal form
        ({"supplier_name": "Pavages Chenail Nord inc."}, False),
        ({"supplier_name": "PAVAGES CHENAIL"}, True),  # no legal form: agrees with any
        ({"supplier_name": "PAVAGES CHENAIL ENR."}, False),  # a sole proprietorship, not inc.
        ({"supplier_name": "Les Pavages Chenail S.E.N.C."}, False),  # a partnership
        ({"supplier_name": "PAVAGES CHENAIL ENR.", "supplier_neq": "1140000001"}, True),  # NEQ
        ({"source_id": "seao-contrats"}, False),  # same source: collapse handles it
        ({"supplier_neq": "1140000001", "supplier_name": "Autre nom"}, True),  # NEQs agree
        ({"supplier_neq": "1140000002"}, False),  # NEQs disagree
    ],
)
def test_same_contract(change: dict, expected: bool) -> None:
    other = replace(MTL, **change)
    assert same_contract(other, SEAO) is expected
    assert same_contract(SEAO, other) is expected  # symmetric


#: One award of 648 253,48 $ shared by two suppliers: SEAO gives each row half.
JOINT = replace(SEAO, amount_awarded=Decimal("324126.74"), amount_final=None, supplier_count=2)


@pytest.mark.parametrize(
    ("seao", "montreal_amount", "expected"),
    [
        (JOINT, Decimal(648253), True),  # Montréal publishes the whole award
        (JOINT, Decimal(324127), True),  # … or the share
        (JOINT, Decimal(500000), False),
        (replace(JOINT, supplier_count=1), Decimal(648253), False),  # not a share: no doubling
        (replace(JOINT, supplier_count=3), Decimal(972380), True),  # three shares
    ],
)
def test_joint_award_matches_the_whole_award(
    seao: ContractRow, montreal_amount: Decimal, expected: bool
) -> None:
    other = replace(MTL, amount_awarded=montreal_amount, amount_final=montreal_amount)
    assert same_contract(other, seao) is expected
    assert same_contract(seao, other) is expected


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Transport L'Entraide S.E.N.C.", {"partnership"}),
        ("X s.e.n.c.r.l.", {"partnership"}),
        ("LOUISBOURG SBC, S.E.C.", {"partnership"}),
        ("Nettoyage à sec", set()),  # « sec » without dots is a word
        ("DISTRIBUTION L'ENTRAIDE ENR.", {"sole proprietorship"}),
        ("Pavages Chenail (Les) Ltée", {"company"}),
        ("GESTION LA CLE DES CHAMPS INC INC.", {"company"}),
        ("Coop Enregistrements du Nord", set()),
        ("Construction X & Cie", set()),  # « cie » says nothing of the kind
        (None, set()),
    ],
)
def test_legal_kinds(name: str | None, kinds: set[str]) -> None:
    assert legal_kinds(name) == kinds


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Les Pavages Chenail inc.", "PAVAGES CHENAIL"),
        ("B.P. ASPHALTE INC.", "BP ASPHALTE"),
        ("LOUISBOURG SBC S.E.C", "LOUISBOURG SBC"),
        ("A & A VITRES ET MIROIRS INC.", "A ET A VITRES ET MIROIRS"),
        ("Coopérative de solidarité Écolo", "COOPERATIVE DE SOLIDARITE ECOLO"),
        ("", ""),
        (None, ""),
    ],
)
def test_name_key(name: str | None, key: str) -> None:
    assert name_key(name) == key


def test_drop_duplicates_counts_each_contract_once() -> None:
    unrelated = replace(MTL, supplier_name="AUTRE FOURNISSEUR", contract_key="conseil|2|1")
    twin = replace(MTL, contract_key="conseil|1125331006|2")  # a second line, same contract
    kept, pairs = drop_duplicates([SEAO], [MTL, unrelated, twin])
    assert kept == [unrelated, twin]  # one SEAO row absorbs at most one Montréal row
    assert pairs == [(MTL, SEAO)]


def _staged(rows: list[tuple[str, str, str, float, int]]) -> pd.DataFrame:
    """Staged contract rows: source, key, supplier, amount, supplier_count (Montréal, one date)."""
    return pd.DataFrame(
        [
            {"source_id": s, "contract_key": k, "supplier_name": n, "supplier_neq": None,
             "amount_awarded": a, "amount_final": a, "buyer_city": "Montréal",
             "date": date(2024, 5, 1), "supplier_count": c, "also_published_as": None}
            for s, k, n, a, c in rows
        ]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "kept"),
    [
        (  # a joint award: SEAO halves, Montréal the whole under the first supplier
            [("seao", "o1|a|x", "Excavation Nord inc.", 310408.30, 2),
             ("seao", "o1|a|y", "Coop Ruche", 310408.30, 2),
             ("montreal", "conseil|1|1", "EXCAVATION NORD INC.", 620817.0, 1)],
            ["o1|a|x", "o1|a|y"],
        ),
        (  # a sole supplier's row is no share: half the Montréal amount is another contract
            [("seao", "o2|a|x", "Excavation Nord inc.", 310408.30, 1),
             ("montreal", "conseil|2|1", "EXCAVATION NORD INC.", 620817.0, 1)],
            ["conseil|2|1", "o2|a|x"],
        ),
    ],
)  # fmt: skip
def test_montreal_copy_of_a_joint_award_is_dropped(rows: list, kept: list[str]) -> None:
    out, dropped = drop_montreal_duplicates(_staged(rows), {"seao"})
    assert sorted(out.contract_key) == kept
    assert dropped == len(rows) - len(kept)
