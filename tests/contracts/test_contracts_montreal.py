"""Montréal's contract CSV layouts → contract rows, bad lines → rejects with a reason."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from contracts_shared_data import sample_file, shared_real

from esq.contracts.montreal import MontrealFormatError, parse_amount, parse_montreal
from esq.contracts.rows import Reject

FIXTURES = Path(__file__).parent / "fixtures"
DUMMY = "A DUMMY LINE TO SEE IF I CATCH INVALID STUFF"  # the artificial line in contracts.csv
FULL_2014 = "20142015contratsfonctionnairesvillecentrale.csv"


def _parse(path: Path, dataset: str = "d") -> tuple[list, list[Reject]]:
    rejects: list[Reject] = []
    with path.open("rb") as fh:
        rows = list(parse_montreal(fh, dataset, rejects, file_name=path.name))
    return rows, rejects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("39757,63", "39757.63"),
        ("25 394 602,80", "25394602.80"),
        ("25\u00a0394\u202f602,80 $", "25394602.80"),
        ("648253", "648253"),
        ("1,234.56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("250.5", "250.5"),
        ("-12,50", "-12.50"),
    ],
)
def test_parse_amount(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "  ", "N/A", "12,34,56x", "nan", "inf"])
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="MONTANT"):
        parse_amount(text)


def test_council_layout_and_dummy_line_rejected() -> None:
    rows, rejects = _parse(sample_file("montreal-contrats-conseil", "contracts.csv"), "conseil")
    assert len(rows) == 9
    assert [(r.locator, r.reason, r.raw) for r in rejects] == [
        (
            "contracts.csv:8",
            "expected 9 fields, got 1",
            "A DUMMY LINE TO SEE IF I CATCH INVALID STUFF",
        )
    ]
    first = rows[0]
    assert first.supplier_name == "AGENCE DE LA SANTÉ ET DES SERVICES SOCIAUX DE MONTRÉAL"
    assert (first.amount_final, first.date) == (Decimal(25394603), date(2012, 9, 14))
    assert first.contract_key == "conseil|1124069003|1"
    assert first.unit_detail == "DIRECTION STRATÉGIES ET TRANSACTIONS IMMOBILIÈRES"
    assert all(r.buyer_city == "Montréal" for r in rows)


def test_officials_layout_decimal_comma_and_embedded_newline() -> None:
    path = sample_file("montreal-contrats-fonctionnaires", "contractsfonc.csv")
    rows, rejects = _parse(path, "fonctionnaires")
    assert rejects == []
    assert len(rows) == 9
    assert rows[0].amount_final == Decimal("39757.63")
    assert rows[0].category == "BIENS PATRIMONIAUX"
    multiline = [r for r in rows if r.supplier_name == "135 24R SARL"]
    assert len(multiline) == 1 and multiline[0].record_ref == "contractsfonc.csv:5"
    # the same NUMÉRO on several lines (split invoices) keeps distinct keys
    keys = [r.contract_key for r in rows if "|730589|" in r.contract_key]
    assert keys == ["fonctionnaires|730589|1", "fonctionnaires|730589|2", "fonctionnaires|730589|3"]


def test_headerless_2014_2015_slice_has_no_dates() -> None:
    name = "20142015contratsfonctionnairesvillecentrale-200.csv"
    rows, rejects = _parse(sample_file("montreal-contrats-fonctionnaires", name))
    assert (len(rows), rejects) == (200, [])
    assert all(r.date is None for r in rows)
    assert rows[0].supplier_name == "3M CANADA" and rows[0].amount_final == Decimal("7801.41")


def test_full_2014_2015_file() -> None:
    rows, rejects = _parse(
        shared_real("montreal-contrats", "20142015contratsfonctionnairesvillecentrale.csv")
    )
    assert (len(rows), rejects) == (1153, [])
    assert len({r.contract_key for r in rows}) == 1153


def test_datastore_variant_without_accents() -> None:
    rows, rejects = _parse(FIXTURES / "officials_datastore.csv")
    assert [(r.supplier_name, r.amount_final, r.date) for r in rows] == [
        ("COOPERATIVE EXEMPLE", Decimal("12345.67"), date(2024, 3, 5)),
        ("ATELIER EXEMPLE INC.", Decimal("1000.00"), None),  # missing date kept as null
        ("ATELIER EXEMPLE INC.", Decimal("250.5"), date(2024, 3, 7)),
    ]
    assert rows[1].title == 'IMPRESSION "RAPPORT" ANNUEL'  # quoted newline folded to a space
    assert [(r.locator, r.reason) for r in rejects] == [
        ("officials_datastore.csv:6", "MONTANT '' is not an amount"),
        ("officials_datastore.csv:7", "date '05/03/2024' is not YYYY-MM-DD"),
    ]


def test_borough_variant_unit_is_the_borough() -> None:
    rows, rejects = _parse(FIXTURES / "borough.csv", "arrondissements")
    assert rejects == []
    assert [(r.buyer_unit, r.amount_final, r.contract_key) for r in rows] == [
        ("VERDUN", Decimal(98765), "arrondissements|1243000001|1"),
        ("ANJOU", Decimal("1234567.89"), "arrondissements|1243000002|1"),
    ]


@pytest.mark.parametrize(
    "data",
    [b'"A","B","C"\n"1","2","3"\n', b"x,y\n1,2\n"],
    ids=["unknown-header", "too-few-columns"],
)
def test_unknown_layout_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(MontrealFormatError, match="unknown Montréal contract header"):
        list(parse_montreal(io.BytesIO(data), "d", []))


def test_empty_file_gives_nothing() -> None:
    rejects: list[Reject] = []
    assert list(parse_montreal(io.BytesIO(b""), "d", rejects)) == []
    assert rejects == []


COUNCIL = "FOURNISSEUR;SERVICE;NO DE DOSSIER;OBJET;DATE SIGNATURE;MONTANT\n"


@pytest.mark.parametrize(
    ("label", "data", "suppliers", "amounts", "rejected"),
    [
        ("French Excel: ';' and decimal commas",
         (COUNCIL + "Coopérative Élan;Culture;D1;Ateliers, été;2024-03-01;25 394,80\n"
          "Tech Inc.;TI;D2;Logiciel;2024-04-02;1 200,5\n").encode(),
         ["Coopérative Élan", "Tech Inc."], [Decimal("25394.80"), Decimal("1200.5")], []),
        ("a whole cp1252 file",
         (COUNCIL + "Café Équitable;Culture;D1;Objet;2024-03-01;100,00\n").encode("cp1252"),
         ["Café Équitable"], [Decimal("100.00")], []),
        ("UTF-8 with one cp1252 line: decoded per line, flagged",
         (COUNCIL + "Coopérative Élan;Culture;D1;Objet;2024-03-01;10\n").encode()
         + "Café Équitable;Culture;D2;Objet;2024-03-02;20\n".encode("cp1252"),
         ["Coopérative Élan", "Café Équitable"], [Decimal(10), Decimal(20)],
         [("encoding_mixed", "value")]),
    ],
)  # fmt: skip
def test_files_saved_another_way_are_read(label, data, suppliers, amounts, rejected) -> None:
    rejects: list[Reject] = []
    rows = list(parse_montreal(io.BytesIO(data), "conseil", rejects, file_name="f.csv"))
    assert [r.supplier_name for r in rows] == suppliers, label
    assert [r.amount_final for r in rows] == amounts
    assert [(r.rule, r.severity) for r in rejects] == rejected
