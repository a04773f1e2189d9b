"""Fetch one source into the landing zone, live or by replaying a recorded landing zone.

Every outcome is recorded in the source's status; a failure never touches the reference to
the last good data, so later layers keep reading it (DESIGN §5).
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from typing import Any

from esq.adapters import adapter_for
from esq.adapters.base import FetchContext, SourceError
from esq.catalog import Source
from esq.config import Settings
from esq.landing import LandingEntry, LandingZone, iso, utc_now
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


def replay_source(source: Source, settings: Settings) -> FetchResult:
    """Serve a source from the recorded landing zone (the bundled sample by default)."""
    landing = LandingZone(settings.landing_root)
    status = read_status(settings.state_dir, source.id)
    recorded = LandingZone(settings.replay_root).latest_good(source.id)
    if recorded is None:
        # Not recorded is not a failure of the source: nothing was asked of it. Its status
        # stays as it was (never fetched, or the last live fetch) and later layers keep
        # whatever good data the landing zone already holds.
        return FetchResult(status, landing.latest_good(source.id), "not_recorded")
    entry = _copy_entry(recorded, landing)
    m = entry.manifest
    status = status.succeeded(
        "replayed", m.started_at, m.started_at, entry.ref, _last_modified(entry)
    )
    write_status(settings.state_dir, status)
    return FetchResult(status, entry, "replayed")


def fetch_live(source: Source, settings: Settings, http: Any) -> FetchResult:
    """Fetch a source from the network (or the inbox) into a new landing entry."""
    landing = LandingZone(settings.landing_root)
    status = read_status(settings.state_dir, source.id)
    previous = landing.latest_good(source.id)
    ctx = FetchContext(
        source=source, landing=landing, inbox=settings.inbox, http=http, previous=previous, log=log
    )
    started = iso(utc_now())
    try:
        entry = adapter_for(source.kind).fetch(ctx)
    except Exception as exc:
        error = str(exc) if isinstance(exc, SourceError) else f"source {source.id}: {exc!r}"
        log.warning("fetch failed: %s", error)
        landing.writer(source.id).commit("failed", error=error)  # the audit trail keeps failures
        status = status.failed(started, error)
        write_status(settings.state_dir, status)
        return FetchResult(status, previous, "failed", error)
    good = landing.latest_good(source.id) or entry
    status = status.succeeded(
        entry.manifest.status, started, good.manifest.started_at, good.ref, _last_modified(good)
    )
    write_status(settings.state_dir, status)
    return FetchResult(status, good, entry.manifest.status)


def fetch_source(source: Source, settings: Settings, http: Any = None) -> FetchResult:
    """Fetch in the configured mode; sample-only sources are not fetched live."""
    if settings.mode == "replay":
        return replay_source(source, settings)
    if source.sample_only:
        status = read_status(settings.state_dir, source.id)
        return FetchResult(status, None, "skipped", None)
    return fetch_live(source, settings, http)


def entry_for(source_id: str, settings: Settings) -> LandingEntry | None:
    """The landing entry later layers read: the status's last good reference."""
    status = read_status(settings.state_dir, source_id)
    landing = LandingZone(settings.landing_root)
    if status.fetch_ref:
        entry = landing.get(source_id, status.fetch_ref.split("/", 1)[1])
        if entry is not None:
            return entry
    return landing.latest_good(source_id)
