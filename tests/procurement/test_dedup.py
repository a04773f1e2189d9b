"""Montréal vs SEAO: the same contract is counted once; the rule's precision on crafted pairs.

Crafted pairs (below) hold true duplicates as the two publishers write them (council amount in
whole dollars vs SEAO cents, signature vs award date weeks apart, upper-case names with legal
forms) and hard non-duplicates (same supplier and city, other amount or year; other city;
undated rows). Measured: every predicted duplicate is a true one (precision 1.0 on 12 pairs),
6 of 6 true duplicates found. The bundled real rows (SEAO 2011-2018, Montréal council 2012 and
officials 2011-2015) share no contract: a single supplier appears in both (Les Pavages Chenail,
648 253 $ in 2012 vs 10.8 M$ in 2014), so the sample's contracts table drops nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from esq.contracts.dedup import drop_duplicates, name_key, same_contract
from esq.contracts.read import read_montreal, read_ocds
from esq.contracts.rows import ContractRow
from tests.shared_data import REPO_ROOT as REPO


def _row(source: str, name: str, amount: str | None, when: date | None, city: str = "Montréal",
         final: str | None = None) -> ContractRow:  # fmt: skip
    return ContractRow(
        source_id=source,
        contract_key=f"{source}|{name}|{amount}|{when}",
        supplier_name=name,
        amount_awarded=Decimal(amount) if amount else None,
        amount_final=Decimal(final) if final else None,
        buyer_city=city,
        date=when,
    )


S, M = "seao-contrats", "montreal-contrats-conseil"
PAIRS = [  # (SEAO row, Montréal row, same contract?)
    (_row(S, "Les Pavages Chenail inc.", "648253.48", date(2012, 9, 20)),
     _row(M, "LES PAVAGES CHENAIL INC.", "648253", date(2012, 9, 27)), True),
    (_row(S, "Dessau", "396555.84", date(2011, 6, 15)),
     _row(M, "DESSAU INC.", "396556", date(2011, 7, 30)), True),
    (_row(S, "Sintra inc.", "500000", date(2014, 3, 1), final="568019.38"),
     _row(M, "SINTRA INC", "568019", date(2014, 3, 10)), True),
    (_row(S, "Groupe Hexagone, s.e.c.", "1200000.00", date(2016, 5, 2)),
     _row(M, "GROUPE HEXAGONE S.E.C.", "1205000", date(2016, 5, 30)), True),
    (_row(S, "Les Services EXP Inc", "75000", date(2015, 1, 10)),
     _row(M, "LES SERVICES EXP INC.", "75000", date(2015, 2, 1)), True),
    (_row(S, "Cima+ s.e.n.c.", "210000", date(2013, 4, 4)),
     _row(M, "CIMA+ SENC", "209500", date(2013, 4, 24)), True),
    # same supplier and city, another contract: amount differs
    (_row(S, "Dessau", "396555.84", date(2011, 6, 15)),
     _row(M, "DESSAU INC.", "150000", date(2011, 6, 20)), False),
    # same amount, another year
    (_row(S, "Les Services EXP Inc", "75000", date(2015, 1, 10)),
     _row(M, "LES SERVICES EXP INC.", "75000", date(2016, 1, 12)), False),
    # another city
    (_row(S, "Englobe Corp.", "88000", date(2017, 3, 3), city="Laval"),
     _row(M, "ENGLOBE CORP", "88000", date(2017, 3, 10)), False),
    # undated Montréal row (the 2014-2015 officials file): never matched
    (_row(S, "Loiselle inc.", "45000", date(2015, 6, 1)),
     _row(M, "LOISELLE INC.", "45000", None), False),
    # other supplier, same amount and date
    (_row(S, "Construction NRC Inc.", "250000", date(2014, 8, 8)),
     _row(M, "CONSTRUCTION LAROTEK INC.", "250000", date(2014, 8, 8)), False),
    # amounts 2 % apart (over the 1 % tolerance)
    (_row(S, "Loiselle inc.", "100000", date(2015, 6, 1)),
     _row(M, "LOISELLE INC.", "102000", date(2015, 6, 5)), False),
]  # fmt: skip


def test_rule_precision_and_recall_on_crafted_pairs() -> None:
    predicted = [same_contract(m, s) for s, m, _ in PAIRS]
    truth = [same for _, _, same in PAIRS]
    true_pos = sum(p and t for p, t in zip(predicted, truth, strict=True))
    assert true_pos / sum(predicted) == 1.0  # precision
    assert true_pos / sum(truth) == 1.0  # recall on these pairs
    assert all(same_contract(s, m) == same_contract(m, s) for s, m, _ in PAIRS)  # symmetric


def test_drop_duplicates_counts_each_contract_once() -> None:
    seao = [s for s, _, same in PAIRS if same]
    montreal = [m for _, m, _ in PAIRS]
    kept, pairs = drop_duplicates(seao, montreal)
    assert len(pairs) == 6
    assert len(kept) == len(montreal) - 6


def _landed(source_id: str) -> list:
    entry = next((REPO / "sample" / "landing" / source_id).iterdir())
    return sorted((p.name, p) for p in (entry / "files").iterdir())


def test_bundled_real_rows_have_no_overlap() -> None:
    seao, _ = read_ocds("seao-contrats", _landed("seao-contrats"))
    montreal = []
    for source in ("montreal-contrats-conseil", "montreal-contrats-fonctionnaires"):
        montreal += read_montreal(source, _landed(source), source)[0]
    assert len(seao) == 197 and len(montreal) == 218
    seao_names = {name_key(r.supplier_name) for r in seao if r.buyer_city == "Montréal"}
    # one supplier in common, for other contracts (648 253 $ in 2012 vs 10.8 M$ in 2014)
    assert seao_names & {name_key(r.supplier_name) for r in montreal} == {"PAVAGES CHENAIL"}
    assert drop_duplicates(seao, montreal)[1] == []
