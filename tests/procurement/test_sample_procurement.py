"""The bundled sample run gives a non-empty procurement mart and a consistent contracts table."""

from __future__ import annotations

import duckdb

from esq.config import Settings


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_mart_has_social_economy_spend(sample_run: Settings) -> None:
    (cities, se_spend) = _rows(
        sample_run,
        "SELECT count(DISTINCT city), sum(social_economy_spend) FROM procurement_by_city_year",
    )[0]
    assert cities == 8
    assert se_spend == 51200 + 32750 + 61000 + 27400 + 38900  # synthetic demo releases


def test_contracts_counted_once_and_linked_with_method(sample_run: Settings) -> None:
    rows = dict(_rows(sample_run, "SELECT source_id, count(*) FROM contracts GROUP BY 1"))
    assert rows == {
        "seao-contrats": 197,
        "montreal-contrats-conseil": 9,
        "montreal-contrats-fonctionnaires": 209,
        "seao-contrats-synthetique": 9,  # 10 releases, one update collapsed
    }
    unexplained = _rows(
        sample_run,
        "SELECT count(*) FROM contracts WHERE link_method IS NULL "
        "OR (enterprise_id IS NOT NULL AND link_method NOT IN ('neq','name_exact','name_fuzzy'))",
    )
    assert unexplained == [(0,)]
    persons = _rows(sample_run, "SELECT count(*) FROM contracts WHERE link_method = 'person'")
    assert persons == [(10,)]
    review = _rows(sample_run, "SELECT left_name, score FROM supplier_review")
    assert [name for name, _ in review] == ["Ressourcerie Semence Quartier"]
    assert 0.75 <= review[0][1] < 0.9  # the review band, between the review and auto thresholds


def test_contract_rejects_are_in_quarantine(sample_run: Settings) -> None:
    rows = _rows(
        sample_run,
        "SELECT source_id, rule, location FROM quarantine WHERE source_id LIKE 'montreal%'",
    )
    assert rows == [("montreal-contrats-conseil", "parse_error", "contracts.csv:8")]
