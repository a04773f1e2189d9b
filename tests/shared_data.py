"""Locate the shared data folder (real samples that must not be copied into the repo).

Order: $ESQ_SHARED, then <repo root>/../shared, then /work/shared. Tests that need a file call
`shared_file(...)`, which skips the test with a clear reason when the file is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
MUN_CSV = REPO_ROOT / "sample/landing/mamh-municipalites/20260601T000000Z/files/MUN.csv"


def shared_dir() -> Path | None:
    """The shared folder, or None when none of the candidate locations exists."""
    candidates = []
    if os.environ.get("ESQ_SHARED"):
        candidates.append(Path(os.environ["ESQ_SHARED"]))
    candidates += [REPO_ROOT.parent / "shared", Path("/work/shared")]
    return next((c for c in candidates if c.is_dir()), None)


def shared_file(*parts: str) -> Path:
    """Path of a file under the shared folder; skips the calling test when it is absent."""
    root = shared_dir()
    if root is None:
        pytest.skip("shared data folder absent (set ESQ_SHARED or place it at ../shared)")
    path = root.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"shared file absent: {path}")
    return path
