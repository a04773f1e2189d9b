"""Temporary files a killed run leaves behind, removed by the next run.

Every writer of esq works under a temporary name and renames into place, so a kill never
exposes half a file — but it leaves the temporary one: ``landing/<source>/.<fetch>.*`` (a fetch
folder not committed), ``build/.*.building`` with its ``.wal`` and DuckDB's ``.tmp`` spill
folder (a candidate warehouse), ``releases/.building-<pid>`` (a release being written),
``.published.<pid>`` (the link about to be swapped) and ``.*.tmp`` files of the staging and
state stores. Only one run works at a time (the instance allows one), and a release folder is
removed only when its process is gone.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger("esq.cleanup")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _pid_of(name: str) -> int | None:
    tail = name.rsplit("-", 1)[-1].rsplit(".", 1)[-1]
    return int(tail) if tail.isdigit() else None


def clean_landing(landing_root: Path, source_id: str) -> list[Path]:
    """Remove uncommitted fetch folders of one source (call before fetching it)."""
    folder = landing_root / source_id
    removed = [p for p in folder.glob(".*")] if folder.is_dir() else []
    for path in removed:
        _remove(path)
    if removed:
        log.info("%s: removed %d temporary file(s) of a killed run", source_id, len(removed))
    return removed


def clean_build(home: Path) -> list[Path]:
    """Remove a killed run's candidate warehouse, release folder and link, and store temps
    (call before building the candidate)."""
    found = [
        *home.glob("build/.*.building"),
        *home.glob("build/.*.building.wal"),
        *home.glob("build/.*.building.tmp"),  # DuckDB's spill folder of that candidate
        *home.glob("staging/**/.*.tmp"),
        *home.glob("state/**/.*.tmp"),
        *home.glob("state/**/*.json.tmp"),
    ]
    for pattern in ("releases/.building-*", ".published.*"):
        for path in home.glob(pattern):
            pid = _pid_of(path.name)
            if pid is None or not _alive(pid):
                found.append(path)
    for path in found:
        _remove(path)
    if found:
        log.info("removed %d temporary file(s) of a killed run under %s", len(found), home)
    return found
