"""Run the graph in-process from the command line, against a Dagster instance under ESQ_HOME."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from esq.config import Settings
from esq.memory import MemoryGuard

CLI_JOB = "esq_cli_run"


def selection_for(source_ids: Sequence[str] | None) -> dg.AssetSelection:
    """Everything, or the named sources and everything downstream of them."""
    if not source_ids:
        return dg.AssetSelection.all()
    keys = [dg.AssetKey([layer, s]) for s in source_ids for layer in ("raw", "staging")]
    raws = dg.AssetSelection.assets(*[dg.AssetKey(["raw", s]) for s in source_ids])
    return raws.downstream() | dg.AssetSelection.assets(*keys).required_multi_asset_neighbors()


class UnknownSourceError(ValueError):
    """``--source`` named ids the catalog does not have; the message lists the valid ones."""

    def __init__(self, unknown: list[str], valid: list[str]):
        self.unknown, self.valid = unknown, valid
        super().__init__(
            f"unknown source {', '.join(unknown)}; the catalog's enabled sources are: "
            + ", ".join(sorted(valid))
        )


def run_pipeline(
    settings: Settings,
    source_ids: Sequence[str] | None = None,
    catalog_path: Path | str | None = None,
) -> dg.ExecuteInProcessResult:
    """Materialise the selection in-process; failures are reported in the result, not raised."""
    from assets.resources import EsqResource
    from esq.catalog import load_catalog, resolve_catalog_path
    from pipelines.definitions import build_definitions  # imports dagster assets: keep CLI light

    path = resolve_catalog_path(catalog_path)  # the one catalog of this run, checked whole
    catalog = load_catalog(path)  # before anything is fetched
    unknown = sorted(set(source_ids or ()) - {s.id for s in catalog.sources})
    if unknown:
        raise UnknownSourceError(unknown, [s.id for s in catalog.enabled()])
    job = dg.define_asset_job(CLI_JOB, selection=selection_for(source_ids))
    esq = EsqResource(
        home=str(settings.home),
        mode=settings.mode,
        replay_root=str(settings.replay_root),
        contact=settings.contact,
        catalog_path=str(path),
    )
    defs = build_definitions(path, resources={"esq": esq}, extra_jobs=(job,))
    settings.ensure()
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    with MemoryGuard():  # stops a run that cannot fit (ESQ_MEMORY_LIMIT), with a message
        return defs.resolve_job_def(CLI_JOB).execute_in_process(
            instance=instance, raise_on_error=False
        )
