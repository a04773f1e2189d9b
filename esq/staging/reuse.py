"""Incremental staging: a source whose inputs did not change keeps its staged output.

The input key of a staged source is a hash of what its staged files depend on: the content
hashes of the landed files (the manifest's sha256s, not the fetch id: a ``not_modified`` fetch
and a re-landed identical file give the same key), the source's catalog entry (a mapping change
re-stages), the municipalities reference entry (normalisation reads it), and the staging code
itself (a hash of the modules that parse and normalise). When ``meta.json`` carries the same
key and the staged files are there, staging is skipped: the daily re-run of an unchanged world
does not re-parse a 2.5 M-entity register ZIP.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from esq.catalog import Source
from esq.landing import LandingEntry
from esq.reuse import step_key
from esq.store import read_json

#: Bump to force every source to re-stage (a change the key cannot see).
STAGING_FORMAT = 1
#: Code whose change alters staged output: parsing, normalising, validating, staging.
STAGING_CODE = (
    "esq/adapters", "esq/register", "esq/normalise", "esq/staging", "esq/contracts", "schemas",
)  # fmt: skip


def input_key(
    source: Source, entries: Iterable[LandingEntry | None], extra: Iterable[str] = ()
) -> str:
    """The key of a source's staged output: its landed content, its catalog entry, the code
    and the libraries (esq.reuse.step_key, as the core steps)."""
    return step_key(
        "staging",
        STAGING_CODE,
        {
            "format": STAGING_FORMAT,
            "source": source.model_dump(mode="json"),
            "files": [
                [(f.name, f.sha256) for f in entry.manifest.files] if entry else None
                for entry in entries
            ],
            "extra": list(extra),
        },
    )


def reusable(out_dir: Path, key: str, files: Iterable[str]) -> dict | None:
    """The previous ``meta.json`` when it was written for the same input key and the staged
    files are all there; otherwise None (stage again)."""
    meta = read_json(out_dir / "meta.json", {}) or {}
    if meta.get("input_key") != key or meta.get("error"):
        return None
    if not all((out_dir / name).exists() for name in files):
        return None
    return meta
