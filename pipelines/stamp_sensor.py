"""The daily record after a daemon run: what `esq run` writes after its own runs.

`esq run` records the home's fingerprint after a successful run (pipelines.daily), and the
``publish_daily`` schedule skips when nothing changed since. A run the daemon launched (the
publish schedule's, or the ``everything`` job from the UI) wrote no record, so the schedule
compared every later day with the last `esq run` and ran again each day on unchanged inputs.
This sensor writes the record when such a run succeeds.

Safety: the publish job reads what the source jobs staged, and source jobs run on their own
cadence, possibly while a publication runs. A record written at the end would then call
"done" data the run never read. So after a publish run the record is written only if no landed
file and no source's staged file is newer than the run's start; otherwise none is written and
the next tick runs. The ``everything`` job fetches and stages itself, as `esq run` does.
"""

from __future__ import annotations

import dagster as dg

from assets.resources import EsqResource
from esq.catalog import Catalog
from esq.config import Settings
from pipelines.daily import record, write_stamp
from pipelines.fingerprint import walk_files
from pipelines.schedules import PUBLISH_JOB

STAMP_SENSOR = "daily_record"
#: Folders under staging/ that the publish job writes itself (core outputs).
OWN_STAGING = ("core",)


def newer_inputs(settings: Settings, since: float) -> str | None:
    """The first landed or source-staged file modified after ``since`` (epoch seconds), or None."""
    roots = [settings.landing_root]
    staging = settings.layout.staging
    if staging.is_dir():
        roots += [p for p in sorted(staging.iterdir()) if p.name not in OWN_STAGING]
    for root in roots:
        if not root.exists():
            continue
        # relative to the root: in replay mode the landing is outside the home
        for path, (_size, mtime_ns) in walk_files(root, root):
            if mtime_ns > since * 1e9:
                return str(root / path)
    return None


def record_daemon_run(
    settings: Settings, catalog: Catalog, job: str, run_id: str, started_at: float | None
) -> str:
    """After ``job``'s run ``run_id`` succeeded: write the daily record (or say why not) and
    add a line to the run history; returns the sentence logged."""
    if job == PUBLISH_JOB:
        late = newer_inputs(settings, started_at) if started_at is not None else "its start"
        if late is not None:
            record(settings, "succeeded", run_id, reason=f"daemon: {job}", recorded=False)
            return f"run {run_id[:8]} succeeded; not recorded: {late} changed while it ran"
    write_stamp(settings, catalog, None, run_id)
    record(settings, "succeeded", run_id, reason=f"daemon: {job}", recorded=True)
    return f"run {run_id[:8]} of {job} recorded: the publish schedule skips until something changes"


def build_stamp_sensor(catalog: Catalog, jobs: list) -> dg.SensorDefinition:
    """The run-status sensor over ``jobs``: the publish and ``everything`` jobs (module
    docstring)."""

    @dg.run_status_sensor(
        name=STAMP_SENSOR,
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=jobs,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="After a successful publish or everything run, records the home's "
        "fingerprint so that the daily publication skips while nothing changes.",
    )
    def _record(context: dg.RunStatusSensorContext, esq: EsqResource) -> dg.SkipReason:
        run = context.dagster_run
        stats = context.instance.get_run_stats(run.run_id)
        message = record_daemon_run(
            esq.settings(), catalog, run.job_name, run.run_id, stats.start_time
        )
        context.log.info(message)
        return dg.SkipReason(message)

    return _record
