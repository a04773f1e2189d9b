"""Locate ../shared/data/real for tests that read the real open-data extracts (never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample" / "landing"


def shared_real(*parts: str) -> Path:
    """Path under <shared>/data/real, or skip the test when the shared folder is absent.

    <shared> is ESQ_SHARED if set, else <repo>/../shared, else /work/shared.
    """
    candidates = [Path(os.environ["ESQ_SHARED"])] if os.environ.get("ESQ_SHARED") else []
    candidates += [REPO.parent / "shared", Path("/work/shared")]
    for root in candidates:
        path = root.joinpath("data", "real", *parts)
        if path.exists():
            return path
    pytest.skip(f"shared data absent: data/real/{'/'.join(parts)} (set ESQ_SHARED)")
    raise AssertionError("unreachable")


def sample_file(source_id: str, name: str) -> Path:
    """A file of the single bundled landing entry of ``source_id``."""
    (entry,) = sorted(p for p in (SAMPLE / source_id).iterdir() if not p.name.startswith("."))
    return entry / "files" / name
