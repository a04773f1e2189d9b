"""Intermediate tables between layers, as Parquet files under ESQ_HOME, written atomically.

Paths come from :class:`esq.layout.Layout`. A file some step always writes is read with
:func:`read_frame`: missing, it is an error naming the file, never an empty table. The few
files that may legitimately not exist yet have their own readers, each saying when.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

# Re-exported: the layers read and write their JSON state through esq.store.
from esq.jsonfile import read_json as read_json
from esq.jsonfile import write_json as write_json
from esq.layout import Layout, StagedFile


class MissingFileError(FileNotFoundError):
    """A file a step should have written is not there."""

    def __init__(self, path: Path, why: str = "") -> None:
        super().__init__(f"expected file is missing: {path}{f' ({why})' if why else ''}")
        self.path = path


def empty_frame(columns: Sequence[str]) -> pd.DataFrame:
    """No rows, the given columns (object dtype)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def write_frame(path: Path, frame: pd.DataFrame) -> Path:
    """Write a frame to Parquet via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return path


def read_frame(path: Path, why: str = "", columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a frame a step has written (only ``columns`` when given); a missing file raises
    :class:`MissingFileError`."""
    if not path.is_file():
        raise MissingFileError(path, why)
    return pd.read_parquet(path, columns=list(columns) if columns is not None else None)


def read_optional_frame(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    """State that does not exist before its first write (a source's presence history): a
    missing file is no rows yet."""
    return pd.read_parquet(path) if path.is_file() else empty_frame(columns)


def staged_meta(layout: Layout, source_id: str) -> dict[str, Any]:
    """A source's last stage report; ``{}`` when it has never been staged."""
    return read_json(layout.staged(source_id, "meta.json"), {}) or {}


def read_staged(
    layout: Layout, source_id: str, name: StagedFile, columns: Sequence[str]
) -> pd.DataFrame:
    """A staged file of a source. A source never staged (no meta.json, which staging writes
    last) has no rows; once staged, its files must be there."""
    if not layout.staged(source_id, "meta.json").is_file():
        return empty_frame(columns)
    return read_frame(layout.staged(source_id, name), f"{source_id} has a meta.json")


def read_published(published: Path, table: str, columns: Sequence[str]) -> pd.DataFrame:
    """A table of the publication in folder ``published`` (``Layout.published``): no rows
    before the first publication (no folder, or an empty one); once there is one, its tables
    must be there."""
    if not published.is_dir() or not any(published.iterdir()):
        return empty_frame(columns)
    return read_frame(published / f"{table}.parquet", "the publication lacks it")
