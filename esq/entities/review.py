"""The review band: pairs the model is unsure about, and the reviewers' decisions read back.

Decisions live in ``ESQ_HOME/review/decisions.csv`` with columns
``left_record,right_record,decision,reviewer,decided_at`` (decision: match or no_match); they
override the model on every later run.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from schemas.tables import REVIEW

DECISION_COLUMNS = ("left_record", "right_record", "decision", "reviewer", "decided_at")
REVIEW_COLUMNS = tuple(REVIEW.column_names)
_SHOWN = ("enterprise_id", "name", "address", "municipality", "neq")


class DecisionFileError(ValueError):
    """The decisions file cannot be read (missing columns)."""


def read_decisions(path: Path | None) -> tuple[dict[tuple[str, str], str], list[str]]:
    """Pair (sorted) -> decision, the latest row winning; and a reason for each skipped row."""
    if path is None or not path.exists():
        return {}, []
    out: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(DECISION_COLUMNS[:3]) - set(reader.fieldnames or [])
        if missing:
            raise DecisionFileError(f"{path}: missing columns {sorted(missing)}")
        rows = sorted(reader, key=lambda r: r.get("decided_at") or "")
    for i, row in enumerate(rows, start=2):
        left, right = (row["left_record"] or "").strip(), (row["right_record"] or "").strip()
        decision = (row["decision"] or "").strip().lower()
        if not left or not right or left == right or decision not in ("match", "no_match"):
            problems.append(f"{path.name}: row {i} skipped (need two records and match|no_match)")
            continue
        out[(min(left, right), max(left, right))] = decision
    return out, problems


def _reasons(
    pairs: pd.DataFrame,
    ambiguous: set[tuple[str, str]],
    auto: float,
    guarded: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> np.ndarray:
    """Why each pair the clustering left apart needs a reviewer (None: a rule settled it):
    ambiguous_register, else score_band below ``auto``, else names_disagree when the name did
    not agree, else names_guard when the name agreed but the names guard refused the merge
    (``guarded``: « CDC Mékinac » / « Coop de Mékinac », the same place and nothing else)."""
    is_ambiguous = np.fromiter(
        ((a, b) in ambiguous for a, b in zip(pairs.left, pairs.right, strict=True)),
        dtype=bool,
        count=len(pairs),
    )
    named = np.fromiter(
        ("name" in f.split(",") for f in pairs.agreeing_fields), dtype=bool, count=len(pairs)
    )
    below = (pairs.score < auto).to_numpy(dtype=bool)
    is_guarded = np.fromiter(
        ((a, b) in guarded for a, b in zip(pairs.left, pairs.right, strict=True)),
        dtype=bool,
        count=len(pairs),
    )
    reasons = np.full(len(pairs), None, dtype=object)
    reasons[is_guarded] = "names_guard"
    reasons[~named] = "names_disagree"
    reasons[below] = "score_band"
    reasons[is_ambiguous] = "ambiguous_register"
    return reasons


def review_frame(
    pairs: pd.DataFrame,
    ambiguous: set[tuple[str, str]],
    auto: float,
    linked: pd.DataFrame,
    decided: set[tuple[str, str]],
    guarded: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> pd.DataFrame:
    """Pairs in the review band (or ambiguous) not already together and not yet decided.

    Set-based: the pairs' records are found by one hash lookup of every left and right member
    in ``linked`` (a register has millions of rows), then each shown column is gathered once.
    """
    members = pd.Index(linked.member)
    left = members.get_indexer(pairs.left)
    right = members.get_indexer(pairs.right)
    cluster = linked.enterprise_id.to_numpy(dtype=object)
    # A member missing from linked has no cluster (None == None: left alone, as before).
    left_cluster = np.where(left >= 0, cluster[left], None)
    right_cluster = np.where(right >= 0, cluster[right], None)
    undecided = np.fromiter(
        ((a, b) not in decided for a, b in zip(pairs.left, pairs.right, strict=True)),
        dtype=bool,
        count=len(pairs),
    )
    apart = undecided & (left_cluster != right_cluster)
    reasons = _reasons(pairs[apart], ambiguous, auto, guarded)
    kept = np.flatnonzero(apart)[reasons != None]  # noqa: E711 (element-wise)
    reasons = reasons[reasons != None]  # noqa: E711
    shown = pairs.iloc[kept]
    columns: dict[str, object] = {
        "left_record": shown.left.to_numpy(dtype=object),
        "right_record": shown.right.to_numpy(dtype=object),
        "score": shown.score.to_numpy(dtype="float64"),
        "agreeing_fields": shown.agreeing_fields.to_numpy(dtype=object),
        "reason": reasons,
    }
    for side, at in (("left", left[kept]), ("right", right[kept])):
        for c in _SHOWN:
            columns[f"{side}_{c}"] = linked[c].to_numpy(dtype=object)[at]
    # Built from lists, each column's dtype is inferred as the former row-by-row frame's was.
    frame = pd.DataFrame({c: list(columns[c]) for c in REVIEW_COLUMNS})
    frame["score"] = frame.score.astype("float64")
    return frame.sort_values(["left_record", "right_record"]).reset_index(drop=True)
