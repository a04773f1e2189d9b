"""scripts/compare_staged.py: two homes' staged files compared file by file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from scripts.compare_staged import compare_homes

FRAME = pd.DataFrame({"record_key": ["a", "b"], "name": ["Alpha", None]})


def _home(root: Path, frame: pd.DataFrame, meta: dict, extra: bool = False) -> Path:
    folder = root / "staging" / "src"
    folder.mkdir(parents=True)
    frame.to_parquet(folder / "listings.parquet", index=False)
    (folder / "meta.json").write_text(json.dumps(meta))
    if extra:
        (folder / "quarantine.parquet").write_bytes(b"x")
    return root


@pytest.mark.parametrize(
    ("frame", "meta", "extra", "expected"),
    [
        (FRAME, {"rows": 2, "input_key": "new"}, False, {}),  # the code's key may differ
        (
            FRAME.assign(name=["Alpha", "Beta"]),
            {"rows": 2, "input_key": "old"},
            False,
            {"staging/src/listings.parquet": "values differ in ['name']"},
        ),
        (FRAME, {"rows": 3}, False, {"staging/src/meta.json": "JSON differs in ['rows']"}),
        (FRAME, {"rows": 2}, True, {"staging/src/quarantine.parquet": "only in the second home"}),
    ],
)
def test_compare_homes(tmp_path, frame, meta, extra, expected):
    a = _home(tmp_path / "a", FRAME, {"rows": 2, "input_key": "old"})
    b = _home(tmp_path / "b", frame, meta, extra)
    got = compare_homes(a, b)
    assert {k: v.split(", ")[-1] if "values" in v else v for k, v in got.items()} == expected
