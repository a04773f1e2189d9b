"""evaluation.hardworld.misses: missed and wrongly joined pairs against a tiny truth."""

from __future__ import annotations

import pandas as pd
import pytest

from evaluation.hardworld.misses import false_negatives, false_positives


@pytest.fixture
def truth(tmp_path):
    pd.DataFrame(
        {
            "source_id": ["hub", "hub", "req", "req"],
            "record_key": ["a", "b", "1", "2"],
            "eid": ["E1", "E1", "E1", "E2"],
            "phenomena": ["trade_name", "", "", ""],
        }
    ).to_parquet(tmp_path / "listings.parquet")
    pd.DataFrame(
        {
            "eid": ["E1", "E2"],
            "role": ["se", "namesake"],
            "phenomena": ["site_in_etablissements", ""],
        }
    ).to_parquet(tmp_path / "entities.parquet")
    return tmp_path


def test_split_and_wrong_pairs_are_listed_with_their_tags(truth) -> None:
    linked = pd.DataFrame(
        {
            "source_id": ["hub", "hub", "req", "req"],
            "record_key": ["a", "b", "1", "2"],
            "source_role": ["listing", "listing", "register", "register"],
            "enterprise_id": ["X", "Y", "Y", "Y"],  # a split off; b, 1 right; 2 wrongly joined
            "name": ["A", "B", "ONE", "TWO"],
            "postal_code": [None] * 4,
        }
    )
    figures, misses = false_negatives(linked, truth)
    assert figures == pytest.approx({"pairwise_precision": 1 / 3, "pairwise_recall": 1 / 3})
    assert sorted(misses.kind) == ["hub-hub", "hub-reg"]
    assert set(misses.tags) == {"site_in_etablissements;trade_name"}
    wrong = false_positives(linked, truth)
    assert sorted(wrong.kind) == ["se/namesake", "se/namesake"]
