"""Analyst views: SQL views over the public tables, described like the tables.

A view is created only when every table it reads exists in the warehouse being built, so a
view over a table another layer adds later (the review queue, contracts) appears with it.
"""

from __future__ import annotations

import duckdb

from schemas.table_shape import Column, View
from schemas.tables import PUBLIC_TABLES

#: Social economy enterprises counted by the Institut de la statistique du Québec for 2022.
ISQ_ENTERPRISES = 11_360
ISQ_YEAR = 2022
ISQ_REFERENCE = "Institut de la statistique du Québec, social economy enterprises, 2022"


def sql_literal(text: str) -> str:
    """A SQL string literal (for COMMENT ON, which takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


_N = Column("enterprises", "BIGINT", "Number of enterprises.")
_REGION = (
    Column("region_code", "VARCHAR", "Administrative region code (01-17); empty when unknown."),
    Column("region_name", "VARCHAR", "Administrative region name."),
)
# Region names come from the municipalities table (one name per region code).
_REGIONS = "(SELECT DISTINCT region_code, region_name FROM municipalities) r"

ENTERPRISES_BY_REGION = View(
    "enterprises_by_region",
    "Enterprises per administrative region (the enterprises table: candidates not counted).",
    f"SELECT e.region_code, r.region_name, count(*) AS enterprises FROM enterprises e "
    f"LEFT JOIN {_REGIONS} USING (region_code) GROUP BY ALL ORDER BY 1 NULLS LAST",
    (*_REGION, _N),
    ("enterprises", "municipalities"),
)

ENTERPRISES_BY_MRC = View(
    "enterprises_by_mrc",
    "Enterprises per regional county municipality (MRC) within each region.",
    f"SELECT e.region_code, r.region_name, e.mrc, count(*) AS enterprises FROM enterprises e "
    f"LEFT JOIN {_REGIONS} USING (region_code) GROUP BY ALL ORDER BY 1 NULLS LAST, 3 NULLS LAST",
    (*_REGION, Column("mrc", "VARCHAR", "MRC or equivalent territory; empty when unknown."), _N),
    ("enterprises", "municipalities"),
)

ENTERPRISES_BY_MUNICIPALITY = View(
    "enterprises_by_municipality",
    "Enterprises per municipality, with its MRC and region.",
    "SELECT e.municipality_code, m.name AS municipality, m.mrc, m.region_code, m.region_name, "
    "count(*) AS enterprises FROM enterprises e "
    "LEFT JOIN municipalities m ON m.code = e.municipality_code "
    "GROUP BY ALL ORDER BY 1 NULLS LAST",
    (
        Column("municipality_code", "VARCHAR", "MAMH code; empty when the town is unresolved."),
        Column("municipality", "VARCHAR", "Municipality name."),
        Column("mrc", "VARCHAR", "MRC or equivalent territory."),
        *_REGION,
        _N,
    ),
    ("enterprises", "municipalities"),
)


def _count_by(name: str, column: str, description: str, label: str) -> View:
    return View(
        name,
        description,
        f'SELECT "{column}", count(*) AS enterprises, '
        f"round(count(*) / sum(count(*)) OVER (), 6) AS share FROM enterprises "
        f"GROUP BY ALL ORDER BY enterprises DESC, 1 NULLS LAST",
        (
            Column(column, "VARCHAR", label),
            _N,
            Column("share", "DOUBLE", "Share of all enterprises (0-1)."),
        ),
        ("enterprises",),
    )


ENTERPRISES_BY_LEGAL_FORM = _count_by(
    "enterprises_by_legal_form",
    "legal_form",
    "Enterprises per legal form.",
    "Legal form in esq's vocabulary; empty when no source states it.",
)
ENTERPRISES_BY_SECTOR = _count_by(
    "enterprises_by_sector",
    "sector",
    "Enterprises per sector of activity.",
    "Sector as the best source states it; empty when unknown.",
)

COVERAGE = View(
    "coverage",
    f"Enterprises in the warehouse (today's social economy: listed, or an active co-operative "
    f"or mutual; candidates and former registrations not counted) against the "
    f"{ISQ_ENTERPRISES:,} social economy enterprises counted by the Institut de la statistique "
    f"du Québec for {ISQ_YEAR}.",
    f"SELECT count(*) AS enterprises, {ISQ_ENTERPRISES}::BIGINT AS reference_enterprises, "
    f"{ISQ_YEAR}::BIGINT AS reference_year, round(count(*) / {ISQ_ENTERPRISES}, 6) AS coverage, "
    f"'{ISQ_REFERENCE}' AS reference FROM enterprises",
    (
        _N,
        Column("reference_enterprises", "BIGINT", "Enterprises counted by the ISQ."),
        Column("reference_year", "BIGINT", "Year of the ISQ count."),
        Column("coverage", "DOUBLE", "enterprises / reference_enterprises."),
        Column("reference", "VARCHAR", "Where the reference count comes from."),
    ),
    ("enterprises",),
)

SOURCE_FRESHNESS = View(
    "source_freshness",
    "Each enabled source with the age of its data, computed when queried.",
    "SELECT source_id, title, role, cadence, last_fetch_status, last_success_at, "
    "source_last_modified, stale, date_diff('day', try_cast(last_success_at AS TIMESTAMPTZ), "
    "current_timestamp) AS days_since_success FROM sources WHERE enabled ORDER BY source_id",
    (
        Column("source_id", "VARCHAR", "Catalog id."),
        Column("title", "VARCHAR", "Title of the source."),
        Column("role", "VARCHAR", "listing, register, contracts or reference."),
        Column("cadence", "VARCHAR", "Expected update cadence."),
        Column("last_fetch_status", "VARCHAR", "Status of the latest fetch attempt."),
        Column("last_success_at", "VARCHAR", "When the data in use was fetched (UTC)."),
        Column("source_last_modified", "VARCHAR", "Last-Modified reported by the source."),
        Column("stale", "BOOLEAN", "True when the latest fetch failed and older data is used."),
        Column("days_since_success", "BIGINT", "Days from last_success_at to the query time."),
    ),
    ("sources",),
)


#: Tables of pairs waiting for a person's decision (entity resolution, contract suppliers).
REVIEW_TABLES = ("review", "supplier_review")


def review_queue_view() -> View | None:
    """One queue over the review tables defined so far (their rows stacked by column name)."""
    tables = [t for name in REVIEW_TABLES for t in PUBLIC_TABLES if t.name == name]
    if not tables:
        return None
    columns: dict[str, Column] = {}
    for table in tables:
        for column in table.columns:
            columns.setdefault(column.name, column)
    union = " UNION ALL BY NAME ".join(f'SELECT * FROM "{t.name}"' for t in tables)
    return View(
        "review_queue",
        "Candidate pairs waiting for a person's decision, from "
        + " and ".join(t.name for t in tables)
        + "; they count as unlinked meanwhile.",
        f"SELECT * FROM ({union}) ORDER BY ALL",
        tuple(columns.values()),
        tuple(t.name for t in tables),
    )


def analyst_views() -> tuple[View, ...]:
    """Every view definition, those over not-yet-defined tables left out."""
    views = (
        ENTERPRISES_BY_REGION,
        ENTERPRISES_BY_MRC,
        ENTERPRISES_BY_MUNICIPALITY,
        ENTERPRISES_BY_LEGAL_FORM,
        ENTERPRISES_BY_SECTOR,
        COVERAGE,
        SOURCE_FRESHNESS,
    )
    review = review_queue_view()
    return (*views, review) if review else views


def create_views(con: duckdb.DuckDBPyConnection, views: tuple[View, ...]) -> list[str]:
    """Create the views whose tables exist, with comments; return the names created."""
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    created = []
    for view in views:
        if not set(view.requires) <= present:
            continue
        con.execute(f'CREATE VIEW "{view.name}" AS {view.sql}')
        con.execute(f'COMMENT ON VIEW "{view.name}" IS {sql_literal(view.description)}')
        for c in view.columns:
            comment = sql_literal(c.description)
            con.execute(f'COMMENT ON COLUMN "{view.name}"."{c.name}" IS {comment}')
        created.append(view.name)
    return created
