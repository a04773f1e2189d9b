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


#: Review reasons in the order a reviewer settles them: two registrations alike (the golden
#: record's NEQ), the model unsure, high scores from address/phone/web alone, and last the
#: names guard's refusals (mostly bodies sharing only a place: « CDC Mékinac » / « Coop Mékinac »).
_REASON_ORDER = ("ambiguous_register", "score_band", "names_disagree", "names_guard")
_AT_STAKE = Column(
    "at_stake",
    "DECIMAL(18,2)",
    "Contract spend (CAD) waiting on this pair: the contracts of a supplier in supplier_review "
    "(each of its tied enterprises' pairs shows the same amount); empty for enterprise pairs.",
)
_PRIORITY = Column(
    "priority",
    "BIGINT",
    "Order in which to review (1 first): supplier pairs by the spend waiting on them; then "
    "enterprise pairs by reason (ambiguous_register, score_band, names_disagree, names_guard), "
    "pairs of two listings first, then by score.",
)


def review_queue_view() -> View | None:
    """One ranked queue over the review tables defined so far (their rows stacked by column
    name), with the contract spend waiting on each supplier pair and the order to take them."""
    tables = [t for name in REVIEW_TABLES for t in PUBLIC_TABLES if t.name == name]
    if not tables:
        return None
    columns: dict[str, Column] = {}
    for table in tables:
        for column in table.columns:
            columns.setdefault(column.name, column)
    union = " UNION ALL BY NAME ".join(f'SELECT * FROM "{t.name}"' for t in tables)
    requires = tuple(t.name for t in tables)
    stake = "NULL::DECIMAL(18,2) AS at_stake FROM q"
    if "supplier_review" in requires:
        requires += ("contracts",)
        # a supplier's contracts wait while its link_method is review (esq.contracts.mart)
        stake = (
            "s.amount::DECIMAL(18,2) AS at_stake FROM q LEFT JOIN (SELECT 'supplier:' || "
            "supplier_ref AS left_record, sum(amount) AS amount FROM contracts "
            "WHERE link_method = 'review' GROUP BY ALL) s USING (left_record)"
        )
    requires += ("sources",)
    reasons = ", ".join(f"'{r}'" for r in _REASON_ORDER)
    # records are source_id:record_key; a pair of two listings may be one enterprise counted twice
    listed = "(SELECT source_id FROM sources WHERE role = 'listing')"
    ranked = (
        f"WITH q AS ({union}), staked AS (SELECT q.*, {stake}) "
        f"SELECT * EXCLUDE (two_listings), row_number() OVER (ORDER BY at_stake DESC NULLS "
        f"LAST, list_position([{reasons}], reason) NULLS LAST, two_listings DESC, score DESC, "
        f"left_record, right_record) AS priority FROM (SELECT *, split_part(right_record, ':', 1) "
        f"IN {listed} AS two_listings FROM staked) ORDER BY priority"
    )
    return View(
        "review_queue",
        "Candidate pairs waiting for a person's decision, from "
        + " and ".join(t.name for t in tables)
        + ", ranked: they count as unlinked meanwhile.",
        ranked,
        (*columns.values(), _AT_STAKE, _PRIORITY),
        requires,
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
