"""Contracts layers: staging per contracts source, core contracts table, procurement mart."""

import dagster as dg

from assets.entities import ENTERPRISES_KEY
from assets.raw import raw_key
from assets.resources import EsqResource
from assets.staging import staging_check_result, staging_check_spec, staging_key
from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.contracts.store import (
    build_core_contracts,
    build_procurement_mart,
    contract_sources,
    stage_contracts_to_store,
)
from esq.progress import Progress
from esq.reuse import reuse_or_compute
from esq.step_keys import (
    CONTRACT_TABLES,
    CONTRACTS_STEP,
    PROCUREMENT_STEP,
    PROCUREMENT_TABLES,
    contracts_key,
    outputs,
    procurement_key,
)

CONTRACTS_KEY = dg.AssetKey(["core", "contracts"])
PROCUREMENT_KEY = dg.AssetKey(["core", "procurement"])


def build_contract_staging_asset(source: Source) -> dg.AssetsDefinition:
    """Parse one contracts source into rows of the eight cities; rejects go to quarantine."""

    @dg.asset(
        key=staging_key(source.id),
        deps=[raw_key(source.id)],
        group_name="staging",
        kinds={"pandas", "parquet"},
        description=f"{source.title}: contract rows of the eight cities (OCDS collapsed to "
        "the latest release per contract), rejected rows and values in quarantine.",
        tags={"source": source.id, "role": source.role},
        check_specs=[staging_check_spec(source)],
    )
    def _staging(context: dg.AssetExecutionContext, esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        progress = Progress(f"stage {source.id}", "rows")
        report = stage_contracts_to_store(source, settings)
        progress.advance(report.rows_parsed)
        progress.finish(f"{report.rows_staged:,} staged, {report.rows_quarantined:,} quarantined")
        if report.error:
            context.log.warning(report.error)
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": report.rows_staged,
                "rows_parsed": report.rows_parsed,
                "rows_quarantined": report.rows_quarantined,
                "values_quarantined": report.values_quarantined,
                "rows_out_of_scope": report.rows_out_of_scope,
                "fetch_ref": report.fetch_ref or "",
                "error": report.error or "",
                "reused": report.reused,
            },
            # the same quality check as listing sources: counts by rule and failure cases
            check_results=[staging_check_result(source, report, settings)],
        )

    return _staging


def build_contracts_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    """Staging assets of the contracts sources, then core/contracts and core/procurement."""
    sources = contract_sources(catalog)

    @dg.asset(
        key=CONTRACTS_KEY,
        deps=[*(staging_key(s.id) for s in sources), ENTERPRISES_KEY],
        group_name="entities",
        kinds={"pandas", "parquet"},
        description="One row per contract: SEAO and Montréal combined, a Montréal row that "
        "repeats a SEAO contract counted once, suppliers linked to enterprises (NEQ, then "
        "name; persons never) with the method and score.",
    )
    def _contracts(esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        meta = settings.layout.step_meta(CONTRACTS_STEP)
        key = contracts_key(sources, settings)
        files = [*outputs(settings, CONTRACT_TABLES), settings.layout.contracts_meta]
        facts, reused = reuse_or_compute(meta, key, files, lambda: _link(esq.catalog(), settings))
        if reused:
            Progress("link suppliers", "contracts").finish("unchanged inputs: reused")
        return dg.MaterializeResult(metadata={**facts, "reused": reused})

    @dg.asset(
        key=PROCUREMENT_KEY,
        deps=[CONTRACTS_KEY],
        group_name="marts",
        kinds={"pandas", "parquet"},
        description="procurement_by_city_year (spend, social economy spend and share, "
        "contracts and suppliers per city and year) and the top social economy suppliers.",
    )
    def _procurement(esq: EsqResource) -> dg.MaterializeResult:
        settings = esq.settings()
        meta = settings.layout.step_meta(PROCUREMENT_STEP)
        key = procurement_key(settings)
        facts, reused = reuse_or_compute(
            meta, key, outputs(settings, PROCUREMENT_TABLES), lambda: _mart(settings)
        )
        return dg.MaterializeResult(metadata={**facts, "reused": reused})

    return [*(build_contract_staging_asset(s) for s in sources), _contracts, _procurement]


def _mart(settings: Settings) -> dict:
    """Build the procurement mart; return what the step reports."""
    mart = build_procurement_mart(settings)
    return {
        "dagster/row_count": len(mart["procurement_by_city_year"]),
        "top_suppliers": len(mart["top_social_economy_suppliers"]),
    }


def _link(catalog: Catalog, settings: Settings) -> dict:
    """Build core/contracts (supplier linking); return what the step reports."""
    progress = Progress("link suppliers", "contracts")
    built = build_core_contracts(catalog, settings)
    contracts = built["contracts"]
    progress.advance(len(contracts))
    linked = int(contracts.enterprise_id.notna().sum()) if len(contracts) else 0
    progress.finish(f"{linked:,} linked to an enterprise")
    methods = contracts.link_method.value_counts().to_dict() if len(contracts) else {}
    return {
        "dagster/row_count": len(contracts),
        "supplier_review": len(built["supplier_review"]),
        "link_methods": {str(k): int(v) for k, v in methods.items()},
    }
