"""The figures of the run report, read from a built warehouse (read-only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse.views import ISQ_ENTERPRISES, ISQ_YEAR

#: Tables of pairs waiting for a person's decision: entity links, then contract suppliers.
REVIEW_TABLES = {
    "review": "enterprise record pairs",
    "supplier_review": "supplier-enterprise pairs",
}


@dataclass(frozen=True)
class Figures:
    """Everything the report shows; rows are tuples in display order."""

    data_as_of: str | None
    enterprises: int
    #: (source_id, role, rows_parsed, rows_staged, rows_quarantined, stale, last_success_at)
    sources: list[tuple[Any, ...]]
    #: (source_id, rule, severity, rows)
    quarantine: list[tuple[Any, ...]]
    #: (label, enterprises)
    regions: list[tuple[str, int]]
    #: (review table, rows waiting) for the review tables the warehouse holds.
    review_queue: list[tuple[str, int]] = field(default_factory=list)
    #: (city, total_spend, social_economy_spend, share); empty without contracts tables.
    procurement: list[tuple[Any, ...]] = field(default_factory=list)
    reference: tuple[int, int] = (ISQ_ENTERPRISES, ISQ_YEAR)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?"
    return bool(con.execute(sql, [name]).fetchall()[0][0])


def collect_figures(warehouse: Path) -> Figures:
    """Read the report's figures; sections whose tables are absent are left empty."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sources = _rows(
            con,
            "SELECT source_id, role, rows_parsed, rows_staged, rows_quarantined, "
            "stale, last_success_at FROM sources WHERE enabled ORDER BY 1",
        )
        regions = _rows(
            con,
            "SELECT coalesce(region_name, region_code, 'unknown region'), "
            "enterprises FROM enterprises_by_region",
        )
        figures = Figures(
            data_as_of=_rows(con, "SELECT max(last_success_at) FROM sources")[0][0],
            enterprises=_rows(con, "SELECT count(*) FROM enterprises")[0][0],
            sources=sources,
            quarantine=_rows(
                con,
                "SELECT source_id, rule, severity, count(*) FROM quarantine "
                "GROUP BY ALL ORDER BY 1, 4 DESC, 2, 3",
            ),
            regions=[(str(label), int(n)) for label, n in regions],
            review_queue=[
                (name, _rows(con, f'SELECT count(*) FROM "{name}"')[0][0])
                for name in REVIEW_TABLES
                if _has(con, name)
            ],
            procurement=_rows(
                con,
                "SELECT city, sum(total_spend), sum(social_economy_spend), "
                "round(sum(social_economy_spend) / nullif(sum(total_spend), 0), 6) "
                "FROM procurement_by_city_year GROUP BY 1 ORDER BY 1",
            )
            if _has(con, "procurement_by_city_year")
            else [],
        )
    return figures
