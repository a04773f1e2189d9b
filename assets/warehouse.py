"""Warehouse layer: a candidate warehouse, blocking checks on it, then an atomic publication.

The candidate is built in ESQ_HOME/build/; only when every blocking check passes does
``published_warehouse`` rename it over ESQ_HOME/warehouse.duckdb and switch ``published`` to a
new release folder. A failed check leaves the previous warehouse and files exactly as they were.
"""

from pathlib import Path

import dagster as dg
import duckdb

from assets.contracts import PROCUREMENT_KEY
from assets.entities import ENTERPRISES_KEY
from assets.resources import EsqResource
from esq.catalog import Catalog
from esq.cleanup import clean_build
from esq.config import Settings
from esq.drops import flagged_drops
from esq.progress import Progress
from esq.reuse import accept_release, current_release, meta_key, reuse_or_compute
from esq.step_keys import ENTITIES_STEP
from esq.store import read_frame, read_json, write_json
from warehouse.assemble import assemble_tables
from warehouse.build import (
    build_warehouse,
    input_rows,
    primary_key_problems,
    swap_into_place,
)
from warehouse.publish import make_current, write_release
from warehouse.report.figures import collect_figures
from warehouse.report.page import render_report
from warehouse.step_key import WAREHOUSE_STEP, warehouse_key

CANDIDATE_KEY = dg.AssetKey(["warehouse", "candidate"])
PUBLISHED_KEY = dg.AssetKey(["warehouse", "published"])
REPORT_FILE = "report.html"


def candidate_path(settings: Settings) -> Path:
    return settings.layout.candidate_warehouse


@dg.asset(
    key=CANDIDATE_KEY,
    deps=[ENTERPRISES_KEY, PROCUREMENT_KEY],
    group_name="warehouse",
    kinds={"duckdb"},
    description="The next warehouse, built beside the live one and not yet visible to readers.",
)
def candidate_warehouse(esq: EsqResource) -> dg.MaterializeResult:
    settings, catalog = esq.settings(), esq.catalog()
    clean_build(settings.home)  # what a killed run left: its candidate, release, store temps
    meta = settings.layout.step_meta(WAREHOUSE_STEP)
    key = warehouse_key(catalog, settings)
    release = current_release(settings.layout.published)
    # Only the warehouse that is live now, still published as the release built from it; no
    # release accepts a new candidate yet (published_warehouse adds the one it publishes).
    facts, reused = reuse_or_compute(
        meta, key, [settings.warehouse_path], lambda: _build(catalog, settings),
        release=release or "", releases=[],
        entities_key=meta_key(settings.layout.step_meta(ENTITIES_STEP)),
    )  # fmt: skip
    if reused:
        Progress("build warehouse", "rows").finish("unchanged inputs: the live one reused")
    return dg.MaterializeResult(metadata={**facts, "reused": reused})


def _build(catalog: Catalog, settings: Settings) -> dict:
    """Build the candidate warehouse; return what the step reports."""
    progress = Progress("build warehouse", "rows")
    inputs = assemble_tables(catalog, settings)
    target = candidate_path(settings)
    tmp = build_warehouse(inputs, target)
    swap_into_place(tmp, target)
    rows = {name: input_rows(source) for name, source in sorted(inputs.items())}
    progress.advance(sum(rows.values()))
    progress.finish(f"{len(inputs):,} tables")
    return {
        "dagster/row_count": rows["enterprises"],
        **{f"rows_{name}": n for name, n in rows.items()},
    }


def checked_warehouse(settings: Settings) -> Path:
    """The warehouse the blocking checks read: the candidate, or the live one when the
    candidate step reused it (esq.reuse)."""
    candidate = candidate_path(settings)
    return candidate if candidate.exists() else settings.warehouse_path


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return int(con.execute(sql).fetchall()[0][0])


@dg.asset_check(
    asset=CANDIDATE_KEY,
    blocking=True,
    description="Every table's primary key is unique and never null.",
)
def primary_keys_unique(esq: EsqResource) -> dg.AssetCheckResult:
    settings = esq.settings()
    with duckdb.connect(str(checked_warehouse(settings)), read_only=True) as con:
        problems = primary_key_problems(con)
    return dg.AssetCheckResult(passed=not problems, metadata={"key_problems": problems})


@dg.asset_check(
    asset=CANDIDATE_KEY,
    blocking=True,
    description="NEQs are 10 digits and no enterprise holds two different NEQs.",
)
def neq_valid(esq: EsqResource) -> dg.AssetCheckResult:
    settings = esq.settings()
    with duckdb.connect(str(checked_warehouse(settings)), read_only=True) as con:
        malformed = _scalar(
            con,
            "SELECT count(*) FROM enterprises WHERE neq IS NOT NULL "
            "AND NOT regexp_full_match(neq, '\\d{10}')",
        )
        # A listing's NEQ that fails the check digit is a probable typo (DESIGN §7): it may
        # rightly sit beside the register's NEQ, as the entity invariants allow.
        two_neqs = _scalar(
            con,
            "SELECT count(*) FROM (SELECT enterprise_id FROM listings "
            "WHERE neq IS NOT NULL AND (source_role = 'register' OR neq_status = 'valid') "
            "GROUP BY 1 HAVING count(DISTINCT neq) > 1)",
        )
    return dg.AssetCheckResult(
        passed=not (malformed or two_neqs),
        metadata={"malformed_neqs": malformed, "enterprises_with_two_neqs": two_neqs},
    )


def row_drops(catalog: Catalog, settings: Settings) -> dict[str, str]:
    """Sources that collapsed since the last publication (esq.drops), not accepted yet."""
    return {sid: drop.describe() for sid, drop in flagged_drops(catalog, settings).items()}


@dg.asset_check(
    asset=CANDIDATE_KEY,
    blocking=True,
    description="No source collapsed: lost more than its max_row_drop share and at least "
    "min_row_drop rows (an operator accepts an expected drop with `esq accept-drop SOURCE`).",
)
def row_count_drop(esq: EsqResource) -> dg.AssetCheckResult:
    drops = row_drops(esq.catalog(), esq.settings())
    return dg.AssetCheckResult(passed=not drops, metadata={"drops": drops})


@dg.asset_check(
    asset=CANDIDATE_KEY,
    blocking=True,
    description="No source with on_schema_drift: block has unaccepted new columns.",
)
def schema_drift(esq: EsqResource) -> dg.AssetCheckResult:
    settings = esq.settings()
    markers = {s.id: settings.layout.staged(s.id, "drift.json") for s in esq.catalog().enabled()}
    blocked = {
        source_id: (read_json(marker) or {}).get("drift")
        for source_id, marker in markers.items()
        if marker.is_file()
    }
    return dg.AssetCheckResult(passed=not blocked, metadata={"blocked_sources": blocked})


@dg.asset(
    key=PUBLISHED_KEY,
    deps=[CANDIDATE_KEY],
    group_name="warehouse",
    kinds={"duckdb", "parquet"},
    description="The live warehouse (ESQ_HOME/warehouse.duckdb) and the published Parquet files "
    "with datapackage.json and the run report (ESQ_HOME/published/), swapped in atomically.",
)
def published_warehouse(esq: EsqResource) -> dg.MaterializeResult:
    settings = esq.settings()
    candidate = candidate_path(settings)
    meta_path = settings.layout.step_meta(WAREHOUSE_STEP)
    meta = read_json(meta_path, {}) or {}
    if not candidate.exists() and "published" in meta:
        # The candidate step found the live warehouse and publication current: no file moves.
        Progress("publish", "files").finish("unchanged inputs: publication kept")
        return dg.MaterializeResult(metadata={**meta["published"], "reused": True})
    progress = Progress("publish", "files")
    report = render_report(collect_figures(candidate)).encode("utf-8")
    release = write_release(candidate, settings.home, extra_files={REPORT_FILE: report})
    swap_into_place(candidate, settings.warehouse_path)
    make_current(release, settings.home)
    progress.advance(sum(1 for p in release.iterdir() if p.is_file()))
    progress.finish(f"release {release.name[:12]}")
    facts = {
        "release": release.name,
        "report": str(settings.layout.published / REPORT_FILE),
        "warehouse": str(settings.warehouse_path),
        "dagster/row_count": len(read_frame(release / "enterprises.parquet", "just written")),
    }
    # This release was built from these inputs and from the entities' outputs: the next run
    # may keep both when nothing changed (esq.reuse.accept_release).
    if accept_release(meta_path, meta.get("input_key"), release.name):
        write_json(meta_path, {**(read_json(meta_path, {}) or {}), "published": facts})
    accept_release(settings.layout.step_meta(ENTITIES_STEP), meta.get("entities_key"), release.name)
    return dg.MaterializeResult(metadata={**facts, "reused": False})


WAREHOUSE_CHECKS = [primary_keys_unique, neq_valid, row_count_drop, schema_drift]
