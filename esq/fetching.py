"""Fetch one source into the landing zone, live or by replaying a recorded landing zone.

Every outcome is recorded in the source's status; a failure never touches the reference to
the last good data, so later layers keep reading it (DESIGN §5).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from esq.adapters import adapter_for
from esq.adapters.base import FetchContext, RetriableSourceError, SourceError
from esq.catalog import Source
from esq.cleanup import clean_landing
from esq.config import Settings
from esq.entry_check import check_entry
from esq.landing import LandingEntry, LandingZone, iso, utc_now
from esq.progress import Progress
from esq.status import SourceStatus, read_status, write_status

log = logging.getLogger("esq.fetch")


@dataclass(frozen=True)
class FetchResult:
    status: SourceStatus
    entry: LandingEntry | None  # the entry later layers should read (last good data)
    attempt: str  # what this attempt did: replayed, success, not_modified, failed
    error: str | None = None


def _copy_entry(entry: LandingEntry, landing: LandingZone) -> LandingEntry:
    """Copy a recorded entry into the landing zone under its own fetch id (idempotent)."""
    source_id = entry.manifest.source_id
    existing = landing.get(source_id, entry.fetch_id)
    if existing is not None:
        return existing
    dest_dir = landing.root / source_id
    dest_dir.mkdir(parents=True, exist_ok=True)
    tmp = dest_dir / f".{entry.fetch_id}.copying"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(entry.path, tmp)
    os.replace(tmp, dest_dir / entry.fetch_id)
    return landing.get(source_id, entry.fetch_id)  # type: ignore[return-value]


def _last_modified(entry: LandingEntry) -> str | None:
    values = [f.last_modified for f in entry.manifest.files if f.last_modified]
    return max(values) if values else None


def replay_source(
    source: Source, settings: Settings, logger: logging.Logger | None = None
) -> FetchResult:
    """Serve a source from the recorded landing zone (the bundled sample by default)."""
    landing = LandingZone(settings.landing_root)
    clean_landing(settings.landing_root, source.id)
    status = read_status(settings.state_dir, source.id)
    recorded = LandingZone(settings.replay_root).latest_good(source.id)
    if recorded is None:
        # Not recorded is not a failure of the source: nothing was asked of it. Its status
        # stays as it was (never fetched, or the last live fetch) and later layers keep
        # whatever good data the landing zone already holds.
        return FetchResult(status, landing.latest_good(source.id), "not_recorded")
    progress = Progress(f"replay {source.id}", "bytes", log=logger)
    # The whole recorded history, not only its last entry: sources fetched incrementally
    # (SEAO's weekly files) read every good entry, and the audit trail replays whole.
    history = LandingZone(settings.replay_root).entries(source.id)
    for recorded_entry in history:
        progress.advance(_copy_entry(recorded_entry, landing).manifest.total_bytes)
    entry = landing.get(source.id, recorded.fetch_id) or _copy_entry(recorded, landing)
    m = entry.manifest
    progress.finish(
        f"{len(history)} entr{'y' if len(history) == 1 else 'ies'} from {settings.replay_root}"
    )
    status = status.succeeded(
        "replayed", m.started_at, m.started_at, entry.ref, _last_modified(entry)
    )
    write_status(settings.state_dir, status)
    return FetchResult(status, entry, "replayed")


def _resolve(entry: LandingEntry, landing: LandingZone) -> LandingEntry:
    """The entry holding the bytes: a 304 entry points back at the one it reuses."""
    if entry.manifest.status == "not_modified" and entry.manifest.reused_from:
        return landing.get(entry.manifest.source_id, entry.manifest.reused_from) or entry
    return entry


def _same_bytes(a: LandingEntry, b: LandingEntry) -> bool:
    """Whether two entries hold the same files with the same bytes."""
    digests = lambda e: sorted((f.name, f.sha256) for f in e.manifest.files)  # noqa: E731
    return bool(a.manifest.files) and digests(a) == digests(b)


def _keep_previous_if_unchanged(
    entry: LandingEntry, previous: LandingEntry | None, landing: LandingZone
) -> LandingEntry:
    """A new entry whose bytes equal the last good one becomes a ``not_modified`` entry pointing
    at it: the fetch_ref stays, so an unchanged re-run publishes byte-identical files (a server
    without ETag or Last-Modified answers 200 with the same bytes)."""
    if entry.manifest.status != "success" or previous is None or not _same_bytes(entry, previous):
        return entry
    source_id = entry.manifest.source_id
    reused = landing.writer(source_id).commit("not_modified", reused_from=previous.fetch_id)
    hidden = entry.path.with_name(f".{entry.path.name}.duplicate")
    os.replace(entry.path, hidden)  # a kill here leaves a hidden folder the next run removes
    shutil.rmtree(hidden, ignore_errors=True)
    return reused


def _fail(
    source: Source,
    settings: Settings,
    status: SourceStatus,
    started: str,
    error: str,
    previous: LandingEntry | None,
    logger: logging.Logger,
    how: str = "failed",
) -> FetchResult:
    logger.warning("fetch %s: %s", how, error)
    LandingZone(settings.landing_root).writer(source.id).commit("failed", error=error)
    status = status.failed(started, error, how)
    write_status(settings.state_dir, status)
    return FetchResult(status, previous, "failed", error)


def fetch_live(
    source: Source,
    settings: Settings,
    http: Any,
    retry: bool | Callable[[], bool] = False,
    logger: logging.Logger | None = None,
) -> FetchResult:
    """Fetch a source from the network (or the inbox) into a new landing entry.

    New bytes become the source's good data only once they read as the source's table
    (:func:`esq.entry_check.check_entry`). With ``retry`` (or when it returns True, asked at the
    failure: the retry budget may be spent by then), a transient failure
    (:class:`RetriableSourceError`) is raised for the caller's retry policy and leaves the
    status untouched; otherwise every failure is recorded and the last good entry kept.
    """
    logger = logger or log
    landing = LandingZone(settings.landing_root)
    clean_landing(settings.landing_root, source.id)  # a killed run's uncommitted fetch
    status = read_status(settings.state_dir, source.id)
    previous = entry_for(source.id, settings)  # conditional requests against the last good data
    ctx = FetchContext(
        source=source,
        landing=landing,
        inbox=settings.inbox,
        http=http,
        previous=previous,
        log=logger,
    )
    started = iso(utc_now())
    progress = Progress(f"fetch {source.id}", "bytes", log=logger)
    try:
        entry = adapter_for(source.kind).fetch(ctx)
    except RetriableSourceError as exc:
        if retry() if callable(retry) else retry:
            logger.warning("transient failure, will retry: %s", exc)
            raise
        return _fail(source, settings, status, started, str(exc), previous, logger)
    except Exception as exc:  # one source's failure must not stop the others
        error = str(exc) if isinstance(exc, SourceError) else f"source {source.id}: {exc!r}"
        return _fail(source, settings, status, started, error, previous, logger)
    entry = _keep_previous_if_unchanged(entry, previous, landing)
    good = _resolve(entry, landing)
    if good.ref != status.fetch_ref:
        problem = check_entry(source, good)
        if problem:  # bytes came, but not the source's table
            return _fail(source, settings, status, started, problem, previous, logger, "refused")
    progress.advance(entry.manifest.total_bytes)
    progress.finish(entry.manifest.status)
    status = status.succeeded(
        entry.manifest.status, started, good.manifest.started_at, good.ref, _last_modified(good)
    )
    write_status(settings.state_dir, status)
    return FetchResult(status, good, entry.manifest.status)


def fetch_source(
    source: Source,
    settings: Settings,
    http: Any = None,
    retry: bool | Callable[[], bool] = False,
    logger: logging.Logger | None = None,
) -> FetchResult:
    """Fetch in the configured mode (see :func:`fetch_live` for ``retry``); sample-only sources
    are not fetched live."""
    if settings.mode == "replay":
        return replay_source(source, settings, logger)
    if source.sample_only:
        status = read_status(settings.state_dir, source.id)
        return FetchResult(status, None, "skipped", None)
    return fetch_live(source, settings, http, retry=retry, logger=logger)


def entry_for(source_id: str, settings: Settings) -> LandingEntry | None:
    """The landing entry later layers read: the status's last good reference.

    Without a status (a landing zone copied from elsewhere) the newest good entry is used; a
    status that never recorded a success has no good data, whatever bytes landed.
    """
    status = read_status(settings.state_dir, source_id)
    landing = LandingZone(settings.landing_root)
    if status.fetch_ref:
        entry = landing.get(source_id, status.fetch_ref.split("/", 1)[1])
        if entry is not None:
            return entry
    if status.last_fetch_at is not None and status.last_success_at is None:
        return None
    return landing.latest_good(source_id)
