"""Scores of a pipeline run against a hard world's truth, computed in DuckDB.

- Pairwise precision / recall over every staged record (hub listings and register entries) whose
  key the truth knows: a pair is two records in one cluster.
- B-cubed precision / recall averaged over hub listings (clusters counted with their register
  records).
- Namesakes merged: planted register namesakes and absorbed predecessors whose register record
  ends up in a cluster with a hub listing of another true entity.
- NEQ per hub listing: the NEQ of the listing's golden record against the entity's true NEQ
  (right includes « no NEQ » for an organisation that has none, as the real gold set's « not
  registered » label does).
- Supplier links over contract rows of the eight cities: a link is right when the linked golden
  record's majority true entity is the row's true supplier; recall counts rows whose supplier is
  a social economy enterprise (listed, or an active co-op/mutual by legal form).
- Spend: per city, the mart's social economy spend against the true one; WAPE over the cities.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from evaluation.hardworld.places import CITY_CODES


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if not b else (a or 0) / b


def load(con: duckdb.DuckDBPyConnection, warehouse: Path, truth: Path) -> None:
    """Attach the warehouse read-only and the truth Parquet files as views."""
    con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
    for name in ("listings", "entities", "contracts", "spend"):
        con.execute(
            f"CREATE VIEW t_{name} AS SELECT * FROM read_parquet('{truth / (name + '.parquet')}')"
        )
    con.execute("""
        CREATE TEMP TABLE rec AS
        SELECT l.source_id, l.record_key, l.source_role, l.enterprise_id AS pred, t.eid AS true_eid
        FROM wh.listings l JOIN t_listings t USING (source_id, record_key)
    """)


def clustering(con: duckdb.DuckDBPyConnection) -> dict[str, float | int | None]:
    tp, pp, tt = _one(
        con,
        """
        WITH pt AS (SELECT pred, true_eid, count(*) n FROM rec GROUP BY ALL),
             p AS (SELECT pred, count(*) n FROM rec GROUP BY pred),
             t AS (SELECT true_eid, count(*) n FROM rec GROUP BY true_eid)
        SELECT (SELECT sum(n * (n - 1) / 2) FROM pt), (SELECT sum(n * (n - 1) / 2) FROM p),
               (SELECT sum(n * (n - 1) / 2) FROM t)
    """,
    )
    bp, br, hubs = _one(
        con,
        """
        WITH pt AS (SELECT pred, true_eid, count(*) n FROM rec GROUP BY ALL),
             p AS (SELECT pred, count(*) n FROM rec GROUP BY pred),
             t AS (SELECT true_eid, count(*) n FROM rec GROUP BY true_eid)
        SELECT avg(pt.n / p.n), avg(pt.n / t.n), count(*)
        FROM rec r JOIN pt USING (pred, true_eid) JOIN p USING (pred) JOIN t USING (true_eid)
        WHERE r.source_role = 'listing'
    """,
    )
    staged, truth_n = _one(
        con, "SELECT (SELECT count(*) FROM rec), (SELECT count(*) FROM t_listings)"
    )
    return {
        "pairwise_precision": _ratio(tp, pp),
        "pairwise_recall": _ratio(tp, tt),
        "bcubed_precision": bp,
        "bcubed_recall": br,
        "hub_listings_scored": hubs,
        "records_scored": staged,
        "truth_records": truth_n,
    }


def namesakes(con: duckdb.DuckDBPyConnection) -> dict[str, float | int | None]:
    total, merged, background_merged = _one(
        con,
        """
        WITH hub AS (SELECT DISTINCT pred, true_eid FROM rec WHERE source_role = 'listing'),
             reg AS (SELECT r.pred, r.true_eid, e.role
                     FROM rec r JOIN t_entities e ON e.eid = r.true_eid
                     WHERE r.source_role = 'register'),
             wrong AS (SELECT DISTINCT reg.true_eid, reg.role FROM reg JOIN hub USING (pred)
                       WHERE hub.true_eid <> reg.true_eid)
        SELECT (SELECT count(*) FROM reg WHERE role IN ('namesake', 'predecessor')),
               (SELECT count(*) FROM wrong WHERE role IN ('namesake', 'predecessor')),
               (SELECT count(*) FROM wrong WHERE role = 'background')
    """,
    )
    return {
        "namesakes": total,
        "namesakes_merged": merged,
        "namesakes_merged_share": _ratio(merged, total),
        "background_register_merged": background_merged,
    }


def neqs(con: duckdb.DuckDBPyConnection) -> dict[str, float | int | None]:
    n, right, wrong, missing, true_none = _one(
        con,
        """
        SELECT count(*), count(*) FILTER (e.neq IS NOT DISTINCT FROM t.neq),
               count(*) FILTER (e.neq IS NOT NULL AND e.neq IS DISTINCT FROM t.neq),
               count(*) FILTER (e.neq IS NULL AND t.neq IS NOT NULL),
               count(*) FILTER (t.neq IS NULL)
        FROM rec r JOIN wh.enterprises e ON e.enterprise_id = r.pred
        JOIN t_entities t ON t.eid = r.true_eid
        WHERE r.source_role = 'listing'
    """,
    )
    return {
        "neq_right": _ratio(right, n),
        "neq_wrong": _ratio(wrong, n),
        "neq_missing": _ratio(missing, n),
        "listings_without_true_neq": true_none,
    }


def suppliers(con: duckdb.DuckDBPyConnection) -> dict[str, float | int | None]:
    cities = ", ".join(f"'{c}'" for c in CITY_CODES.values())
    con.execute(f"""
        -- an enterprise's true owner: most of its records; equal counts go to the smallest id
        -- so that a rerun scores the same links the same way (arg_max picks either)
        CREATE TEMP TABLE owner AS
        SELECT pred, first(true_eid ORDER BY n DESC, true_eid) AS true_eid
        FROM (SELECT pred, true_eid, count(*) n FROM rec GROUP BY ALL) GROUP BY pred;
        CREATE TEMP TABLE links AS
        SELECT c.source_id, c.contract_key, c.enterprise_id, o.true_eid AS linked_eid,
               t.supplier_eid, t.supplier_basis, t.supplier_role, c.link_method
        FROM wh.contracts c JOIN t_contracts t USING (source_id, contract_key)
        LEFT JOIN owner o ON o.pred = c.enterprise_id
        WHERE c.buyer_city IN ({cities})
    """)
    n, linked, right, se, se_right, to_candidates, missing = _one(
        con,
        """
        SELECT count(*), count(enterprise_id), count(*) FILTER (linked_eid = supplier_eid),
               count(*) FILTER (supplier_basis IN ('listed', 'legal_form')),
               count(*) FILTER (supplier_basis IN ('listed', 'legal_form')
                                AND linked_eid = supplier_eid),
               count(*) FILTER (enterprise_id IS NOT NULL AND supplier_basis = 'candidate'),
               (SELECT count(*) FROM t_contracts
                WHERE city IS NOT NULL AND duplicate_of IS NULL) - count(*)
        FROM links
    """,
    )
    return {
        "contract_rows": n,
        "linked": linked,
        "link_precision": _ratio(right, linked),
        "link_recall": _ratio(se_right, se),
        "links_to_candidates": to_candidates,
        "truth_rows_not_in_warehouse": missing,
    }


def spend(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Per city, the mart's social economy spend against the truth, and the amount the mart shows
    as waiting for review (``pending``: not counted, not a silent zero). ``wape`` takes the truth of
    DESIGN §3 (listed enterprises and active co-ops/mutuals); ``wape_with_candidates`` also
    counts the spend with unlisted active non-profits, which the product counted until §3."""
    rows = con.execute("""
        SELECT s.city, s.social_economy, s.candidates, coalesce(m.spend, 0),
               coalesce(m.pending, 0)
        FROM t_spend s LEFT JOIN (SELECT city, sum(social_economy_spend)::DOUBLE spend,
                                         sum(pending_review_spend)::DOUBLE pending
                                   FROM wh.procurement_by_city_year GROUP BY city) m USING (city)
        ORDER BY s.city
    """).fetchall()
    per_city = {
        c: {"truth": t, "measured": m, "error": _ratio(m - t, t), "pending": p}
        for c, t, _, m, p in rows
    }
    wape = _ratio(sum(abs(m - t) for _, t, _, m, _ in rows), sum(t for _, t, *_ in rows))
    wide = _ratio(sum(abs(m - t - k) for _, t, k, m, _ in rows), sum(t + k for _, t, k, *_ in rows))
    return {"per_city": per_city, "wape": wape, "wape_with_candidates": wide}


def score(warehouse: Path, truth: Path) -> dict[str, object]:
    """Every figure of the module docstring for one run."""
    with duckdb.connect() as con:
        load(con, warehouse, truth)
        return {
            **clustering(con),
            **namesakes(con),
            **neqs(con),
            **suppliers(con),
            "spend": spend(con),
        }
