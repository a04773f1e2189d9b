"""The bundled sample run gives a non-empty procurement mart and a consistent contracts table."""

from __future__ import annotations

from decimal import Decimal

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
    # synthetic demo releases, then the hub coop's crafted executive-committee contract
    assert se_spend == 51200 + 32750 + 61000 + 27400 + 38900 + 23600


def test_contracts_counted_once_and_linked_with_method(sample_run: Settings) -> None:
    rows = dict(_rows(sample_run, "SELECT source_id, count(*) FROM contracts GROUP BY 1"))
    assert rows == {
        "seao-contrats": 197,
        "montreal-contrats-conseil": 9,
        "montreal-contrats-comite-executif": 7,  # crafted CKAN download, 8 rows, 1 rejected
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
    assert [name for name, _ in review] == ["Ressourcerie Semence Quartier Est"]
    assert 0.75 <= review[0][1] < 0.9  # the review band, between the review and auto thresholds


def test_contract_rejects_are_in_quarantine(sample_run: Settings) -> None:
    rows = _rows(
        sample_run,
        "SELECT source_id, rule, location FROM quarantine WHERE source_id LIKE 'montreal%' "
        "ORDER BY source_id",
    )
    assert rows == [
        ("montreal-contrats-comite-executif", "parse_error", "contrats_comite_executif.csv:9"),
        ("montreal-contrats-conseil", "parse_error", "contracts.csv:8"),
    ]


def test_ckan_download_source_is_staged_as_contracts(sample_run: Settings) -> None:
    """The crafted CKAN entry (package_show + CSV) goes through the Montréal contracts path."""
    source = "montreal-contrats-comite-executif"
    status = _rows(
        sample_run,
        "SELECT last_fetch_status, rows_staged, rows_quarantined FROM sources "
        f"WHERE source_id = '{source}'",
    )
    assert status == [("replayed", 7, 1)]
    contracts = _rows(
        sample_run,
        "SELECT supplier_name, amount, buyer_city, link_method FROM contracts "
        f"WHERE source_id = '{source}' ORDER BY contract_key",
    )
    assert len(contracts) == 7 and {c[2] for c in contracts} == {"Montréal"}
    # decimal commas read as decimals; the package_show.json beside the CSV is not data
    # money is DECIMAL(18,2): exact cents, no float error
    amounts = ["184250", "96480.35", "412000", "57912.80", "23600", "138745.10", "74300"]
    assert sorted(c[1] for c in contracts) == sorted(Decimal(a) for a in amounts)
    linked = [(c[0], c[3]) for c in contracts if c[3] != "no_match"]
    assert linked == [("COOPÉRATIVE DE SOLIDARITÉ TISSERAND DU LAC", "name_exact")]
    (message,) = _rows(sample_run, f"SELECT message FROM quarantine WHERE source_id = '{source}'")
    assert message == ("MONTANT 'À DÉTERMINER' is not an amount",)
