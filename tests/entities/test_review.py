"""Review band and reviewed decisions: read back on the next run, they override the model."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from esq.entities.resolve import resolve_entities
from esq.entities.review import DecisionFileError, read_decisions
from evaluation.entities.labelled import labelled_listings


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    listings, _ = labelled_listings(seed=5, n=150)
    return listings.drop(columns=["member", "truth"])


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["left_record", "right_record", "decision", "reviewer", "decided_at"])
        for left, right, decision in rows:
            writer.writerow([left, right, decision, "tester", "2026-11-26T12:00:00Z"])
    return path


def _together(entities, a: str, b: str) -> bool:
    ids = dict(
        zip(
            entities.listings.source_id + ":" + entities.listings.record_key,
            entities.listings.enterprise_id,
            strict=True,
        )
    )
    return ids[a] == ids[b]


def test_decisions_override_the_model(labelled, tmp_path):
    first = resolve_entities(labelled, tmp_path / "pub")
    assert len(first.review) > 0
    pending = first.review.iloc[0]
    model_link = first.enterprise_links[first.enterprise_links.rule == "model"].iloc[0]
    assert not _together(first, pending.left_record, pending.right_record)
    assert _together(first, model_link.left_record, model_link.right_record)
    decisions = _write(
        tmp_path / "review" / "decisions.csv",
        [
            (pending.left_record, pending.right_record, "match"),
            (model_link.right_record, model_link.left_record, "no_match"),
        ],
    )
    second = resolve_entities(labelled, tmp_path / "pub", decisions=decisions)
    assert _together(second, pending.left_record, pending.right_record)
    assert second.stats["decisions_read"] == 2
    assert "review_match" in set(second.enterprise_links.rule)
    assert second.stats["unions_refused"].get("reviewed_no_match", 0) >= 1
    # The rejected pair is a cannot-link: not linked directly, nor through a chain of others.
    assert not _together(second, model_link.left_record, model_link.right_record)
    links = second.enterprise_links
    assert not (
        (links.left_record == model_link.left_record)
        & (links.right_record == model_link.right_record)
    ).any()
    assert not (
        (second.review.left_record == pending.left_record)
        & (second.review.right_record == pending.right_record)
    ).any()


@pytest.mark.parametrize(
    ("rows", "kept", "skipped"),
    [
        ([("a:1", "b:2", "match")], {("a:1", "b:2"): "match"}, 0),
        ([("b:2", "a:1", "NO_MATCH")], {("a:1", "b:2"): "no_match"}, 0),
        ([("a:1", "a:1", "match"), ("a:1", "b:2", "maybe")], {}, 2),
    ],
)
def test_read_decisions(tmp_path, rows, kept, skipped):
    found, problems = read_decisions(_write(tmp_path / "d.csv", rows))
    assert found == kept
    assert len(problems) == skipped


def test_a_decisions_file_without_its_columns_is_refused(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DecisionFileError, match="missing columns"):
        read_decisions(path)
