"""Staging layer: one asset per listing or register source, validated into the listing schema."""

import dagster as dg

from assets.raw import raw_key
from esq.catalog import Source
from esq.staging.run import load_municipalities, stage_to_store
from pipelines.resources import EsqResource

MUNICIPALITIES_KEY = dg.AssetKey(["reference", "municipalities"])


def staging_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["staging", source_id])


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
    )
    def _staging(context: dg.AssetExecutionContext, esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        report = stage_to_store(source, settings, load_municipalities(settings))
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
                "fetch_ref": report.fetch_ref or "",
                "schema_drift": report.drift or "",
                "drift_blocked": report.drift_blocked,
                "error": report.error or "",
            }
        )

    return _staging
