"""scripts/compare_outputs.py: two homes' tables are the same only when schema and rows are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "compare_outputs.py"
_spec = importlib.util.spec_from_file_location("compare_outputs", SCRIPT)
compare_outputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_outputs)

BASE = pd.DataFrame({"id": ["E1", "E2"], "lat": [46.5, float("nan")], "n": [1, 2]})


@pytest.mark.parametrize(
    ("other", "difference"),
    [
        (BASE.copy(), None),  # NaN equals NaN
        (BASE.assign(n=[1, 3]), "column n: 1 rows differ"),
        (BASE.assign(n=[1.0, 2.0]), "schema differs"),
        (BASE.iloc[::-1], "column id: 2 rows differ"),  # order matters
        (BASE.iloc[:1], "2 rows vs 1"),
    ],
)
def test_table_difference(tmp_path, other, difference) -> None:
    for home, frame in (("a", BASE), ("b", other)):
        (tmp_path / home).mkdir()
        frame.reset_index(drop=True).to_parquet(tmp_path / home / "t.parquet", index=False)
    found = compare_outputs.compare_dirs(tmp_path / "a", tmp_path / "b")["t.parquet"]
    assert found == difference or (difference and found.startswith(difference))


def test_a_file_in_one_home_only_differs_unless_common(tmp_path) -> None:
    for home in ("a", "b"):
        (tmp_path / home).mkdir()
        BASE.to_parquet(tmp_path / home / "t.parquet", index=False)
    BASE.to_parquet(tmp_path / "a" / "extra.parquet", index=False)
    assert compare_outputs.compare_dirs(tmp_path / "a", tmp_path / "b")["extra.parquet"]
    assert "extra.parquet" not in compare_outputs.compare_dirs(
        tmp_path / "a", tmp_path / "b", common=True
    )
