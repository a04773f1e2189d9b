"""What a run's outcome depends on, cheap to compute without Dagster (the daily path).

A fingerprint holds, as plain JSON: esq's code (a hash of every file of its packages), the
versions of the libraries that compute and of Dagster, the catalog as loaded, the mode and
replay root, the run's selection, each catalog source's landed content and fetch status as the
warehouse publishes it, and the size and modification time of every file the pipeline writes
or reads as state (staged and core outputs with their reuse keys, the live warehouse, the
current release, accepted drops and columns, presence, review decisions). Two fingerprints that
are equal describe a home where a run would compute nothing new: every step's reuse key
(esq.reuse, esq.staging.reuse) is made of parts of it.

Nothing here imports Dagster, pandas or DuckDB: `esq run` decides in well under a second.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.landing import LandingZone
from esq.reuse import code_digest, library_versions
from esq.status import read_status

#: Bump to make every home's last fingerprint stale (a change the fingerprint cannot see).
FORMAT = 1
#: Every package of the product: a change anywhere runs the pipeline once (a deploy).
CODE = ("esq", "schemas", "assets", "warehouse", "pipelines")
#: Libraries whose version may change an output or how the run is recorded.
LIBRARIES = ("duckdb", "pandas", "pyarrow", "numpy", "splink", "pandera", "dagster")
#: Status fields published in the ``sources`` table (the attempt's time is not one of them).
STATUS_FIELDS = (
    "last_fetch_status", "last_success_at", "fetch_ref", "source_last_modified", "last_error",
    "stale",
)  # fmt: skip
#: The folder of the fetch statuses under state/ (esq.status): compared by their published fields.
STATUS_FOLDER = "sources"


def watched(settings: Settings) -> tuple[Path, ...]:
    """What a run writes or reads as state, watched by size and time (and the current release)."""
    layout = settings.layout
    return (layout.staging, layout.state, layout.decisions.parent, layout.build, layout.warehouse)


def unwatched(settings: Settings) -> set[Path]:
    """Per-attempt bookkeeping under state/ and the daily path's own files."""
    layout = settings.layout
    return {
        layout.state / STATUS_FOLDER,
        layout.budget("any").parent,
        layout.not_before,
        layout.daily_stamp,
        layout.run_history,
    }


@cache
def code_version() -> str:
    """A hash of every file of esq's packages, paths included (models and data files too)."""
    return hashlib.sha256(f"{FORMAT}:{code_digest(CODE)}".encode()).hexdigest()


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def source_state(settings: Settings, source: Source) -> dict[str, Any]:
    """A source's fetch status as published, and the content of every landed entry (the
    files' sha256s from the manifests: a ``not_modified`` fetch adds no content)."""
    status = read_status(settings.state_dir, source.id)
    fields = {f: getattr(status, f) for f in STATUS_FIELDS}
    if fields["last_fetch_status"] == "not_modified":  # as warehouse.assemble publishes it
        fields["last_fetch_status"] = "success"
    contents = {
        _digest(sorted((f.name, f.sha256) for f in entry.manifest.files))
        for entry in LandingZone(settings.landing_root).entries(source.id)
        if entry.manifest.files
    }
    return {**fields, "content": _digest(sorted(contents))}


def walk_files(
    base: Path,
    home: Path,
    skip: set[Path] = frozenset(),  # type: ignore[assignment]
) -> Iterable[tuple[str, list[int]]]:
    """(path relative to ``home``, [size, mtime_ns]) of every file under ``base`` (or ``base``
    itself), leaving out ``skip``."""
    if base.is_file():
        stat = base.stat()
        yield str(base.relative_to(home)), [stat.st_size, stat.st_mtime_ns]
        return
    for folder, dirs, files in os.walk(base):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in files:
            if here / name not in skip:
                stat = (here / name).stat()
                yield str((here / name).relative_to(home)), [stat.st_size, stat.st_mtime_ns]


def file_snapshot(settings: Settings) -> dict[str, list[int]]:
    """Relative path -> [size, mtime_ns] of the watched files, the current release's files and
    the release ``published`` points at."""
    home, skip = settings.home, unwatched(settings)
    files = dict(kv for base in watched(settings) for kv in walk_files(base, home, skip))
    published = settings.layout.published
    if published.is_symlink() or published.is_dir():
        release = Path(os.path.realpath(published))
        files[f"published -> {release.name}"] = [int(release.is_dir()), 0]
        if release.is_dir():
            files.update(walk_files(release, home, skip))
    return files


def fingerprint(
    settings: Settings, catalog: Catalog, selection: Iterable[str] | None
) -> dict[str, Any]:
    """Everything a run's outcome depends on (module docstring), as JSON-able parts."""
    return {
        "format": FORMAT,
        "code": code_version(),
        "libraries": library_versions(LIBRARIES),
        "catalog": _digest(catalog.model_dump(mode="json")),
        "mode": settings.mode,
        "replay_root": str(settings.replay_root) if settings.mode == "replay" else None,
        "selection": sorted(selection) if selection else None,
        "sources": {s.id: source_state(settings, s) for s in catalog.sources},
        "files": file_snapshot(settings),
    }


def first_difference(before: dict[str, Any], now: dict[str, Any]) -> str | None:
    """A short sentence naming the first part that changed; None when they are equal."""
    names = {
        "format": "the fingerprint's format",
        "code": "esq's code",
        "libraries": "a library's version",
        "catalog": "the catalog",
        "mode": "the mode",
        "replay_root": "the replay root",
        "selection": "the selection of sources",
    }
    for part, name in names.items():
        if before.get(part) != now.get(part):
            return f"{name} changed"
    old, new = before.get("sources", {}), now.get("sources", {})
    for sid in sorted(set(old) | set(new)):
        if sid not in old or sid not in new:
            return f"source {sid} was {'added to' if sid in new else 'removed from'} the catalog"
        if old[sid]["content"] != new[sid]["content"]:
            return f"source {sid} landed new data"
        if old[sid] != new[sid]:
            return f"source {sid}'s fetch status changed"
    old, new = before.get("files", {}), now.get("files", {})
    for path in sorted(set(old) | set(new)):
        if path not in new:
            return f"{path} was removed"
        if path not in old:
            return f"{path} is new"
        if old[path] != new[path]:
            return f"{path} was modified"
    return None
