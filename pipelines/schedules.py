"""Jobs and schedules: each source on its own cadence, one daily publication.

Design: a source's schedule fetches and stages that source only (its ``source_<id>`` job);
entity resolution and the warehouse are rebuilt once a day by the ``publish`` job. Firing the
downstream layers from every source's schedule would rebuild the warehouse several times on the
first of the month (every monthly hub at once) and make readers see a new release per source;
one daily publication gives one predictable release built from every source's latest good
data. All schedules run in America/Toronto time, staggered by source so hosts are not hit at
the same minute.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import dagster as dg

if TYPE_CHECKING:
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition as AssetJob,
    )

from assets.raw import raw_key
from esq.catalog import Catalog, Source
from esq.config import Settings

TIMEZONE = "America/Toronto"
PUBLISH_JOB = "publish"
FRESHNESS_JOB = "freshness_checks"
PUBLISH_CRON = "0 6 * * *"  # after the night's fetches (02:00–04:59)
FRESHNESS_CRON = "30 7 * * *"
#: Day/month part of the cron of each cadence; "manual" sources have no schedule.
CADENCE_CRON: dict[str, str] = {
    "daily": "* * *",
    "weekly": "* * 1",
    "twice-monthly": "1,15 * *",
    "monthly": "1 * *",
    "quarterly": "1 1,4,7,10 *",
    "yearly": "2 1 *",
}
#: Groups that belong to one source's unit of work; everything else is the publication.
SOURCE_GROUPS = ("raw", "staging", "reference")


def source_job_name(source_id: str) -> str:
    return "source_" + source_id.replace("-", "_")


def cron_for(source: Source) -> str | None:
    """The source's cron in TIMEZONE: its cadence, at a stable minute between 02:00 and 04:59."""
    days = CADENCE_CRON.get(source.cadence)
    if days is None:
        return None
    slot = int(hashlib.sha256(source.id.encode()).hexdigest(), 16) % 180
    return f"{slot % 60} {2 + slot // 60} {days}"


def source_selection(source: Source) -> dg.AssetSelection:
    """A source's unit of work: its raw asset and the per-source assets right below it."""
    raw = dg.AssetSelection.assets(raw_key(source.id))
    below = raw.downstream(depth=1) & dg.AssetSelection.groups(*SOURCE_GROUPS)
    return raw | below


def build_source_jobs(catalog: Catalog) -> list[AssetJob]:
    """One job per enabled source: fetch and stage it (with its checks), nothing downstream."""
    return [
        dg.define_asset_job(
            source_job_name(s.id),
            selection=source_selection(s),
            description=f"Fetch and stage {s.id} ({s.cadence}).",
            tags={"source": s.id},
        )
        for s in catalog.enabled()
    ]


def build_publish_job() -> AssetJob:
    return dg.define_asset_job(
        PUBLISH_JOB,
        selection=dg.AssetSelection.all() - dg.AssetSelection.groups(*SOURCE_GROUPS),
        description="Resolve entities from every source's staged data, build the candidate "
        "warehouse, run the blocking checks and publish.",
    )


def build_freshness_job(checks: list[dg.AssetChecksDefinition]) -> AssetJob:
    return dg.define_asset_job(
        FRESHNESS_JOB,
        selection=dg.AssetSelection.checks(*checks),
        description="Evaluate every source's freshness check only.",
    )


def _schedule(job: str, cron: str, name: str, description: str = "") -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name=name,
        cron_schedule=cron,
        job_name=job,
        execution_timezone=TIMEZONE,
        description=description or None,
    )


def publish_decision(catalog: Catalog, settings: Settings) -> dg.RunRequest | dg.SkipReason:
    """The daily publication's tick: skipped, naming the run, when nothing changed since the
    last successful `esq run` (pipelines.daily; the source jobs fetch on their own cadence, so
    nothing is fetched here); else a run, tagged with what changed."""
    from pipelines.daily import compare

    change, last = compare(settings, catalog, None)
    if change is None and last is not None:
        return dg.SkipReason(
            f"nothing changed since run {last['run_id']} at {last['finished_at']} "
            "(code, catalog, landed data, fetch status and outputs are as it left them)"
        )
    return dg.RunRequest(tags={"esq/why": str(change)[:200]})


def build_publish_schedule(catalog: Catalog) -> dg.ScheduleDefinition:
    """The daily publication, evaluated by :func:`publish_decision` at each tick."""

    def evaluate(_context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        return publish_decision(catalog, Settings.from_env())

    return dg.ScheduleDefinition(
        name=f"{PUBLISH_JOB}_daily",
        cron_schedule=PUBLISH_CRON,
        job_name=PUBLISH_JOB,
        execution_timezone=TIMEZONE,
        execution_fn=evaluate,
        description="Resolve, build and publish once a day; skipped when nothing changed.",
    )


def build_schedules(catalog: Catalog) -> list[dg.ScheduleDefinition]:
    """A schedule per scheduled source, the daily publication and the daily freshness checks."""
    schedules = [
        _schedule(
            source_job_name(s.id), cron, f"{source_job_name(s.id)}_schedule", f"{s.id}: {s.cadence}"
        )
        for s in catalog.enabled()
        if (cron := cron_for(s))
    ]
    schedules.append(build_publish_schedule(catalog))
    schedules.append(_schedule(FRESHNESS_JOB, FRESHNESS_CRON, f"{FRESHNESS_JOB}_daily"))
    return schedules
