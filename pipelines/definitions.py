"""The esq code location: assets generated from the catalog, resources, jobs and checks."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg

from assets.contracts import build_contracts_assets
from assets.entities import build_entities_asset
from assets.raw import build_raw_asset
from assets.reference import municipalities
from assets.staging import build_staging_asset
from assets.warehouse import WAREHOUSE_CHECKS, candidate_warehouse, published_warehouse
from esq.catalog import Catalog, load_catalog
from pipelines.resources import EsqResource, HttpResource

EVERYTHING_JOB = "everything"


def build_assets(catalog: Catalog) -> list[dg.AssetsDefinition]:
    """Every asset of the graph for this catalog, in layer order."""
    enabled = catalog.enabled()
    return [
        *(build_raw_asset(s) for s in enabled),
        municipalities,
        *(build_staging_asset(s) for s in enabled if s.role in ("listing", "register")),
        build_entities_asset(catalog),
        *build_contracts_assets(catalog),
        candidate_warehouse,
        published_warehouse,
    ]


def build_definitions(
    catalog_path: Path | str | None = None,
    resources: Mapping[str, Any] | None = None,
    extra_jobs: tuple[Any, ...] = (),
) -> dg.Definitions:
    """The Definitions of esq; tests pass their own catalog and resources."""
    catalog = load_catalog(catalog_path)
    default_resources: dict[str, Any] = {
        "esq": EsqResource(catalog_path=str(catalog_path) if catalog_path else None),
        "http": HttpResource(),
    }
    return dg.Definitions(
        assets=build_assets(catalog),
        asset_checks=WAREHOUSE_CHECKS,
        resources={**default_resources, **(resources or {})},
        jobs=[
            dg.define_asset_job(
                EVERYTHING_JOB,
                selection=dg.AssetSelection.all(),
                description="Fetch, stage, resolve and publish everything.",
            ),
            *extra_jobs,
        ],
        executor=dg.in_process_executor,
    )


defs = build_definitions()
