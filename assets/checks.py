"""Operational asset checks: per-source freshness and the publication summary.

The staging check is declared with its asset (assets/staging.py); the blocking checks on the
candidate warehouse live in assets/warehouse.py. These never block publication: they tell the
operator what to look at.
"""

from datetime import datetime

import dagster as dg

from assets.publication_summary import publication_summary
from assets.raw import raw_key
from assets.resources import EsqResource
from assets.warehouse import PUBLISHED_KEY
from esq.catalog import CADENCE_DAYS, Catalog, Source
from esq.landing import utc_now
from esq.status import SourceStatus, read_status

FRESHNESS_CHECK = "freshness"
SUMMARY_CHECK = "publication_summary"
#: A source older than WARN_FACTOR × its cadence warns, older than ERROR_FACTOR × errs.
WARN_FACTOR, ERROR_FACTOR = 2, 4


def freshness(status: SourceStatus, cadence: str, now: datetime) -> dg.AssetCheckResult:
    """Pass within 2× the cadence of the last success; WARN past 2×, ERROR past 4× or never."""
    days = CADENCE_DAYS[cadence]
    meta: dict = {
        "cadence": cadence,
        "cadence_days": days,
        "stale": status.stale,
        "last_success_at": status.last_success_at or "never",
        "last_error": status.last_error or "",
    }
    if not status.last_success_at:
        return dg.AssetCheckResult(
            passed=False,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata=meta,
            description="never fetched successfully",
        )
    age = now - datetime.fromisoformat(status.last_success_at.replace("Z", "+00:00"))
    age_days = round(age.total_seconds() / 86400, 2)
    meta["age_days"] = age_days
    if age_days > ERROR_FACTOR * days:
        severity = dg.AssetCheckSeverity.ERROR
    elif age_days > WARN_FACTOR * days:
        severity = dg.AssetCheckSeverity.WARN
    else:
        return dg.AssetCheckResult(passed=True, metadata=meta)
    return dg.AssetCheckResult(
        passed=False,
        severity=severity,
        metadata=meta,
        description=f"last good data is {age_days} days old (cadence {cadence}, {days} days)",
    )


def build_freshness_check(source: Source) -> dg.AssetChecksDefinition:
    """Freshness of one source from its status; in replay mode the recording's age is no news."""

    @dg.asset_check(
        asset=raw_key(source.id),
        name=FRESHNESS_CHECK,
        description=f"Last good data of {source.id} is younger than "
        f"{WARN_FACTOR}× (warn) / {ERROR_FACTOR}× (error) its {source.cadence} "
        "cadence.",
    )
    def _freshness(esq: EsqResource) -> dg.AssetCheckResult:
        settings = esq.settings()
        status = read_status(settings.state_dir, source.id)
        if settings.mode == "replay":
            return dg.AssetCheckResult(
                passed=True,
                metadata={"mode": "replay", "note": "replayed data: freshness is not assessed"},
            )
        return freshness(status, source.cadence, utc_now())

    return _freshness


@dg.asset_check(
    asset=PUBLISHED_KEY,
    name=SUMMARY_CHECK,
    description="What this publication holds: per-source rows, quarantine, "
    "staleness and the checks of the run (Markdown).",
)
def publication_summary_check(
    context: dg.AssetCheckExecutionContext, esq: EsqResource
) -> dg.AssetCheckResult:
    records = context.instance.all_logs(context.run.run_id)
    events = [r.dagster_event for r in records if r.dagster_event is not None]
    text = publication_summary(esq.catalog(), esq.settings(), events)
    return dg.AssetCheckResult(passed=True, metadata={"summary": dg.MetadataValue.md(text)})


def build_checks(
    catalog: Catalog,
    freshness_checks: list[dg.AssetChecksDefinition] | None = None,
) -> list[dg.AssetChecksDefinition]:
    """Freshness per enabled source (built here unless given) and the publication summary."""
    if freshness_checks is None:
        freshness_checks = [build_freshness_check(s) for s in catalog.enabled()]
    return [*freshness_checks, publication_summary_check]
