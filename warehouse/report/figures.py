"""The figures of the run report, read from a built warehouse (read-only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse.views import ISQ_ENTERPRISES, ISQ_YEAR

#: Tables of pairs waiting for a person's decision: (singular, plural) of what one row is.
REVIEW_TABLES = {
    "review": ("enterprise record pair", "enterprise record pairs"),
    "supplier_review": ("supplier-enterprise pair", "supplier-enterprise pairs"),
}
#: Changes since the last publication, in the order the report tells them.
CHANGE_KINDS = ("new", "updated", "merged", "removed")
#: How many enterprises of each kind of change the report names.
CHANGES_LISTED = 8


@dataclass(frozen=True)
class Source:
    source_id: str
    role: str
    title: str
    licence_id: str
    licence_title: str
    licence_url: str | None
    status: str | None  # last fetch status; None: never fetched
    last_success_at: str | None
    rows_staged: int | None
    rows_quarantined: int | None
    stale: bool
    last_error: str | None


@dataclass(frozen=True)
class CityYear:
    city: str
    year: int | None  # None: the contracts' date is unknown (the undated bucket)
    contracts: int
    total_spend: float
    social_economy_spend: float
    pending_review_spend: float = 0.0  # with suppliers waiting in supplier_review


@dataclass(frozen=True)
class Figures:
    """Everything the report shows, in display order."""

    data_as_of: str | None
    enterprises: int
    sources: list[Source] = field(default_factory=list)
    #: (source_id, rule, severity, rows)
    quarantine: list[tuple[Any, ...]] = field(default_factory=list)
    #: (region_code, region_name, enterprises); region_code None for unplaced enterprises.
    regions: list[tuple[str | None, str, int]] = field(default_factory=list)
    #: (region_code, mrc, enterprises)
    mrcs: list[tuple[str | None, str, int]] = field(default_factory=list)
    #: (latitude, longitude, name) of enterprises a source places exactly.
    points: list[tuple[float, float, str]] = field(default_factory=list)
    #: (basis, enterprises)
    by_basis: list[tuple[str, int]] = field(default_factory=list)
    #: (review table, pairs waiting, contract amount waiting on them or None)
    review_queue: list[tuple[str, int, float | None]] = field(default_factory=list)
    procurement: list[CityYear] = field(default_factory=list)
    #: change kind -> count, and up to CHANGES_LISTED (name, detail) per kind
    changes: dict[str, int] = field(default_factory=dict)
    changed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    reference: tuple[int, int] = (ISQ_ENTERPRISES, ISQ_YEAR)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _has(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?"
    return bool(con.execute(sql, [name]).fetchall()[0][0])


def _review(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, float | None]]:
    queue = []
    for name in REVIEW_TABLES:
        if not _has(con, name):
            continue
        pairs = _rows(con, f'SELECT count(*) FROM "{name}"')[0][0]
        amount = None
        if name == "supplier_review" and _has(con, "contracts"):
            # contracts whose supplier link waits for a decision
            amount = _rows(
                con,
                "SELECT coalesce(sum(amount), 0) FROM contracts WHERE link_method = 'review'",
            )[0][0]
        queue.append((name, int(pairs), None if amount is None else float(amount)))
    return queue


def _changes(con: duckdb.DuckDBPyConnection) -> tuple[dict, dict]:
    if not _has(con, "changes"):
        return {}, {}
    found = dict(_rows(con, "SELECT change, count(*) FROM changes GROUP BY 1"))
    listed: dict[str, list[tuple[str, str]]] = {}
    for kind in CHANGE_KINDS:
        rows = _rows(
            con,
            "SELECT coalesce(name, enterprise_id), "
            "coalesce(array_to_string(fields_changed, ', '), merged_into, '') "
            f"FROM changes WHERE change = '{kind}' ORDER BY 1, 2 LIMIT {CHANGES_LISTED}",
        )
        listed[kind] = [(str(n), str(d)) for n, d in rows]
    return {k: int(found.get(k, 0)) for k in CHANGE_KINDS}, listed


def collect_figures(warehouse: Path) -> Figures:
    """Read the report's figures; sections whose tables are absent are left empty."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sources = [
            Source(*r)
            for r in _rows(
                con,
                "SELECT source_id, role, title, licence_id, licence_title, licence_url, "
                "last_fetch_status, last_success_at, rows_staged, rows_quarantined, "
                "coalesce(stale, false), last_error FROM sources WHERE enabled ORDER BY 1",
            )
        ]
        procurement = (
            [
                CityYear(
                    c,
                    None if y is None else int(y),
                    int(n),
                    float(t or 0),
                    float(s or 0),
                    float(p or 0),
                )
                for c, y, n, t, s, p in _rows(
                    con,
                    "SELECT city, year, sum(contracts), sum(total_spend), "
                    "sum(social_economy_spend), sum(pending_review_spend) "
                    "FROM procurement_by_city_year GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST",
                )
            ]
            if _has(con, "procurement_by_city_year")
            else []
        )
        changes, changed = _changes(con)
        figures = Figures(
            data_as_of=_rows(con, "SELECT max(last_success_at) FROM sources")[0][0],
            enterprises=_rows(con, "SELECT count(*) FROM enterprises")[0][0],
            sources=sources,
            quarantine=_rows(
                con,
                "SELECT source_id, rule, severity, count(*) FROM quarantine "
                "GROUP BY ALL ORDER BY 1, 4 DESC, 2, 3",
            ),
            regions=[
                (code, str(name or "region unknown"), int(n))
                for code, name, n in _rows(
                    con,
                    "SELECT region_code, region_name, enterprises FROM enterprises_by_region "
                    "ORDER BY region_code NULLS LAST",
                )
            ],
            mrcs=[
                (code, str(mrc or "MRC unknown"), int(n))
                for code, mrc, n in _rows(
                    con,
                    "SELECT region_code, mrc, enterprises FROM enterprises_by_mrc "
                    "ORDER BY region_code NULLS LAST, enterprises DESC, mrc",
                )
            ],
            points=[
                (float(lat), float(lon), str(name))
                for lat, lon, name in _rows(
                    con,
                    "SELECT latitude, longitude, name FROM enterprises "
                    "WHERE latitude IS NOT NULL AND longitude IS NOT NULL ORDER BY 3",
                )
            ],
            by_basis=[
                (str(b or "unknown"), int(n))
                for b, n in _rows(
                    con,
                    "SELECT social_economy_basis, count(*) FROM enterprises GROUP BY 1 "
                    "ORDER BY 2 DESC, 1",
                )
            ],
            review_queue=_review(con),
            procurement=procurement,
            changes=changes,
            changed=changed,
        )
    return figures
