"""Raw layer: one asset per catalog source, fetching it into the landing zone (or replaying)."""

import dagster as dg

from esq.catalog import Source
from esq.fetching import fetch_source
from pipelines.resources import EsqResource, HttpResource


def raw_key(source_id: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source_id])


def build_raw_asset(source: Source) -> dg.AssetsDefinition:
    """The raw asset of one source. A failed fetch does not fail the step: the source is
    marked stale and later layers keep its last good landing entry (DESIGN §5)."""

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
    )
    def _raw(
        context: dg.AssetExecutionContext, esq: EsqResource, http: HttpResource
    ) -> dg.MaterializeResult:
        settings = esq.settings()
        client = http.client(settings.contact) if settings.mode == "live" else None
        result = fetch_source(source, settings, client)
        entry = result.entry
        if result.error:
            context.log.warning(f"{source.id} is stale: {result.error}")
        return dg.MaterializeResult(
            metadata={
                "attempt": result.attempt,
                "stale": result.status.stale,
                "error": result.error or "",
                "fetch_ref": entry.ref if entry else "",
                "files": len(entry.manifest.files) if entry else 0,
                "bytes": entry.manifest.total_bytes if entry else 0,
                "mode": settings.mode,
            }
        )

    return _raw
