"""The inbox sensor: a file dropped in ESQ_HOME/inbox starts the source whose glob it matches.

The cursor is JSON: ``processed``, the fingerprints (``<path in inbox>@<sha256 of content>``) of
files already handed to a run, and ``seen``, a cache ``path -> [size, mtime_ns, sha256]`` so an
unchanged large file is not hashed again at every tick. Dagster stores the cursor, so a file is
not processed twice, also after a restart; a file replaced by different content is new.
"""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg

if TYPE_CHECKING:
    from dagster._core.definitions.unresolved_asset_job_definition import (
        UnresolvedAssetJobDefinition as AssetJob,
    )

from assets.resources import EsqResource
from esq.catalog import Catalog, Source
from esq.reuse import file_digest
from pipelines.schedules import source_job_name

INBOX_SENSOR = "inbox_files"
#: A file younger than this may still be being copied in; it is picked up at a later tick.
SETTLE_SECONDS = 10.0
INTERVAL_SECONDS = 30


@dataclass
class InboxCursor:
    processed: set[str]
    seen: dict[str, list]

    @classmethod
    def load(cls, text: str | None) -> "InboxCursor":
        data = json.loads(text) if text else {}
        return cls(set(data.get("processed", [])), dict(data.get("seen", {})))

    def dump(self) -> str:
        return json.dumps({"processed": sorted(self.processed), "seen": self.seen}, sort_keys=True)


def fingerprint(inbox: Path, path: Path, cursor: InboxCursor) -> str:
    """``<relative path>@<sha256>``, hashing only when size or mtime changed."""
    rel = path.relative_to(inbox).as_posix()
    stat = path.stat()
    cached = cursor.seen.get(rel)
    if cached and cached[:2] == [stat.st_size, stat.st_mtime_ns]:
        sha = cached[2]
    else:
        sha = file_digest(path)
        cursor.seen[rel] = [stat.st_size, stat.st_mtime_ns, sha]
    return f"{rel}@{sha}"


def inbox_run_requests(
    sources: list[Source],
    inbox: Path,
    cursor: InboxCursor,
    now: float,
    settle: float = SETTLE_SECONDS,
) -> list[dg.RunRequest]:
    """One run request per source with a new file (several new files of a source: one run,
    its adapter takes the newest). Marks those files processed in ``cursor``."""
    requests = []
    for source in sources:
        pattern = source.endpoint.get("inbox")
        if not pattern or not inbox.is_dir():
            continue
        files = sorted(p for p in inbox.glob(pattern) if p.is_file() and not p.name.startswith("."))
        new = [
            fp
            for p in files
            if now - p.stat().st_mtime >= settle
            and (fp := fingerprint(inbox, p, cursor)) not in cursor.processed
        ]
        if not new:
            continue
        cursor.processed.update(new)
        requests.append(
            dg.RunRequest(
                run_key=f"{source.id}:{new[-1]}",
                job_name=source_job_name(source.id),
                tags={"source": source.id, "inbox_files": ", ".join(f.split("@")[0] for f in new)},
            )
        )
    return requests


def build_inbox_sensor(catalog: Catalog, jobs: "list[AssetJob]") -> dg.SensorDefinition:
    """The sensor over the inbox folder for every enabled source with an ``endpoint.inbox``."""
    sources = [s for s in catalog.enabled() if s.endpoint.get("inbox")]
    wanted = {source_job_name(s.id) for s in sources}

    @dg.sensor(
        name=INBOX_SENSOR,
        jobs=[j for j in jobs if j.name in wanted] or None,
        minimum_interval_seconds=INTERVAL_SECONDS,
        description="Starts a source's job when a file matching its endpoint.inbox glob "
        "is dropped in ESQ_HOME/inbox; each file (by content) only once.",
    )
    def _inbox(context: dg.SensorEvaluationContext, esq: EsqResource) -> dg.SensorResult:
        inbox = esq.settings().inbox  # read when the sensor runs, never at import
        cursor = InboxCursor.load(context.cursor)
        requests = inbox_run_requests(sources, inbox, cursor, time.time())
        # forget the hash cache of files gone from the inbox (processed fingerprints stay)
        cursor.seen = {k: v for k, v in cursor.seen.items() if (inbox / k).is_file()}
        if not requests:
            return dg.SensorResult(skip_reason=f"no new file in {inbox}", cursor=cursor.dump())
        return dg.SensorResult(run_requests=requests, cursor=cursor.dump())

    return _inbox
