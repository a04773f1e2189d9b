"""The whole-pipeline bench's pieces: a saved report read back, the exponent table, the rows
per organisation of the hub export bench."""

from __future__ import annotations

import random

import pytest

from bench.growth import by_stage, exponent_table
from bench.hub_export import export_rows, rows_per_org
from bench.pipeline_log import read_report

REPORT = """noise before
== /tmp/worlds/w: first run 100.0 s wall / 40.5 s CPU, peak 900 MiB; second run 9.0 s wall / \
3.5 s CPU, peak 300 MiB (9% of the first's wall time, 9% of its CPU)
step                                         1st:  wall s  CPU s   MiB   2nd:  wall s  CPU s   MiB
core__enterprises       31.89   8.17   462     0.62   0.16   256 reused
reference__municipalities    1.32   0.36   247     1.24   0.33   247
raw__montreal_contrats_fonctionnaires_freshness 0.23 0.05 254  0.24 0.03 253
"""


def test_a_saved_report_reads_back() -> None:
    label, first, second = read_report(REPORT)
    assert label == "/tmp/worlds/w"
    assert (first["wall"], first["cpu"], first["peak"]) == (100.0, 40.5, 900.0)
    assert (second["wall"], second["cpu"], second["peak"]) == (9.0, 3.5, 300.0)
    assert first["steps"]["core__enterprises"] == [31.89, 462.0, 8.17]  # wall, MiB, CPU
    assert second["steps"]["reference__municipalities"] == [1.24, 247.0, 0.33]
    assert second["steps"]["raw__montreal_contrats_fonctionnaires_freshness"][2] == 0.03
    assert second["reused"] == ["core__enterprises"]


def test_no_report_is_an_error() -> None:
    with pytest.raises(ValueError):
        read_report("nothing here")


@pytest.mark.parametrize(
    ("points", "fitted", "last"),
    [
        ({10: 1.0, 100: 10.0, 1000: 100.0}, 1.0, 1.0),  # linear
        ({10: 1.0, 100: 100.0, 1000: 10000.0}, 2.0, 2.0),  # quadratic
        ({10: 5.0, 100: 5.0, 1000: 50.0}, 0.5, 1.0),  # fixed cost first, then linear
    ],
)
def test_exponent_table(points, fitted, last) -> None:
    [(name, values, k, k_last)] = exponent_table({"step": points})
    assert name == "step" and values == list(points.values())
    assert k == pytest.approx(fitted) and k_last == pytest.approx(last)


def test_small_series_are_left_out() -> None:
    assert exponent_table({"tiny": {10: 0.1, 100: 0.2}}) == []


def test_steps_sum_per_stage() -> None:
    steps = {"staging__a": 1.0, "staging__b": 2.0, "core__enterprises": 4.0, "raw__a": 0.5}
    assert by_stage(steps) == {"staging": 3.0, "core": 4.0, "raw": 0.5}


@pytest.mark.parametrize(("orgs", "total"), [(10, 10), (100, 1_000), (1_000, 20_000)])
def test_rows_per_org(orgs, total) -> None:
    counts = rows_per_org(random.Random(1), orgs, total)
    assert len(counts) == orgs and sum(counts) == total and min(counts) >= 1


def test_export_rows_repeat_their_organisations() -> None:
    from evaluation.hardworld.phenomena import new_population
    from evaluation.hardworld.places import load_towns, town_weights

    towns = load_towns()
    orgs = new_population(random.Random(1), towns, town_weights(towns), 50).orgs
    rows = export_rows(random.Random(2), orgs, 2_000)
    assert len(rows) == 2_000 and len({r[0] for r in rows}) == 2_000  # IDs unique
    assert len({tuple(r[1:]) for r in rows}) < 2_000  # double entries
