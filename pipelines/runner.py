"""Run the graph in-process from the command line, against a Dagster instance under ESQ_HOME."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg

from esq.config import Settings
from esq.memory_guard import MemoryGuard, memory_limit
from pipelines.run_history import keep_engines, run_instance, without_fsync

CLI_JOB = "esq_cli_run"

#: Run config that keeps Dagster's own console logger to errors: the ``esq`` command draws its
#: progress and warnings itself (from ``on_event``), so the long Dagster log lines stay out.
QUIET = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


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
    on_event: Callable[[Any], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    run_id: str | None = None,
    prefetched: Mapping[str, str] | None = None,
    http: Any = None,
) -> dg.ExecuteInProcessResult:
    """Materialise the selection in-process; failures are reported in the result, not raised.

    With ``on_event``, every event of the run (a Dagster ``EventLogEntry``: step starts and ends,
    warnings) is passed to it as it happens and Dagster's console log is kept to errors;
    ``on_plan`` is told the number of steps before the first one starts. ``run_id`` and
    ``prefetched`` come from `esq run`'s pre-flight (pipelines.daily): the run's id (its
    sources' retry budgets were opened under it) and the sources it already fetched; ``http``
    replaces the default ``HttpResource`` (tests).
    """
    from assets.resources import EsqResource
    from esq.catalog import load_catalog, resolve_catalog_path
    from pipelines.graph import build_definitions  # imports dagster assets: keep CLI light

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
        prefetched=dict(prefetched) if prefetched else None,
    )
    resources: dict[str, Any] = {"esq": esq} if http is None else {"esq": esq, "http": http}
    defs = build_definitions(path, resources=resources, extra_jobs=(job,))
    settings.ensure()
    without_fsync()
    instance = run_instance(str(settings.dagster_home))
    job_def = defs.resolve_job_def(CLI_JOB)
    run_id = run_id or str(uuid.uuid4())
    if on_plan is not None:
        on_plan(len(job_def.nodes_in_topological_order))
    if on_event is not None:
        instance.add_event_listener(run_id, on_event)
    # A run that outgrows the machine stops with MemoryLimitExceeded instead of exhausting it.
    with keep_engines(instance), MemoryGuard(memory_limit()):
        return job_def.execute_in_process(
            instance=instance,
            raise_on_error=False,
            run_id=run_id,
            run_config=QUIET if on_event is not None else None,
        )
