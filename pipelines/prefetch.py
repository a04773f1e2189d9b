"""The pre-flight's fetch (pipelines.daily): every selected source fetched as its raw step would
fetch it, with esq.fetching and an HTTP client of the raw step's policy, without Dagster."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from esq.catalog import Catalog, Source
from esq.config import Settings


def fetch_all(
    sources: Sequence[Source], settings: Settings, run_id: str, http: Any = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Fetch each source as its raw step would; (source -> attempt, source -> failure)."""
    from esq.adapters.base import RetriableSourceError
    from esq.fetching import fetch_source

    client = None
    if settings.mode == "live" and any(not s.endpoint.get("inbox") for s in sources):
        client = http or _client(settings)
    fetched: dict[str, str] = {}
    failed: dict[str, str] = {}
    for source in sources:
        online = client is not None and not source.endpoint.get("inbox")
        if online:
            from esq.budget import source_deadline  # the run's raw step shares this budget

            deadline = source_deadline(settings, source.id, run_id, client.policy.retry_budget)
            client.set_deadline(source.id, deadline)
        try:
            # retry=True: a transient failure is left to the run's retry policy, unrecorded.
            result = fetch_source(source, settings, client if online else None, retry=True)
        except RetriableSourceError as exc:
            failed[source.id] = f"transient: {exc}"
            continue
        fetched[source.id] = result.attempt
        if result.error:
            failed[source.id] = result.error
    return fetched, failed


def _client(settings: Settings) -> Any:
    """The HTTP client with the raw step's policy (HttpPolicy's defaults, which are
    assets.resources.HttpResource's)."""
    from esq.http import HttpClient, HttpPolicy

    return HttpClient(HttpPolicy(contact=settings.contact), not_before=settings.layout.not_before)


def selected(catalog: Catalog, selection: Iterable[str] | None) -> list[Source]:
    """The enabled sources a run of ``selection`` (None: everything) fetches."""
    wanted = set(selection or ())
    return [s for s in catalog.enabled() if not wanted or s.id in wanted]
