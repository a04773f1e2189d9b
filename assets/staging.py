"""Staging layer: one asset per listing or register source, validated into the listing schema.

Each staging asset carries a ``staging_quality`` check evaluated in the same step: pandera and
parse failures become check metadata (counts by rule, failure cases), not an opaque failure.
"""

from functools import partial

import dagster as dg
import pandas as pd

from assets.raw import raw_key
from assets.resources import EsqResource
from esq.catalog import Source
from esq.config import Settings
from esq.memory_guard import release_freed_memory
from esq.staging.report import StageReport
from esq.staging.run import load_municipalities, stage_to_store
from esq.status import read_status
from esq.store import read_staged

MUNICIPALITIES_KEY = dg.AssetKey(["reference", "municipalities"])
STAGING_CHECK = "staging_quality"
#: Staging warns when more than this share of a source's rows is quarantined.
MAX_ROW_REJECT_SHARE = 0.05
FAILURE_CASES_SHOWN = 20


def staging_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["staging", source_id])


def staging_check_spec(source: Source) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        STAGING_CHECK,
        asset=staging_key(source.id),
        description="Parse, pandera validation and quarantine of the source: "
        f"warns past {MAX_ROW_REJECT_SHARE:.0%} of rows quarantined or when "
        "the source cannot be staged.",
    )


def _failure_cases(quarantine: pd.DataFrame) -> str:
    if quarantine.empty:
        return "(none)"
    shown = quarantine.head(FAILURE_CASES_SHOWN)
    lines = ["| record | rule | column | value | message |", "|---|---|---|---|---|"]
    for r in shown.itertuples(index=False):
        cells = (r.record_key, r.rule, r.column, r.value, r.message)
        lines.append(
            "| "
            + " | ".join("" if pd.isna(c) else str(c)[:60].replace("|", "/") for c in cells)
            + " |"
        )
    more = len(quarantine) - len(shown)
    return "\n".join(lines + ([f"\n… and {more} more in the quarantine table"] if more else []))


def staging_check_result(
    source: Source, report: StageReport, settings: Settings
) -> dg.AssetCheckResult:
    """The staging check of one source: failure cases and counts by rule as metadata."""
    quarantine = read_staged(
        settings.layout,
        source.id,
        "quarantine.parquet",
        ("record_key", "severity", "rule", "column", "value", "message"),
    )
    by_rule = {str(k): int(v) for k, v in quarantine.rule.value_counts().sort_index().items()}
    share = report.rows_quarantined / report.rows_parsed if report.rows_parsed else 0.0
    problem = report.error or (
        f"schema drift blocks publication: {report.drift}" if report.drift_blocked else None
    )
    passed = problem is None and share <= MAX_ROW_REJECT_SHARE
    return dg.AssetCheckResult(
        check_name=STAGING_CHECK,
        asset_key=staging_key(source.id),
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        description=problem or f"{share:.1%} of rows quarantined",
        metadata={
            "rows_parsed": report.rows_parsed,
            "rows_quarantined": report.rows_quarantined,
            "values_quarantined": report.values_quarantined,
            "quarantine_by_rule": by_rule,
            "error": report.error or "",
            "failure_cases": dg.MetadataValue.md(_failure_cases(quarantine)),
        },
    )


def build_staging_asset(source: Source) -> dg.AssetsDefinition:
    """Parse, normalise and validate one source; rejected rows go to its quarantine."""

    @dg.asset(
        key=staging_key(source.id),
        deps=[raw_key(source.id), MUNICIPALITIES_KEY],
        group_name="staging",
        kinds={"pandas", "parquet"},
        description=f"{source.title} in the listing schema (pandera-validated), with the "
        "rows and values it rejected in quarantine.",
        tags={"source": source.id, "role": source.role},
        check_specs=[staging_check_spec(source)],
    )
    def _staging(context: dg.AssetExecutionContext, esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        # The index is loaded only if the source is staged again (not when it is reused).
        municipalities = partial(load_municipalities, settings)
        report = stage_to_store(source, settings, municipalities, context.log)
        if not report.reused:
            release_freed_memory()  # what staging a large source freed, before the next step
        if report.error:
            context.log.warning(report.error)
        if report.drift:
            context.log.warning(f"{source.id}: schema drift: {report.drift}")
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report.rows_staged,
                "rows_parsed": report.rows_parsed,
                "rows_quarantined": report.rows_quarantined,
                "values_quarantined": report.values_quarantined,
                "rows_carried": report.rows_carried,
                "rows_removed": report.rows_removed,
                "stale": read_status(settings.state_dir, source.id).stale,
                "fetch_ref": report.fetch_ref or "",
                "schema_drift": report.drift or "",
                "drift_blocked": report.drift_blocked,
                "error": report.error or "",
                "reused": report.reused,
            },
            check_results=[staging_check_result(source, report, settings)],
        )

    return _staging
