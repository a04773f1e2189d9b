"""The column-wise listing build: field functions and whole-frame rows."""

from __future__ import annotations

import pytest

from esq.adapters.base import RawRecord
from esq.catalog import Licence, Source
from esq.normalise.municipality import MunicipalityIndex
from esq.staging import listing_fields as lf
from esq.staging.listing_rows import build_listing_frame
from tests.shared_data import MUN_CSV

LICENCE = Licence(id="x", title="x", attribution="x")


@pytest.fixture(scope="module")
def municipalities() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


@pytest.mark.parametrize(
    ("raw", "value", "status", "luhn", "rules"),
    [
        ("1142934315", "1142934315", "valid", False, ()),
        ("1142934316", "1142934316", "luhn_failed", True, ()),
        ("1.14E+09", None, "excel_damaged", False, ("neq_excel_damaged",)),
        ("12345", None, "malformed", False, ("neq_malformed",)),
        (None, None, "missing", False, ()),
    ],
)
def test_neq_field(raw, value, status, luhn, rules):
    got = lf.neq_field(raw)
    assert got[:3] == (value, status, luhn)
    assert tuple(r[0] for r in got[3]) == rules


@pytest.mark.parametrize(
    ("lat", "lon", "expected", "rules"),
    [
        ("46,35", "-72.55", (46.35, -72.55), ()),
        ("46.35", None, (None, None), ()),
        ("abc", "-72.5", (None, None), ("latitude_invalid",)),
        ("10.0", "-72.5", (None, None), ("coordinates_outside_quebec",)),
        ("10.0", "-10.0", (None, None), ("coordinates_outside_quebec",) * 2),
    ],
)
def test_coordinate_fields(lat, lon, expected, rules):
    got = lf.coordinate_fields(lat, lon)
    assert got[:2] == expected
    assert tuple(r[0] for r in got[2]) == rules


@pytest.mark.parametrize(
    ("raw", "expected", "rules"),
    [
        ("g9a 5h3", "G9A 5H3", ()),
        ("12345", None, ("postal_code_invalid",)),
        (None, None, ()),
    ],
)
def test_postal_field(raw, expected, rules):
    code, rejects = lf.postal_field(raw)
    assert code == expected
    assert tuple(r[0] for r in rejects) == rules


@pytest.mark.parametrize(
    ("tried", "postal", "raw", "name", "rules"),
    [
        (("Trois-Rivières (Québec)",), "G9A 5H3", "Trois-Rivières (Québec)", "Trois-Rivières", ()),
        (("CP 12", "Trois-Rivieres"), None, "Trois-Rivieres", "Trois-Rivières", ()),
        (("Nulle-Part",), None, "Nulle-Part", None, ("municipality_unresolved",)),
        ((), None, None, None, ()),
    ],
)
def test_municipality_field_tries_each_candidate(municipalities, tried, postal, raw, name, rules):
    got_raw, found, rejects = lf.municipality_field(tried, postal, municipalities)
    assert got_raw == raw
    assert (found.name if found else None) == name
    assert tuple(r[0] for r in rejects) == rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("100-190 rue Bonaventure", ("100-190 rue Bonaventure", "190", "100", "rue bonaventure")),
        (None, (None, None, None, None)),
    ],
)
def test_address_fields(raw, expected):
    assert lf.address_fields(raw) == expected


def _source(mapping: dict[str, str], role: str = "listing") -> Source:
    return Source(id="hub", kind="tabular", role=role, title="t", publisher="p",
                  licence=LICENCE, mapping=mapping, record_key=["id"])  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "staged_keys", "rules"),
    [
        # a row without a name and a repeated key are rejected; a bad postal code is a value
        (
            [
                {"id": "1", "n": "Coop Alpha", "cp": "G9A 5H3", "v": "Trois-Rivières"},
                {"id": "2", "n": "  ", "cp": "nope", "v": "Trois-Rivières"},
                {"id": "3", "n": "Beta", "cp": "nope", "v": "Ailleurs-sur-Mer"},
                {"id": "1", "n": "Coop Alpha bis", "cp": None, "v": None},
            ],
            ["1", "3"],
            ["name_missing", "postal_code_invalid", "municipality_unresolved",
             "duplicate_record_key"],
        ),
        ([], [], []),
    ],
)  # fmt: skip
def test_build_listing_frame_rows_and_quarantine(municipalities, rows, staged_keys, rules):
    source = _source({"name": "n", "postal_code": "cp", "municipality": "v"})
    records = [RawRecord(r["id"], r, f"f.csv:{i}") for i, r in enumerate(rows)]
    built = build_listing_frame(source, records, "hub/1", municipalities)
    assert [r.record_key for r in built.records] == staged_keys
    assert built.frame.record_key.tolist() == staged_keys
    assert [q.rule for q in built.quarantine] == rules
    if staged_keys:
        first = built.frame.iloc[0]
        assert (first["name_key"], first["name_family"]) == ("alpha", "cooperative")
        assert (first["municipality"], first["postal_code"]) == ("Trois-Rivières", "G9A 5H3")
        assert built.frame.iloc[1]["flags"] == "municipality_unresolved;postal_code_invalid"


@pytest.mark.parametrize(
    "values",
    [
        ["1142934315", "1142934316", "1142934315", None, "1.14E+09", "12345"],
        ["114 293 4315", "1142934315.0", "１１４２９３４３１５", "11429343a5", "0000000000"],
        [None, None],
        [],
    ],
)
def test_neq_fields_is_neq_field_of_each_value(values):
    assert lf.neq_fields(values) == [lf.neq_field(v) for v in values]


def test_names_in_a_second_process_give_the_same_frame(municipalities, monkeypatch):
    import esq.staging.listing_rows as listing_rows

    source = _source({"name": "n", "postal_code": "cp"})
    rows = [
        {"id": "1", "n": "Coop Alpha inc."},
        {"id": "2", "n": " - "},
        {"id": "3", "n": "Ste-Anne CPE"},
        {"id": "4", "n": "Coop Alpha inc.", "cp": "x"},
    ]
    records = [RawRecord(r["id"], r, f"f.csv:{i}") for i, r in enumerate(rows)]
    here = build_listing_frame(source, records, "hub/1", municipalities)
    monkeypatch.setattr(listing_rows, "OFFLOAD_MIN_NAMES", 1)
    offloaded = build_listing_frame(source, records, "hub/1", municipalities)
    assert offloaded.frame.equals(here.frame)
    assert offloaded.quarantine == here.quarantine
    assert offloaded.frame.name_key.tolist() == ["alpha", "sainte anne", "alpha"]
