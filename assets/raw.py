"""Raw layer: one asset per catalog source, fetching it into the landing zone (or replaying)."""

import dagster as dg

from assets.resources import EsqResource, HttpResource
from esq.adapters.base import RetriableSourceError
from esq.budget import source_deadline, worth_retrying
from esq.catalog import Source
from esq.config import Settings
from esq.fetching import FetchResult, entry_for, fetch_source
from esq.status import read_status

#: Transient failures (timeouts, 5xx after the client's own retries) get up to two more
#: attempts 5 s later (± jitter so sources sharing a host do not retry in step), only while the
#: source's retry budget lasts (esq.budget): a dead source costs a run about a minute at most.
RAW_RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=5, jitter=dg.Jitter.PLUS_MINUS)


def raw_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source_id])


def prefetched_result(source: Source, settings: Settings, attempt: str) -> FetchResult:
    """What the pre-flight's fetch of this run recorded (its status and the good entry)."""
    status = read_status(settings.state_dir, source.id)
    error = status.last_error if attempt in ("failed", "refused") else None
    return FetchResult(status, entry_for(source.id, settings), attempt, error)


def build_raw_asset(
    source: Source, retry_policy: dg.RetryPolicy = RAW_RETRY_POLICY
) -> dg.AssetsDefinition:
    """The raw asset of one source. A failed fetch does not fail the step: the source is
    marked stale and later layers keep its last good landing entry (DESIGN §5). A transient
    failure fails the step while retries remain, so the retry policy tries again; the last
    attempt records it like any other failure. Bad bytes are never retried."""

    @dg.asset(
        key=raw_key(source.id),
        group_name="raw",
        kinds={"python", "file"},
        description=f"{source.title} — bytes as received from {source.publisher}, in the "
        f"landing zone with a manifest (kind {source.kind}).",
        metadata={
            "source_id": source.id,
            "publisher": source.publisher,
            "kind": source.kind,
            "cadence": source.cadence,
            "licence": source.licence.id,
            "role": source.role,
        },
        tags={"source": source.id, "role": source.role},
        retry_policy=retry_policy,
    )
    def _raw(
        context: dg.AssetExecutionContext, esq: EsqResource, http: HttpResource
    ) -> dg.MaterializeResult:
        settings = esq.settings()
        # An inbox source never talks to the network: no HTTP client for it.
        online = settings.mode == "live" and not source.endpoint.get("inbox")
        client = http.client(settings.contact, settings.layout.not_before) if online else None
        deadline = source_deadline(settings, source.id, context.run_id, http.retry_budget_seconds)
        if client is not None:
            client.set_deadline(source.id, deadline)
        attempts = retry_policy.max_retries + 1

        def retry() -> bool:  # asked at the failure: the budget may be spent by then
            delay = (retry_policy.delay or 0) * 1.5  # the jitter's worst case
            return context.retry_number < retry_policy.max_retries and worth_retrying(
                deadline, delay
            )

        try:
            if source.id in (esq.prefetched or {}):  # fetched by `esq run`'s pre-flight
                result = prefetched_result(source, settings, esq.prefetched[source.id])
            else:
                result = fetch_source(source, settings, client, retry=retry, logger=context.log)
        except RetriableSourceError as exc:
            context.log.warning(
                f"{source.id}: attempt {context.retry_number + 1} of {attempts} "
                f"failed, retrying: {exc}"
            )
            raise
        entry, status = result.entry, result.status
        if result.error:
            context.log.warning(f"{source.id} is stale: {result.error}")
        return dg.MaterializeResult(
            metadata={
                "attempt": result.attempt,
                "stale": status.stale,
                "error": result.error or "",
                "fetch_ref": entry.ref if entry else "",
                "last_success_at": status.last_success_at or "",
                "consecutive_failures": status.consecutive_failures,
                "files": len(entry.manifest.files) if entry else 0,
                "bytes": entry.manifest.total_bytes if entry else 0,
                "mode": settings.mode,
                "retries_used": context.retry_number,
            }
        )

    return _raw
