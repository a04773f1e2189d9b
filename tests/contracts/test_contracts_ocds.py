"""Streaming OCDS reader and release flattening."""

from __future__ import annotations

import copy
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from contracts_shared_data import sample_file

from esq.contracts.ocds import OcdsFormatError, flatten_release, iter_releases, parse_ocds
from esq.contracts.rows import Reject

# A release in SEAO's published shape (values crafted for the test).
RELEASE = {
    "ocid": "ocds-ec9k95-2000001",
    "id": "20260602192354",
    "date": "2026-06-02T14:05:54-04:00",
    "tag": ["contract"],
    "parties": [
        {
            "name": "Ville de Gatineau.",
            "id": "OP-101",
            "roles": ["buyer"],
            "details": {"municipal": "1"},
        },
        {
            "name": "Coopérative de travail Exemple",
            "id": "FO-1140000001",
            "address": {"locality": "Gatineau", "region": "QC", "countryName": "CAN"},
            "roles": ["supplier"],
            "details": {"neq": "1140000001"},
        },
    ],
    "buyer": {"name": "Ville de Gatineau.", "id": "OP-101"},
    "tender": {
        "id": "VG-2026-01",
        "title": "Entretien paysager",
        "items": [{"id": "S5", "description": "S5 - Services environnementaux"}],
        "procurementMethodDetails": "Contrat de gré à gré",
    },
    "awards": [
        {
            "id": "A1",
            "date": "2026-05-20T00:00:00-04:00",
            "value": {"amount": 30000.5, "currency": "CAD"},
            "suppliers": [{"name": "Coopérative de travail Exemple", "id": "FO-1140000001"}],
        }
    ],
    "contracts": [
        {"id": "A1", "awardID": "A1", "value": {"amount": 31000.25}, "amendments": [{"id": "1"}]}
    ],
}


def _read(data: bytes) -> tuple[list[dict], list[Reject]]:
    rejects: list[Reject] = []
    return list(iter_releases(io.BytesIO(data), rejects)), rejects


PACKAGE = json.dumps({"uri": "u", "version": "1.1", "releases": [RELEASE, RELEASE]}).encode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PACKAGE, 2),
        (b"\xef\xbb\xbf" + PACKAGE, 2),
        (PACKAGE + b"\n" + PACKAGE, 4),  # concatenated packages
        (json.dumps([RELEASE] * 3).encode(), 3),
        (b"\n".join(json.dumps(RELEASE).encode() for _ in range(3)) + b"\n", 3),  # JSON lines
        (json.dumps({"records": [{"ocid": "x", "compiledRelease": RELEASE}]}).encode(), 1),
        (json.dumps({"records": [{"ocid": "x", "releases": [RELEASE, RELEASE]}]}).encode(), 2),
        (json.dumps({"releases": [], "uri": "u"}).encode(), 0),
    ],
    ids=["package", "bom", "two-packages", "array", "lines", "compiled", "embedded", "empty"],
)
def test_container_shapes(data: bytes, expected: int) -> None:
    releases, rejects = _read(data)
    assert len(releases) == expected
    assert all(r["ocid"] == RELEASE["ocid"] for r in releases)
    assert rejects == []


def test_numbers_are_exact_decimals() -> None:
    (release,), _ = _read(json.dumps({"releases": [RELEASE]}).encode())
    assert release["awards"][0]["value"]["amount"] == Decimal("30000.5")


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({"id": "no-ocid"}, "release has no ocid"),
        ({"ocid": "  ", "id": "blank"}, "release has no ocid"),
        ({"url": "https://x/r.json", "date": "2026-01-01"}, "linked release without data"),
        ("just a string", "release is not a JSON object"),
    ],
)
def test_release_without_ocid_is_rejected_with_reason(bad: object, reason: str) -> None:
    data = json.dumps({"releases": [RELEASE, bad, RELEASE]}).encode()
    releases, rejects = _read(data)
    assert len(releases) == 2
    assert [(r.locator, r.reason) for r in rejects] == [("release #1", reason)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"releases": [{"ocid": "a"},, ]}', "malformed JSON"),
        (b'{"releases": [{"ocid": "a"}, {"ocid": ', "malformed JSON"),
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"42", "not an OCDS document"),
        (b'{"releases": [' + b'{"ocid": "a"},' * 20000 + b"oops]}", "malformed JSON"),
        (b"<!DOCTYPE html><html><title>Maintenance</title>", "the file is an HTML page"),
    ],
    ids=["double-comma", "truncated", "empty", "blank", "scalar", "late-error", "html"],
)
def test_malformed_json_raises_with_offset(data: bytes, message: str) -> None:
    with pytest.raises(OcdsFormatError, match=message) as info:
        _read(data)
    assert info.value.offset is not None
    assert 0 <= info.value.offset <= len(data)


def test_late_error_offset_points_past_the_good_releases() -> None:
    data = b'{"releases": [' + b'{"ocid": "a"},' * 20000 + b"oops]}"
    with pytest.raises(OcdsFormatError) as info:
        _read(data)
    assert info.value.offset > 200_000  # not reported at the start of the file


def test_flatten_keeps_seao_fields() -> None:
    (row,) = flatten_release(RELEASE)
    assert (row.ocid, row.release_id, row.release_tag) == (
        "ocds-ec9k95-2000001",
        "20260602192354",
        "contract",
    )
    assert (row.buyer_raw, row.buyer_city, row.buyer_unit, row.buyer_municipal) == (
        "Ville de Gatineau.",
        "Gatineau",
        None,
        True,
    )
    assert (row.supplier_name, row.supplier_neq, row.supplier_locality) == (
        "Coopérative de travail Exemple",
        "1140000001",
        "Gatineau",
    )
    assert row.amount_awarded == Decimal("30000.5")
    assert row.amount_final == Decimal("31000.25")
    assert row.date == date(2026, 5, 20)
    assert row.category == "S5 - Services environnementaux"
    assert row.method == "Contrat de gré à gré"
    assert row.amendment_count == 1
    assert row.contract_key == "ocds-ec9k95-2000001|A1|neq:1140000001"


@pytest.mark.parametrize(
    ("change", "awarded", "final"),
    [
        (lambda r: r["contracts"][0].update(finalValue={"amount": 29000}), "30000.5", "29000"),
        (lambda r: r["contracts"].clear(), "30000.5", "30000.5"),
        (lambda r: r["contracts"][0].update(status="cancelled"), "30000.5", "0"),
        (lambda r: r["awards"][0].pop("value"), "31000.25", "31000.25"),
    ],
    ids=["final-value", "no-contract", "cancelled", "award-without-value"],
)
def test_amount_rules(change, awarded: str, final: str) -> None:
    release = copy.deepcopy(RELEASE)
    change(release)
    (row,) = flatten_release(release)
    assert (row.amount_awarded, row.amount_final) == (Decimal(awarded), Decimal(final))


def test_consortium_amount_is_split_not_repeated() -> None:
    release = copy.deepcopy(RELEASE)
    release["awards"][0]["suppliers"].append({"name": "Partenaire inc.", "id": "FO-X1"})
    release["contracts"][0]["value"] = {"amount": 1000.01}
    rows = flatten_release(release)
    assert [r.supplier_count for r in rows] == [2, 2]
    assert sum(r.amount_final for r in rows) == Decimal("1000.00")  # cents rounded half-even
    assert len({r.contract_key for r in rows}) == 2


def test_tender_only_release_gives_no_rows() -> None:
    release = {k: v for k, v in RELEASE.items() if k not in ("awards", "contracts")}
    assert flatten_release(release) == []


def test_non_city_buyer_keeps_raw_name() -> None:
    release = copy.deepcopy(RELEASE)
    release["buyer"] = {"name": "Société de transport de Montréal", "id": "OP-9"}
    (row,) = flatten_release(release)
    assert (row.buyer_city, row.buyer_raw, row.buyer_municipal) == (
        None,
        "Société de transport de Montréal",
        None,
    )


# 124 distinct SEAO notices in the 197 real rows; 90 later releases (amendments and repeats)
@pytest.mark.parametrize(
    ("name", "releases"), [("mensuel_sample.json", 124), ("hebdo_sample.json", 90)]
)
def test_bundled_sample_streams(name: str, releases: int) -> None:
    rejects: list[Reject] = []
    with sample_file("seao-contrats", name).open("rb") as fh:
        parsed = list(iter_releases(fh, rejects))
    assert rejects == []
    assert all(r["ocid"].startswith("ocds-ec9k95-") for r in parsed)
    assert len(parsed) == releases
    rows = [row for r in parsed for row in flatten_release(r)]
    assert all(r.buyer_city for r in rows)


class _CountingReader(io.BytesIO):
    """Counts the bytes handed out, to show the reader does not slurp the file."""

    served = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.served += len(chunk)
        return chunk


def test_reader_streams_instead_of_loading_the_file() -> None:
    data = json.dumps({"uri": "u", "releases": [RELEASE] * 6000}).encode()
    reader = _CountingReader(data)
    first = next(iter_releases(reader))
    assert first["ocid"] == RELEASE["ocid"]
    assert len(data) > 5_000_000
    assert reader.served < 300_000  # a few read-ahead blocks, not the whole file


def test_parse_ocds_traces_rows_to_file_and_release() -> None:
    data = json.dumps({"releases": [{"id": "x"}, RELEASE]}).encode()
    rejects: list[Reject] = []
    (row,) = parse_ocds(io.BytesIO(data), rejects, "seao-contrats", "hebdo.json")
    assert (row.source_id, row.record_ref) == ("seao-contrats", "hebdo.json#release 1")
    assert [(r.source_id, r.locator) for r in rejects] == [("seao-contrats", "release #0")]


def _without_parties(release: dict) -> dict:
    changed = copy.deepcopy(release)
    del changed["parties"]
    return changed


def _with(path: tuple, value: object) -> dict:
    changed = copy.deepcopy(RELEASE)
    target = changed
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("release", "expected_date", "warnings"),
    [
        (RELEASE, date(2026, 5, 20), []),
        (_without_parties(RELEASE), date(2026, 5, 20), [("parties_missing", "supplier_neq")]),
        (_with(("awards", 0, "suppliers", 0, "id"), "FO-404"), date(2026, 5, 20),
         [("party_missing", "supplier_neq")]),
        # an impossible award date is flagged, not silently replaced by another field's date
        (_with(("awards", 0, "date"), "2024-13-45T25:61:00"), None, [("date_invalid", "date")]),
        (_with(("contracts", 0, "dateSigned"), "2026-05-21"), date(2026, 5, 20), []),
    ],
    ids=["clean", "no-parties", "unknown-party", "impossible-date", "signature-date-unused"],
)  # fmt: skip
def test_what_the_parser_cannot_know_is_flagged(release, expected_date, warnings) -> None:
    [row] = flatten_release(release)
    assert row.date == expected_date
    assert [(rule, column) for rule, column, _ in row.warnings] == warnings


def test_flagged_rows_reach_the_quarantine_as_value_rows() -> None:
    from esq.contracts.staging import stage_contract_rows

    bad = _with(("awards", 0, "date"), "2024-13-45T25:61:00")
    bad["contracts"][0]["dateSigned"] = "2026-05-21T00:00:00-04:00"
    staged = stage_contract_rows("seao", "f1", flatten_release(bad), [])
    [q] = [q for q in staged.quarantine if q.rule != "neq_invalid"]  # the fixture NEQ is made up
    assert (q.rule, q.severity, q.column) == ("date_invalid", "value", "date")
    assert "'2024-13-45T25:61:00' is not a valid date: the other date used" in q.message
    assert staged.frame["date"].tolist() == [date(2026, 5, 21)]  # kept, with the signature date
