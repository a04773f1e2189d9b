"""Per-source status kept under ESQ_HOME/state: the last fetch attempt and the last good data.

A failed fetch updates the attempt fields only: the reference to the last good landing entry
(``fetch_ref``) never moves backwards or to a failed entry.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class SourceStatus:
    source_id: str
    #: success, not_modified, replayed; failed (nothing usable came), refused (bytes came but
    #: are not the source's table, or could not be staged): None until the first fetch.
    last_fetch_status: str | None = None
    last_fetch_at: str | None = None
    last_success_at: str | None = None
    fetch_ref: str | None = None
    source_last_modified: str | None = None
    last_error: str | None = None
    stale: bool = False
    consecutive_failures: int = 0

    def failed(self, at: str, error: str, how: str = "failed") -> SourceStatus:
        return replace(
            self,
            last_fetch_status=how,
            last_fetch_at=at,
            last_error=error,
            stale=True,
            consecutive_failures=self.consecutive_failures + 1,
        )

    def succeeded(
        self, status: str, at: str, success_at: str, fetch_ref: str, last_modified: str | None
    ) -> SourceStatus:
        return replace(
            self,
            last_fetch_status=status,
            last_fetch_at=at,
            last_success_at=success_at,
            fetch_ref=fetch_ref,
            source_last_modified=last_modified,
            last_error=None,
            stale=False,
            consecutive_failures=0,
        )

    def unreadable(self, at: str, error: str) -> SourceStatus:
        """Staging could not read the fetched data: refused and stale (the previous staged data
        stays), though the fetch itself went through."""
        return replace(
            self,
            last_fetch_status="refused",
            last_error=error,
            stale=True,
            last_fetch_at=self.last_fetch_at or at,
        )


def _path(state_dir: Path, source_id: str) -> Path:
    return state_dir / "sources" / f"{source_id}.json"


def read_status(state_dir: Path, source_id: str) -> SourceStatus:
    path = _path(state_dir, source_id)
    if not path.is_file():
        return SourceStatus(source_id)
    return SourceStatus(**json.loads(path.read_text("utf-8")))


def write_status(state_dir: Path, status: SourceStatus) -> None:
    """Write atomically: a crash mid-write never leaves a half status file."""
    path = _path(state_dir, status.source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(status), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
