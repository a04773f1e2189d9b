"""The esq graph: assets generated from the catalog, resources, jobs and checks.

``build_definitions`` is what the code location (pipelines.definitions) and the in-process
runner call; building happens on call only, so the runner does not first build the graph of
the default catalog as a side effect of an import.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg

from assets.checks import build_checks, build_freshness_check
from assets.contracts import build_contracts_assets
from assets.entities import build_entities_asset
from assets.raw import RAW_RETRY_POLICY, build_raw_asset
from assets.reference import municipalities
from assets.resources import EsqResource, HttpResource
from assets.staging import build_staging_asset
from assets.warehouse import WAREHOUSE_CHECKS, candidate_warehouse, published_warehouse
from esq.catalog import Catalog, load_catalog, resolve_catalog_path
from pipelines.schedules import (
    build_freshness_job,
    build_publish_job,
    build_schedules,
    build_source_jobs,
)
from pipelines.sensors import build_inbox_sensor
from pipelines.stamp_sensor import build_stamp_sensor

EVERYTHING_JOB = "everything"


def build_assets(
    catalog: Catalog, raw_retry_policy: dg.RetryPolicy = RAW_RETRY_POLICY
) -> list[dg.AssetsDefinition]:
    """Every asset of the graph for this catalog, in layer order."""
    enabled = catalog.enabled()
    return [
        *(build_raw_asset(s, raw_retry_policy) for s in enabled),
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
    raw_retry_policy: dg.RetryPolicy = RAW_RETRY_POLICY,
) -> dg.Definitions:
    """The Definitions of esq; tests pass their own catalog, resources and retry policy."""
    # Resolved once (argument, else ESQ_CATALOG, else the default) and handed to the assets, so
    # the graph, its schedules and every asset read the same catalog.
    path = resolve_catalog_path(catalog_path)
    catalog = load_catalog(path)
    default_resources: dict[str, Any] = {
        "esq": EsqResource(catalog_path=str(path)),
        "http": HttpResource(),
    }
    source_jobs = build_source_jobs(catalog)
    freshness = [build_freshness_check(s) for s in catalog.enabled()]
    everything = dg.define_asset_job(
        EVERYTHING_JOB,
        selection=dg.AssetSelection.all(),
        description="Fetch, stage, resolve and publish everything.",
    )
    publish = build_publish_job()
    sensors = [build_stamp_sensor(catalog, [everything, publish])]
    if any(s.endpoint.get("inbox") for s in catalog.enabled()):
        sensors.append(build_inbox_sensor(catalog, source_jobs))
    return dg.Definitions(
        assets=build_assets(catalog, raw_retry_policy),
        asset_checks=[*WAREHOUSE_CHECKS, *build_checks(catalog, freshness)],
        resources={**default_resources, **(resources or {})},
        jobs=[
            everything,
            *source_jobs,
            publish,
            build_freshness_job(freshness),
            *extra_jobs,
        ],
        schedules=build_schedules(catalog),
        sensors=sensors,
        executor=dg.in_process_executor,
    )
