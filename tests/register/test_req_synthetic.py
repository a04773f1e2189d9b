"""NEQ check digit and the synthetic REQ generator."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import duckdb
import pytest

from esq.register.neq import luhn_check_digit, neq_looks_valid
from esq.register.req_entries import SOCIAL_ECONOMY_FORMS
from esq.register.req_zip import load_req_zip
from evaluation.register.req_synthetic import Municipality, make_neq, write_req_zip

TOWNS = [Municipality("Trois-Rivières", "G9A5H3"), Municipality("Shawinigan", "G9N6V3")]


@pytest.mark.parametrize(
    "neq, valid",
    [("1140139735", True), ("1140139736", False), ("114013973", False), ("11401397X5", False),
     ("3364000003", True), ("2200000000", True), ("2200000006", False)],
)  # fmt: skip
def test_neq_luhn_over_last_eight_digits(neq: str, valid: bool) -> None:
    assert neq_looks_valid(neq) is valid


@pytest.mark.parametrize(
    "payload, digit", [("4013973", "5"), ("0000000", "0"), ("7992739871", "3")]
)
def test_luhn_check_digit(payload: str, digit: str) -> None:
    assert luhn_check_digit(payload) == digit


def test_real_register_neqs_pass_and_use_social_economy_forms(real_req_extract: Path) -> None:
    with real_req_extract.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(neq_looks_valid(r["NEQ"]) for r in rows)
    assert {r["FormeJuridique"] for r in rows} <= set(SOCIAL_ECONOMY_FORMS)


def test_generated_neqs_are_unique_and_valid() -> None:
    rng, taken = random.Random(1), set()
    neqs = [make_neq(rng, taken) for _ in range(2000)]
    assert len(set(neqs)) == 2000 and all(neq_looks_valid(n) for n in neqs)


def test_same_seed_same_bytes_and_loadable(tmp_path: Path) -> None:
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    counts = write_req_zip(a, 120, 5, TOWNS)
    write_req_zip(b, 120, 5, TOWNS)
    assert a.read_bytes() == b.read_bytes()
    con = duckdb.connect()
    assert load_req_zip(a, con) == counts
    forms = {r[0] for r in con.sql("SELECT DISTINCT COD_FORME_JURI FROM req.entreprise").fetchall()}
    assert {"APE", "COP"} <= forms
    multi_line = con.sql(
        "SELECT count(*) FROM req.entreprise WHERE OBJET_SOC LIKE '%' || chr(10) || '%'"
    )
    assert multi_line.fetchall()[0][0] > 0
