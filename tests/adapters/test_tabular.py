"""Tabular files as hubs and cities really send them: encodings, delimiters, Excel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from esq.adapters.tabular import parse_table_bytes
from esq.catalog import Licence, Source
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.stage import stage_source
from tests.shared_data import MUN_CSV

LICENCE = Licence(id="x", title="x", attribution="x")
MAPPING = {"name": "Nom", "municipality": "Ville", "latitude": "Lat", "longitude": "Long"}


def _source(**options) -> Source:
    return Source(
        id="hub",
        kind="tabular",
        role="listing",
        title="t",
        publisher="p",
        licence=LICENCE,
        mapping=MAPPING,
        options=options,
        record_key=["Nom"],
    )


def _file(tmp_path: Path, body: bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(body)
    return path


@pytest.mark.parametrize(
    ("label", "body"),
    [
        (
            "utf-8 with BOM, commas",
            '\ufeffNom,Ville,Lat,Long\nCoopérative Élan,Lévis,"46,8","-71,18"\n'.encode(),
        ),
        ("utf-8, semicolons", "Nom;Ville;Lat;Long\nCoopérative Élan;Lévis;46,8;-71,18\n".encode()),
        (
            "cp1252, semicolons (Excel)",
            "Nom;Ville;Lat;Long\r\nCoopérative Élan;Lévis;46,8;-71,18\r\n".encode("cp1252"),
        ),
        (
            "latin-1, tabs",
            "Nom\tVille\tLat\tLong\nCoopérative Élan\tLévis\t46,8\t-71,18\n".encode("latin-1"),
        ),
    ],
)
def test_encodings_delimiters_and_decimal_commas(tmp_path, label, body):
    parsed = parse_table_bytes(_source(), "f.csv", _file(tmp_path, body))
    assert parsed.columns == ["Nom", "Ville", "Lat", "Long"], label
    assert [r.fields["Nom"] for r in parsed.records] == ["Coopérative Élan"]
    staged = stage_source(_source(), "hub/1", parsed, MunicipalityIndex.from_csv(MUN_CSV))
    row = staged.listings.iloc[0]
    assert (row.municipality, row.latitude, row.longitude) == ("Lévis", 46.8, -71.18)


def test_quoted_newlines_trailing_delimiter_and_bad_rows(tmp_path):
    body = b'Nom,Ville,Lat,Long\n"Atelier\nde la Gare",Sherbrooke,,,\nCoop Une,Laval,,,EXTRA\n\n'
    parsed = parse_table_bytes(_source(), "f.csv", _file(tmp_path, body))
    assert [r.fields["Nom"] for r in parsed.records] == ["Atelier\nde la Gare"]
    assert [(r.rule, r.location) for r in parsed.rejects] == [("row_shape", "f.csv:4")]


def test_header_less_file_with_declared_columns(tmp_path):
    body = b"Coop Une;Laval;45,6;-73,7\n"
    source = _source(columns=["Nom", "Ville", "Lat", "Long"], delimiter=";")
    parsed = parse_table_bytes(source, "f.csv", _file(tmp_path, body))
    assert [(r.fields["Ville"], r.location) for r in parsed.records] == [("Laval", "f.csv:1")]


def test_xlsx_export(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nom", "Ville", "Lat", "Long"])
    ws.append(["Coopérative Élan", "Lévis", 46.8, -71.18])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    parsed = parse_table_bytes(_source(), "export.xlsx", path)
    assert parsed.records[0].fields == {
        "Nom": "Coopérative Élan",
        "Ville": "Lévis",
        "Lat": "46.8",
        "Long": "-71.18",
    }


def test_a_mapped_column_missing_from_the_file_is_reported(tmp_path):
    body = b"Nom,Municipalite,Lat,Long\nCoop Une,Laval,,\n"
    parsed = parse_table_bytes(_source(), "f.csv", _file(tmp_path, body))
    staged = stage_source(_source(), "hub/1", parsed, MunicipalityIndex.from_csv(MUN_CSV))
    missing = [q for q in staged.quarantine if q.rule == "mapped_column_missing"]
    assert [(q.severity, q.column) for q in missing] == [("column", "Ville")]
    assert "Municipalite" in missing[0].message
    assert len(staged.listings) == 1  # the rows still stage


def test_empty_file_is_a_clear_error(tmp_path):
    from esq.adapters.base import ParseError

    with pytest.raises(ParseError, match="empty"):
        parse_table_bytes(_source(), "f.csv", _file(tmp_path, b""))


def test_xlsx_rows_without_their_trailing_empty_cells_are_whole_rows(tmp_path):
    """A sheet stores no empty trailing cells: such rows are complete, not malformed.

    A streamed workbook (write-only, as exports and generators write them) has no dimension
    record, so a reader sees each row as long as its last stored cell."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["Nom", "Ville", "Lat", "Long"])
    ws.append(["Coopérative Élan", "Lévis", None, None])
    ws.append(["Café Nord", None, None, None])
    ws.append(["Énergie Verte", "Sherbrooke", 45.4, -71.9])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    parsed = parse_table_bytes(_source(), "export.xlsx", path)
    assert parsed.rejects == []
    assert [(r.fields["Nom"], r.fields["Ville"], r.fields["Long"]) for r in parsed.records] == [
        ("Coopérative Élan", "Lévis", ""),
        ("Café Nord", "", ""),
        ("Énergie Verte", "Sherbrooke", "-71.9"),
    ]
