"""Incremental core steps: a step whose inputs did not change keeps its outputs.

The staging layer skips a source whose landed content did not change (esq.staging.reuse);
this module does the same for the steps after it — entity resolution, supplier linking, the
procurement mart, the warehouse and its publication. A step's *input key* is a hash of
everything its outputs depend on: the content hashes of the files it reads, the catalog
entries it uses, the code (every file of the packages named, data files and the saved model
included) and the versions of the libraries that compute. The key is written last, in a
``<step>.meta.json`` beside the outputs, with the metadata the step reported; when the next
run computes the same key and the outputs are all there, the step is skipped and reports the
same metadata with ``reused: True``. Before writing new outputs a step removes its meta file,
so a run killed half-way never leaves outputs that a stale key would vouch for.

Steps that read the previous publication (stable ids, ``changes``) add one condition: the
current publication must be the one they read when they computed, or one published from
their own outputs (:func:`accept_release`) — publishing a step's outputs and computing again
from that publication gives the same outputs, so the daily re-run is a fixed point.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from esq.jsonfile import read_json, write_json
from esq.memory_guard import release_freed_memory

#: Bump to force every core step to compute again (a change the key cannot see).
STEP_FORMAT = 1
REPO = Path(__file__).resolve().parent.parent
#: Libraries whose version can change a core step's output.
LIBRARIES = ("duckdb", "pandas", "pyarrow", "numpy", "splink")
_CHUNK = 1 << 20


def file_digest(path: Path) -> str | None:
    """The sha256 of a file's bytes; None when it does not exist."""
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=16)
def code_digest(roots: tuple[str, ...]) -> str:
    """A hash of every file under the repo folders (or files) named, paths included."""
    digest = hashlib.sha256(str(STEP_FORMAT).encode())
    for root in roots:
        base = REPO / root
        paths = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(REPO)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    """The installed versions of the libraries named ("absent" for one not installed)."""
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


def step_key(step: str, code: Iterable[str], inputs: Mapping[str, Any]) -> str:
    """The input key of a step: its name, its code, the libraries and its inputs (JSON-able)."""
    parts = {
        "step": step,
        "code": code_digest(tuple(code)),
        "libraries": library_versions(),
        "inputs": inputs,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def digests(paths: Iterable[Path]) -> dict[str, str | None]:
    """File name (relative to its grandparent: ``source/file``) -> content hash."""
    return {f"{p.parent.name}/{p.name}": file_digest(p) for p in paths}


def current_release(published: Path) -> str | None:
    """The name of the release the ``published`` link points at; None before a publication."""
    if not published.is_symlink() and not published.is_dir():
        return None
    return Path(os.path.realpath(published)).name


def forget(meta_path: Path) -> None:
    """Remove a step's meta before it writes new outputs (no stale key survives a crash)."""
    meta_path.unlink(missing_ok=True)


def record(meta_path: Path, key: str, facts: Mapping[str, Any], **extra: Any) -> None:
    """Write a step's meta after its outputs: the key, what it reported, extra state."""
    write_json(meta_path, {"input_key": key, "facts": dict(facts), **extra})


def reusable(
    meta_path: Path, key: str, outputs: Iterable[Path], release: str | None = None
) -> dict[str, Any] | None:
    """The facts of the last computation when it had this key and its outputs are there;
    with ``release``, also only when that publication is one the outputs accept."""
    meta = read_json(meta_path, {}) or {}
    if meta.get("input_key") != key:
        return None
    if not all(p.exists() for p in outputs):
        return None
    if "releases" in meta and release not in meta["releases"]:
        return None
    return meta.get("facts", {})


def reuse_or_compute(
    meta_path: Path,
    key: str,
    outputs: Iterable[Path],
    compute: Callable[[], dict[str, Any]],
    *,
    release: str | None = None,
    **extra: Any,
) -> tuple[dict[str, Any], bool]:
    """A step's facts and whether they were reused: the last computation's when
    :func:`reusable` vouches for them, else ``compute()``'s (it writes the outputs), recorded
    with ``extra`` state after the outputs, the old meta removed before."""
    facts = reusable(meta_path, key, outputs, release)
    if facts is not None:
        return facts, True
    forget(meta_path)
    facts = compute()
    release_freed_memory()  # the next step starts from what this one still holds, not its peak
    record(meta_path, key, facts, **extra)
    return facts, False


def accept_release(meta_path: Path, key: str | None, release: str) -> bool:
    """Record that ``release`` was published from the outputs a step computed under ``key``:
    computing again from it gives the same outputs. False when the meta moved on."""
    meta = read_json(meta_path, {}) or {}
    if key is None or meta.get("input_key") != key:
        return False
    releases = [*[r for r in meta.get("releases", []) if r != release][-4:], release]
    write_json(meta_path, {**meta, "releases": releases})
    return True


def meta_key(meta_path: Path) -> str | None:
    """The input key a step's meta holds (None when absent)."""
    return (read_json(meta_path, {}) or {}).get("input_key")
