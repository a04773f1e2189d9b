"""Intermediate tables between layers, as Parquet files under ESQ_HOME, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd


def write_frame(path: Path, frame: pd.DataFrame) -> Path:
    """Write a frame to Parquet via a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    return path


def read_frame(path: Path, columns: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read a frame; a missing file is an empty frame with the expected columns."""
    if not path.is_file():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns or ()})
    return pd.read_parquet(path)


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, path)
    return path


def read_json(path: Path, default: Any = None) -> Any:
    if not path.is_file():
        return default
    return json.loads(path.read_text("utf-8"))
