"""The README's worked example on the bundled sample, and the evaluation script's scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from esq.config import Settings
from evaluation.matching.measure import score, write_world
from evaluation.matching.supplier_list import make_world
from pipelines.cli import main
from warehouse.matchfile import match_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_readme_example(sample_run: Settings, tmp_path: Path, capsys) -> None:
    out = tmp_path / "paiements.matched.csv"
    src = ROOT / "sample" / "match" / "paiements-exemple.csv"
    assert main(["--home", str(sample_run.home), "match", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in printed.splitlines()[:-1]:  # the last line names the output path
        assert line in readme, line
    assert "rows: 10; linked to a social economy enterprise: 6" in printed


def test_evaluation_scorer(tmp_path: Path) -> None:
    world = make_world(seed=5, enterprises=300, rows=300)
    warehouse, payments = write_world(world, tmp_path)
    report = match_file(payments, warehouse, {})
    figures = score(report.output, world)
    assert figures["rows"] == 300 and figures["se_rows"] > 30
    assert figures["precision"] >= 0.99 and figures["recall"] > 0.5
    assert abs(figures["share_error"]) < 0.1
