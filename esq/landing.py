"""The landing zone: every fetch stored exactly as received, with a manifest.

Layout (documented in docs/landing-zone.md)::

    <root>/<source_id>/<fetch_id>/manifest.json
    <root>/<source_id>/<fetch_id>/files/<name>

``fetch_id`` is the UTC start time of the fetch (``20261126T134100Z``), so a lexical sort is a
chronological sort. A fetch directory is written under a temporary name and renamed into place
once its manifest is complete: a reader never sees a half-written entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, Literal

MANIFEST = "manifest.json"
FILES_DIR = "files"
MANIFEST_VERSION = 1

FetchStatus = Literal["success", "not_modified", "failed"]


@dataclass(frozen=True)
class LandedFile:
    """One body received from a source, as described in the manifest."""

    name: str
    size: int
    sha256: str
    url: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    http_status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What a fetch asked for and what it got."""

    source_id: str
    fetch_id: str
    status: FetchStatus
    started_at: str
    finished_at: str
    mode: str = "live"
    error: str | None = None
    files: tuple[LandedFile, ...] = ()
    reused_from: str | None = None  # a 304 answer points at the entry whose bytes still hold
    version: int = MANIFEST_VERSION

    def to_json(self) -> str:
        data = asdict(self)
        data["files"] = [asdict(f) for f in self.files]
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        files = tuple(LandedFile(**f) for f in data.pop("files", []))
        return cls(files=files, **data)

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)


@dataclass(frozen=True)
class LandingEntry:
    """A complete fetch directory, ready to be read."""

    path: Path
    manifest: Manifest

    @property
    def fetch_id(self) -> str:
        return self.manifest.fetch_id

    def file_path(self, name: str) -> Path:
        return self.path / FILES_DIR / name

    def open(self, name: str) -> BinaryIO:
        return self.file_path(name).open("rb")

    def iter_files(self) -> Iterator[tuple[LandedFile, Path]]:
        for f in self.manifest.files:
            yield f, self.file_path(f.name)

    @property
    def ref(self) -> str:
        """A short reference stored with every staged row: ``source_id/fetch_id``."""
        return f"{self.manifest.source_id}/{self.manifest.fetch_id}"


def utc_now() -> datetime:
    return datetime.now(UTC)


def fetch_id_for(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class LandingWriter:
    """Collects the bodies of one fetch in a temporary folder, then commits it atomically."""

    def __init__(self, root: Path, source_id: str, mode: str = "live", now: datetime | None = None):
        self.root = Path(root)
        self.source_id = source_id
        self.mode = mode
        self.started = now or utc_now()
        # A writer given its time (samples, replays, tests) stamps every time with it, so that
        # regenerating a sample gives the same manifest bytes.
        self._fixed_time = now is not None
        self.fetch_id = fetch_id_for(self.started)
        source_dir = self.root / source_id
        source_dir.mkdir(parents=True, exist_ok=True)
        self._tmp = Path(tempfile.mkdtemp(prefix=f".{self.fetch_id}.", dir=source_dir))
        (self._tmp / FILES_DIR).mkdir()
        self._files: list[LandedFile] = []

    def _unique_name(self, name: str) -> str:
        taken = {f.name for f in self._files}
        base, n = name, 1
        while name in taken:
            stem, dot, ext = base.rpartition(".")
            name = f"{stem}-{n}.{ext}" if dot else f"{base}-{n}"
            n += 1
        return name

    def add_stream(self, name: str, chunks: Iterator[bytes], **meta: Any) -> LandedFile:
        """Store a body from an iterator of chunks, hashing it on the way."""
        name = self._unique_name(name)
        digest = hashlib.sha256()
        size = 0
        with (self._tmp / FILES_DIR / name).open("wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        meta.setdefault("fetched_at", iso(utc_now()))
        landed = LandedFile(name=name, size=size, sha256=digest.hexdigest(), **meta)
        self._files.append(landed)
        return landed

    def add_bytes(self, name: str, body: bytes, **meta: Any) -> LandedFile:
        return self.add_stream(name, iter([body]), **meta)

    def add_file(self, name: str, src: Path, **meta: Any) -> LandedFile:
        def chunks() -> Iterator[bytes]:
            with Path(src).open("rb") as fh:
                while block := fh.read(1 << 20):
                    yield block

        return self.add_stream(name, chunks(), **meta)

    def commit(
        self,
        status: FetchStatus = "success",
        error: str | None = None,
        reused_from: str | None = None,
    ) -> LandingEntry:
        """Write the manifest and rename the folder into place."""
        manifest = Manifest(
            source_id=self.source_id,
            fetch_id=self.fetch_id,
            status=status,
            started_at=iso(self.started),
            finished_at=iso(self.started if self._fixed_time else utc_now()),
            mode=self.mode,
            error=error,
            files=tuple(self._files),
            reused_from=reused_from,
        )
        (self._tmp / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        final = self.root / self.source_id / self.fetch_id
        n = 1
        while final.exists():  # two fetches in the same second: keep both, ordered
            final = self.root / self.source_id / f"{self.fetch_id}-{n:02d}"
            n += 1
        if final.name != self.fetch_id:
            manifest = Manifest(
                **{**asdict(manifest), "files": manifest.files, "fetch_id": final.name}
            )
            (self._tmp / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        os.replace(self._tmp, final)
        return LandingEntry(final, manifest)

    def abort(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> LandingWriter:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self._tmp.exists():
            self.abort()


class LandingZone:
    """Reads the committed entries of a landing zone root."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def entries(self, source_id: str) -> list[LandingEntry]:
        """All committed entries of a source, oldest first."""
        source_dir = self.root / source_id
        if not source_dir.is_dir():
            return []
        out = []
        for child in sorted(source_dir.iterdir()):
            manifest_path = child / MANIFEST
            if child.name.startswith(".") or not manifest_path.is_file():
                continue
            out.append(LandingEntry(child, Manifest.from_json(manifest_path.read_text("utf-8"))))
        return out

    def latest(
        self, source_id: str, statuses: tuple[str, ...] = ("success",)
    ) -> LandingEntry | None:
        """The newest entry whose status is one of ``statuses``."""
        for entry in reversed(self.entries(source_id)):
            if entry.manifest.status in statuses:
                return entry
        return None

    def latest_good(self, source_id: str) -> LandingEntry | None:
        """The newest entry whose bytes can be read: a success, or a 304 pointing at one."""
        entry = self.latest(source_id, ("success", "not_modified"))
        while entry is not None and entry.manifest.status == "not_modified":
            target = entry.manifest.reused_from
            entry = self.get(source_id, target) if target else None
        return entry

    def get(self, source_id: str, fetch_id: str) -> LandingEntry | None:
        path = self.root / source_id / fetch_id
        if not (path / MANIFEST).is_file():
            return None
        return LandingEntry(path, Manifest.from_json((path / MANIFEST).read_text("utf-8")))

    def writer(
        self, source_id: str, mode: str = "live", now: datetime | None = None
    ) -> LandingWriter:
        return LandingWriter(self.root, source_id, mode=mode, now=now)
