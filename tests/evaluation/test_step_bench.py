"""The one-step benches' harness (bench/step_bench.py): the table, the exponents, the inner
call's JSON line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.step_bench import WHOLE, StepBench, main, print_growth, print_table

BENCH = StepBench(
    script="unused.py",
    stages=("load", "link", WHOLE),
    size="rows",
    size_label="rows",
    progress=lambda i, r: f"run {i}",
    default_out=Path("/nonexistent"),
)
RUNS = [
    {"rows": 1000, "stages": {"load": [2.0, 1.0, 100.0], WHOLE: [4.0, 2.0, 150.0]}},
    {"rows": 10000, "stages": {"load": [20.0, 10.0, 300.0], WHOLE: [40.0, 20.0, 400.0]}},
]


def test_the_table_has_a_row_per_stage_and_zeros_for_missing_ones(capsys) -> None:
    print_table(BENCH, RUNS)
    lines = capsys.readouterr().out.splitlines()
    assert "1,000 rows" in lines[0] and "10,000 rows" in lines[0]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert rows["load"] == ["2.00", "1.00", "100", "20.00", "10.00", "300"]
    assert rows["link"] == ["0.00", "0.00", "0", "0.00", "0.00", "0"]
    assert lines[-1].startswith(WHOLE)


def test_exponents_skip_the_stages_a_run_lacks(capsys) -> None:
    print_growth(BENCH, RUNS)
    out = capsys.readouterr().out
    assert "load" in out and "k = 1.00" in out
    assert "link" not in out


@pytest.mark.parametrize("spec", ["catalog.yaml:/home/x", "/a/b.yaml:/c/d"])
def test_the_inner_call_prints_its_figures_as_one_json_line(spec: str, capsys, tmp_path) -> None:
    seen = []

    def inner(catalog: Path, home: Path, out: Path) -> dict:
        seen.append((catalog, home, out))
        return {"rows": 3, "stages": {}}

    assert main(BENCH, inner, "d", ["--inner", spec, "--out", str(tmp_path)]) == 0
    catalog, home = spec.split(":")
    assert seen == [(Path(catalog), Path(home), tmp_path)]
    assert json.loads(capsys.readouterr().out) == {"rows": 3, "stages": {}}
