"""Bad tabular files get a clear error or a quarantined row that says why, never silent damage."""

from __future__ import annotations

from pathlib import Path

import pytest

from esq.adapters.base import ParseError
from esq.adapters.tabular import parse_table_bytes
from esq.catalog import Licence, Source
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.stage import stage_source
from tests.shared_data import MUN_CSV

SOURCE = Source(
    id="hub", kind="tabular", role="listing", title="t", publisher="p",
    licence=Licence(id="x", title="x", attribution="x"),
    mapping={"name": "Nom", "municipality": "Ville"}, record_key=["Nom"],
)  # fmt: skip
HEADER = b"Nom;Ville\n"
UTF8 = "Coopérative Élan;Lévis\n".encode()
CP1252 = "Café Équitable;Québec\n".encode("cp1252")  # one line from another system
NEITHER = b"Caf\x81 \x8d;Qu\x90bec\n"  # bytes that are UTF-8 nowhere and undefined in cp1252
TAIL = "Énergie Verte;Sherbrooke\n".encode()


def parse(tmp_path: Path, body: bytes, name: str = "f.csv"):
    path = tmp_path / name
    path.write_bytes(body)
    return parse_table_bytes(SOURCE, name, path)


def rules(parsed) -> list[tuple[str, str, str]]:
    return [(r.rule, r.severity, r.location) for r in parsed.rejects]


@pytest.mark.parametrize(
    ("label", "body", "names", "expected"),
    [
        ("utf-8 file, one cp1252 line: decoded per line", HEADER + UTF8 + CP1252 + TAIL,
         ["Coopérative Élan", "Café Équitable", "Énergie Verte"],
         [("encoding_mixed", "value", "f.csv:3")]),
        ("a line in neither encoding is quarantined", HEADER + UTF8 + NEITHER + TAIL,
         ["Coopérative Élan", "Énergie Verte"], [("encoding", "row", "f.csv:3")]),
        ("a whole cp1252 file stays cp1252", HEADER + CP1252 + "Élan;Lévis\n".encode("cp1252"),
         ["Café Équitable", "Élan"], []),
        ("NUL bytes are removed with a warning", HEADER + b"Coop\x00 Nord;L\x00evis\n" + TAIL,
         ["Coop Nord", "Énergie Verte"], [("nul_bytes", "value", "f.csv:2")]),
        ("an overlong field quarantines its row only",
         HEADER + b'"' + b"x" * 200_000 + b'";Laval\n' + UTF8,
         ["Coopérative Élan"], [("field_too_long", "row", "f.csv:2")]),
    ],
)  # fmt: skip
def test_bad_lines_are_repaired_or_quarantined(tmp_path, label, body, names, expected) -> None:
    parsed = parse(tmp_path, body)
    assert [r.fields["Nom"] for r in parsed.records] == names, label
    assert [r.record_key for r in parsed.records] == names  # keys never hold a NUL
    assert rules(parsed) == expected
    assert not any("Ã" in r.fields["Nom"] for r in parsed.records)  # no mojibake


def test_a_nul_never_splits_one_record_into_two_keys(tmp_path) -> None:
    clean = parse(tmp_path, HEADER + b"Coop Nord;Laval\n").records[0].record_key
    dirty = parse(tmp_path, HEADER + b"Coop\x00 Nord;Laval\n").records[0].record_key
    assert clean == dirty == "Coop Nord"


def test_repairs_reach_the_quarantine_as_value_warnings(tmp_path) -> None:
    parsed = parse(tmp_path, HEADER + UTF8 + CP1252 + NEITHER)
    staged = stage_source(SOURCE, "f1", parsed, MunicipalityIndex.from_csv(MUN_CSV))
    got = sorted((q.rule, q.severity) for q in staged.quarantine)
    assert got == [("encoding", "row"), ("encoding_mixed", "value")]
    assert sorted(staged.listings["name"]) == ["Café Équitable", "Coopérative Élan"]


@pytest.mark.parametrize(
    ("name", "body", "outcome"),
    [
        ("export.xlsx", HEADER + UTF8, "CSV text"),  # a CSV saved under an .xlsx name is read
        ("f.csv", b"<!DOCTYPE html><html><head><title>Connexion</title></head><body>",
         "f.csv is an HTML page (title 'Connexion'), not a CSV or XLSX table"),
        ("f.csv", b"%PDF-1.7 ...", "f.csv is a PDF document"),
        ("f.csv", b'{"records": []}', "f.csv is JSON, not a CSV"),
        ("f.csv", "Nom;Ville\nCoopérative Élan;Lévis\n".encode("utf-16"), "CSV text"),
    ],
)  # fmt: skip
def test_the_real_content_is_named(tmp_path, name, body, outcome) -> None:
    if outcome == "CSV text":
        parsed = parse(tmp_path, body, name)
        assert [r.fields["Nom"] for r in parsed.records] == ["Coopérative Élan"]
        if name.endswith(".xlsx"):
            assert rules(parsed) == [("file_type", "value", name)]
            assert "holds CSV text, not an XLSX workbook" in parsed.rejects[0].message
    else:
        with pytest.raises(ParseError, match=outcome.replace("(", r"\(").replace(")", r"\)")):
            parse(tmp_path, body, name)
