"""`esq match`: columns guessed or named, every row linked with the contracts' linker, output
formula-safe in CSV and XLSX with every input column kept, the summary, and bad input files
refused with a message naming the problem."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from match_warehouse import make_warehouse
from openpyxl import Workbook, load_workbook

from esq.matching.columns import guess_columns
from pipelines.cli import main

HEADER = ["No", "Nom du fournisseur", "NEQ du fournisseur", "Ville", "Code postal",
          "Montant ($)", "Date de paiement", "Note"]  # fmt: skip
ROWS = [
    ["1", "RESSOURCERIE TABLE DES BOIS INC.", "", "Trois-Rivieres", "", "1 000,00 $",
     "2023-05-01", "=HYPERLINK(\"http://x\")"],
    ["2", "Un nom sans rapport", "1167280206", "", "", "500", "2024-01-02", ""],
    ["3", "Grenier populaire", "", "", "", "300", "2024-02-02", ""],
    ["4", "Grenier populaire", "", "Sherbrooke", "J1H 2B2", "200", "2024-02-03", ""],
    ["5", "ANNA AMARI", "", "", "", "50", "2024-02-04", ""],
    ["6", "Pavage Exemple ltée", "", "", "", "4000", "2024-03-03", "+1"],
]  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("match-home")
    make_warehouse(home / "warehouse.duckdb")
    return home


def _csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "cp1252",
         delimiter: str = ";") -> Path:  # fmt: skip
    with path.open("w", encoding=encoding, newline="") as out:
        csv.writer(out, delimiter=delimiter).writerows([header, *rows])
    return path


def _run(home: Path, *args: str) -> int:
    return main(["--home", str(home), "match", *args])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            HEADER,
            {
                "name": "Nom du fournisseur",
                "neq": "NEQ du fournisseur",
                "municipality": "Ville",
                "postal_code": "Code postal",
                "amount": "Montant ($)",
                "date": "Date de paiement",
            },
        ),
        (
            ["SUPPLIER_NAME", "AMOUNT", "INVOICE DATE"],
            {"name": "SUPPLIER_NAME", "amount": "AMOUNT", "date": "INVOICE DATE"},
        ),
        (
            ["Fournisseur", "Adresse", "Année"],
            {"name": "Fournisseur", "address": "Adresse", "date": "Année"},
        ),
        (["Bénéficiaire", "Montant payé"], {"name": "Bénéficiaire", "amount": "Montant payé"}),
        (["Code", "Description"], {}),
        (
            ["supplier_name", "buyer_city", "Ville de l'acheteur"],
            {"name": "supplier_name", "buyer_city": "buyer_city"},  # never the supplier's town
        ),
    ],
)
def test_guesses(header: list[str], expected: dict[str, str]) -> None:
    assert guess_columns(header) == expected


def test_match_csv(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    src = _csv(tmp_path / "paiements.csv", HEADER, ROWS)
    assert _run(home, str(src)) == 0
    printed = capsys.readouterr().out
    assert 'supplier name: "Nom du fournisseur" (guessed from the header)' in printed
    assert "rows: 6; linked to a social economy enterprise: 3" in printed
    assert "waiting in review: 1;" in printed and "natural persons (never linked): 1" in printed
    # the tie between two social economy enterprises (row 3) is social economy spend, as in
    # the contracts mart, and still waits in review for which of them
    assert "with social economy enterprises: $2,000.00 (33.1%)" in printed
    assert "waiting in review: $300.00" in printed
    assert "tie between social economy enterprises only: 1 row, $300.00" in printed
    assert "2023 | 1 | 1 | $1,000.00 | $1,000.00 | 100.0% | $0.00" in printed
    assert "ANNA" not in printed  # persons never appear in the summary
    with (tmp_path / "paiements.matched.csv").open(encoding="utf-8-sig", newline="") as f:
        out = list(csv.DictReader(f))
    assert list(out[0])[: len(HEADER)] == HEADER  # every input column kept, in order
    by_no = {r["No"]: r for r in out}
    assert (by_no["1"]["enterprise_id"], by_no["1"]["link_method"]) == ("E1", "name_exact")
    assert by_no["1"]["Note"].startswith("'=")  # formula neutralised
    assert by_no["6"]["Note"] == "'+1"
    assert (by_no["2"]["enterprise_id"], by_no["2"]["neq"]) == ("E3", "1167280206")
    assert by_no["2"]["link_method"] == "neq" and by_no["2"]["social_economy_basis"] == "listed"
    tie = by_no["3"]
    assert tie["needs_review"] == "True" and tie["enterprise_id"] == ""
    assert tie["tied_social_economy"] == "True"
    assert {r["tied_social_economy"] for r in out if r["No"] != "3"} == {"False"}
    assert tie["review_candidates"] == (
        "E4 Coop Grenier populaire | E5 Cuisine collective Grenier populaire"
    )
    # the same tie, with the supplier's postal code: one candidate is there
    # (the supplier's town breaks the tie first; its postal code would too: ``name_place``)
    assert by_no["4"]["enterprise_id"] == "E4"
    assert by_no["4"]["link_method"] in ("name_exact", "name_place")
    assert by_no["5"]["link_method"] == "person" and by_no["5"]["enterprise_id"] == ""
    assert by_no["6"]["link_method"] == "no_match"


@pytest.mark.parametrize(
    ("buyer_column", "args", "expected"),
    [
        ("", [], ["", ""]),  # namesakes in two towns: both rows wait in review
        ("", ["--buyer", "Sherbrooke"], ["E4", "E4"]),  # a list of one city
        ("", ["--buyer", "Trois-Rivières"], ["E5", "E5"]),
        ("Trois-Rivières", ["--buyer", "Sherbrooke"], ["E5", "E4"]),  # the column wins per row
    ],
)
def test_the_buyers_town_breaks_ties_between_namesakes(
    home: Path, tmp_path: Path, buyer_column: str, args: list[str], expected: list[str]
) -> None:
    header = ["Fournisseur", "Ville de l'acheteur", "Montant"]
    src = _csv(tmp_path / "l.csv", header, [["Grenier populaire", buyer_column, "10"],
                                            ["GRENIER POPULAIRE", "", "20"]])  # fmt: skip
    assert _run(home, str(src), *args) == 0
    with (tmp_path / "l.matched.csv").open(encoding="utf-8-sig", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["enterprise_id"] for r in out] == expected
    assert [r["needs_review"] for r in out] == [str(not e) for e in expected]


def test_match_xlsx_with_mapping_file(home: Path, tmp_path: Path, capsys) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Fourn.", "Montant", "Exercice", "Commentaire"])
    sheet.append(["Coop de travail Velo de l'Est", 1234.5, 2022, "@SUM(A1)"])
    sheet.append(["Les Ateliers Pignon du Quartier", 100, 2022, None])
    book.save(tmp_path / "list.xlsx")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("name: Fourn.\namount: Montant\n", encoding="utf-8")
    out = tmp_path / "out" / "result.xlsx"
    assert _run(home, str(tmp_path / "list.xlsx"), "--mapping", str(mapping), "--date",
                "Exercice", "-o", str(out)) == 0  # fmt: skip
    printed = capsys.readouterr().out
    assert 'supplier name: "Fourn." (given)' in printed and 'date: "Exercice" (given)' in printed
    assert "2022 | 2 | 2 | $1,334.50 | $1,334.50 | 100.0%" in printed
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("Fourn.", "Montant", "Exercice", "Commentaire")
    first = dict(zip(header, rows[1], strict=True))
    assert first["enterprise_id"] == "E2" and first["Commentaire"] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("content", "args", "says"),
    [
        (None, [], "is empty (0 bytes)"),
        ("\n\n", [], "bad.csv is empty, not a CSV or XLSX table"),
        ("<!DOCTYPE html><html><title>Erreur</title></html>", [], "is an HTML page"),
        ("Fournisseur;Montant\n", [], "has a header (2 columns) but no rows"),
        ("Fournisseur;Montant\nA;1\n", ["--name", "Fournisseurs"],
         'no column "Fournisseurs" (given as the supplier name) in the file. Did you mean '
         '"Fournisseur"?'),
        ("Fournisseur;Montant\nA;1\n", ["--amount", "Total"],
         'no column "Total" (given as the amount)'),
        ("Code;Description\n1;2\n", [], "no supplier name column"),
        ("Fournisseur;Montant\n10023;1\n20044;2\n", [],
         'the supplier name column "Fournisseur" holds only numbers (e.g. "10023")'),
        ("Fournisseur;Montant\n;1\n  ;2\n", [], 'is empty in every row'),
        ("Fournisseur;Montant\nA;n/d\nB;gratuit\n", [],
         'the amount column "Montant" holds no amount (e.g. "n/d")'),
        ("Fournisseur;Montant\nA;1\n", ["-o", "out.txt"], "must end in .csv or .xlsx"),
    ],
)  # fmt: skip
def test_bad_input_files(home: Path, tmp_path: Path, capsys, content, args, says) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(content or "", encoding="utf-8")
    args = [a if a != "out.txt" else str(tmp_path / a) for a in args]
    assert _run(home, str(src), *args) == 2
    err = capsys.readouterr().err
    assert says in err and "bad.csv" in err
    assert not (tmp_path / "bad.matched.csv").exists()


def test_bad_xlsx_and_mapping(home: Path, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert _run(home, str(broken)) == 2
    assert "cannot be read as a CSV or XLSX table" in capsys.readouterr().err
    src = _csv(tmp_path / "ok.csv", ["Fournisseur"], [["A"]])
    mapping = tmp_path / "map.json"
    mapping.write_text('["Fournisseur"]', encoding="utf-8")
    assert _run(home, str(src), "--mapping", str(mapping)) == 2
    assert "must map roles to column names" in capsys.readouterr().err
    mapping.write_text('{"supplier": "Fournisseur"}', encoding="utf-8")
    assert _run(home, str(src), "--mapping", str(mapping)) == 2
    assert "unknown role(s) supplier" in capsys.readouterr().err


def test_short_rows_are_reported_not_lost(home: Path, tmp_path: Path, capsys) -> None:
    src = tmp_path / "short.csv"
    src.write_text("Fournisseur,Montant\nRessourcerie Table des Bois,10\nB\n", encoding="utf-8")
    assert _run(home, str(src)) == 0
    printed = capsys.readouterr().out
    assert "note: line 3: 1 cells where the header has 2: not matched" in printed
    assert "rows: 1; linked to a social economy enterprise: 1" in printed


def test_no_warehouse_yet(tmp_path: Path, capsys) -> None:
    src = _csv(tmp_path / "ok.csv", ["Fournisseur"], [["A"]])
    assert main(["--home", str(tmp_path / "empty-home"), "match", str(src)]) == 2
    assert "no warehouse at" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("town", "postal", "expected"),
    [
        ("", "", "E4"),  # nothing said of the supplier's place: the buyer's town decides
        ("Sherbrooke", "", "E4"),
        ("Granby", "", ""),  # the supplier is elsewhere: the namesake in town waits in review
        ("", "J1H 2B2", "E4"),
        ("", "G0X 1X1", ""),
    ],
)
def test_a_tie_the_buyers_town_broke_waits_when_the_supplier_is_elsewhere(
    home: Path, tmp_path: Path, town: str, postal: str, expected: str
) -> None:
    header = ["Fournisseur", "Ville de l'acheteur", "Ville", "Code postal", "Montant"]
    rows = [["Grenier populaire", "Sherbrooke", town, postal, "10"]]
    assert _run(home, str(_csv(tmp_path / "l.csv", header, rows))) == 0
    with (tmp_path / "l.matched.csv").open(encoding="utf-8-sig", newline="") as f:
        (out,) = list(csv.DictReader(f))
    assert out["enterprise_id"] == expected
    if not expected:
        assert out["needs_review"] == "True"
        assert out["review_candidates"].startswith("E4 Coop Grenier populaire")
        assert "E5 Cuisine collective Grenier populaire" in out["review_candidates"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a numbered name and the trade name under one NEQ: one supplier
        (
            [
                ["9182-7120 Québec inc.", "1160000007"],
                ["Vélo de l'Est coop de travail", "1160000007"],
            ],
            ["E2", "E2"],
        ),
        # another NEQ: another supplier, the numbered name stays unmatched
        (
            [
                ["9182-7120 Québec inc.", "1160000015"],
                ["Vélo de l'Est coop de travail", "1160000007"],
            ],
            ["", "E2"],
        ),
    ],
)
def test_rows_of_one_neq_are_one_supplier(
    home: Path, tmp_path: Path, rows: list[list[str]], expected: list[str]
) -> None:
    src = _csv(tmp_path / "l.csv", ["Fournisseur", "NEQ"], rows)
    assert _run(home, str(src)) == 0
    with (tmp_path / "l.matched.csv").open(encoding="utf-8-sig", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["enterprise_id"] for r in out] == expected
