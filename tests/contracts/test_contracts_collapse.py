"""Collapsing releases to the latest state never counts the same money twice."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from contracts_shared_data import sample_file, shared_real

from esq.contracts.ocds import collapse_latest, flatten_release, iter_releases


def _release(ocid: str, stamp: str, awards: list[tuple[str, str, str, float, float]]) -> dict:
    """stamp: YYYYMMDDhhmmss, used as release id and date (Montréal winter offset).
    awards: (award id, supplier id, supplier name, award amount, contract amount)."""
    when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[8:10]}:{stamp[10:12]}:00-05:00"
    return {
        "ocid": ocid,
        "id": stamp,
        "date": when,
        "tag": ["award"],
        "buyer": {"name": "Ville de Laval", "id": "OP-1"},
        "parties": [{"id": "OP-1", "name": "Ville de Laval", "roles": ["buyer"]}]
        + [{"id": s, "name": n, "roles": ["supplier"]} for _, s, n, _, _ in awards],
        "awards": [
            {"id": a, "value": {"amount": v}, "suppliers": [{"id": s, "name": n}]}
            for a, s, n, v, _ in awards
        ],
        "contracts": [{"id": a, "awardID": a, "value": {"amount": c}} for a, _, _, _, c in awards],
    }


# Two files that overlap: the weekly file repeats a monthly release and adds later ones.
MONTHLY = [
    _release("ocds-1", "20260105100000", [("a1", "S1", "Alpha", 100, 100)]),
    _release("ocds-2", "20260110100000",
             [("b1", "S2", "Beta", 200, 200), ("b2", "S3", "Gamma", 300, 300)]),
    _release("ocds-3", "20260112100000", [("c1", "S1", "Alpha", 50, 50)]),
]  # fmt: skip
WEEKLY = [
    MONTHLY[1],  # exact repeat of the same release
    _release("ocds-1", "20260301100000", [("a1", "S1", "Alpha", 100, 130)]),
    _release("ocds-1", "20260401100000", [("a1", "S1", "Alpha", 100, 125.5)]),
    _release("ocds-2", "20260310100000", [("b1", "S2", "Beta", 200, 180)]),
]


def _rows(*packages: list[dict]) -> list:
    rows = []
    for releases in packages:
        data = json.dumps({"releases": releases}).encode()
        for release in iter_releases(io.BytesIO(data)):
            rows += flatten_release(release)
    return rows


def _expected_final() -> Decimal:
    """Independent expectation: per (ocid, supplier), the contract value of the latest release
    (the crafted dates compare correctly as text)."""
    latest: dict[tuple[str, str], tuple[str, float]] = {}
    for release in MONTHLY + WEEKLY:
        for contract, award in zip(release["contracts"], release["awards"], strict=True):
            key = (release["ocid"], award["suppliers"][0]["id"])
            if key not in latest or release["date"] > latest[key][0]:
                latest[key] = (release["date"], contract["value"]["amount"])
    return sum((Decimal(str(v)) for _, v in latest.values()), Decimal(0))


def test_collapse_never_double_counts() -> None:
    rows = _rows(MONTHLY, WEEKLY)
    naive = sum(r.amount_final for r in rows)
    collapsed = collapse_latest(rows)
    assert sum(r.amount_final for r in collapsed) == _expected_final() == Decimal("655.5")
    assert naive > _expected_final()  # what summing the releases would have reported
    assert len(collapsed) == 4  # a1/Alpha, b1/Beta, b2/Gamma, c1/Alpha


@pytest.mark.parametrize("order", ["monthly-first", "weekly-first", "reversed"])
def test_collapse_is_order_independent(order: str) -> None:
    rows = _rows(MONTHLY, WEEKLY)
    if order == "weekly-first":
        rows = _rows(WEEKLY, MONTHLY)
    elif order == "reversed":
        rows = rows[::-1]
    by_key = {r.contract_key: r for r in collapse_latest(rows)}
    alpha = by_key["ocds-1|a1|id:S1"]
    assert (alpha.amount_awarded, alpha.amount_final, alpha.release_id) == (
        Decimal(100),
        Decimal("125.5"),
        "20260401100000",
    )
    # Gamma is absent from the later ocds-2 release: its last-known row stays.
    assert by_key["ocds-2|b2|id:S3"].amount_final == Decimal(300)
    assert by_key["ocds-2|b1|id:S2"].amount_final == Decimal(180)


def test_same_date_ties_break_on_numeric_release_id() -> None:
    early, late = (
        _release("ocds-9", "20260105100000", [("x", "S1", "A", 10, v)]) for v in (10, 12)
    )
    early["id"], late["id"] = "900", "1000"  # same date; "900" > "1000" as text
    rows = _rows([late, early])
    (row,) = collapse_latest(rows)
    assert (row.release_id, row.amount_final) == ("1000", Decimal(12))


def test_rows_without_ocid_pass_through() -> None:
    (mtl,) = _rows([_release("ocds-1", "20260101000000", [("a", "S", "N", 1, 1)])])
    other = replace(mtl, ocid=None, contract_key="montreal|1|1")
    assert collapse_latest([other, other]) == [other, other]


def test_bundled_sample_collapses_to_the_real_final_amounts() -> None:
    """The sample's two files collapse to exactly the montantFinal of the 197 real SEAO rows."""
    with shared_real("seao", "contrats-nb3_8villes_subset.csv").open(encoding="utf-8") as fh:
        real = list(csv.reader(fh))
    rows = []
    for name in ("mensuel_sample.json", "hebdo_sample.json"):
        with sample_file("seao-contrats", name).open("rb") as fh:
            rows += [row for r in iter_releases(fh) for row in flatten_release(r)]
    collapsed = collapse_latest(rows)
    assert len(collapsed) == len(real) == 197
    assert sum(r.amount_final for r in collapsed) == sum(Decimal(r[18]) for r in real)
    assert sum(r.amount_awarded for r in collapsed) == sum(Decimal(r[12]) for r in real)
    assert sum(r.amount_final for r in rows) > sum(r.amount_final for r in collapsed)
