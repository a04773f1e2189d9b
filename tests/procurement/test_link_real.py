"""Name linking measured on the 197 real SEAO rows (open data), NEQs hidden.

Method (evaluation/contracts/link_eval.py): leave-one-out —
each of the 156 rows with a NEQ is linked
by name against a register of (names, NEQ) built from the *other* rows; a link is right when it
lands on the hidden NEQ. 63 rows have their NEQ elsewhere in the file (findable); the 93 others
must stay unlinked. Measured on 2026-11-26, with or without each supplier's town passed to the
name guard: 61 links, 61 correct (precision 1.000), recall 61/63 = 0.968; the two misses are
a NEQ published under unrelated names ("Groupe Qualitas inc." vs "SNC-Lavalin GEM Québec inc.
(Géotechnique)"), which no name rule should join.

The listings' Splink model, given the same rows as name-only listings
(evaluation/contracts/splink_names.py), pairs 58 of the 63 with a same-NEQ row, none wrongly,
but at a probability of 0.009 at most: without an address, phone or place it cannot reach even the
listings' review band (0.5), which is why the name scorer decides (docs/entity-resolution.md).
"""

from __future__ import annotations

import pytest

from evaluation.contracts.link_eval import leave_one_out, read_seao_localities, read_seao_rows
from evaluation.contracts.splink_names import splink_name_only
from evaluation.entities.frames import sample_municipalities
from tests.shared_data import REPO_ROOT, shared_file

SEAO_ROWS = ("data", "real", "seao", "contrats-nb3_8villes_subset.csv")


@pytest.mark.parametrize("with_towns", [False, True])
def test_precision_and_recall_on_real_seao_rows(with_towns: bool) -> None:
    """Same figures whether or not each supplier's town is passed to the name guard."""
    path = shared_file(*SEAO_ROWS)
    pairs = read_seao_rows(path)
    report = leave_one_out(pairs, read_seao_localities(path) if with_towns else None)
    assert (report.rows, report.findable) == (156, 63)
    assert report.precision >= 0.99, report.errors
    assert report.recall >= 0.95
    assert report.correct >= 61


def test_lower_thresholds_keep_precision() -> None:
    """Precision does not hinge on the chosen threshold: at 0.8 no wrong link appears."""
    pairs = read_seao_rows(shared_file(*SEAO_ROWS))
    report = leave_one_out(pairs, auto=0.8, review=0.7)
    assert report.precision >= 0.99, report.errors


def test_listing_model_cannot_decide_name_only_pairs() -> None:
    pairs = read_seao_rows(shared_file(*SEAO_ROWS))
    report = splink_name_only(pairs, sample_municipalities(REPO_ROOT))
    assert report.findable == 63
    assert report.wrong_pairs == 0
    assert report.paired < 61  # fewer than the name scorer links
    assert report.max_score < 0.5  # below the listings' review threshold
