"""The review band: pairs the model is unsure about, and the reviewers' decisions read back.

Decisions live in ``ESQ_HOME/review/decisions.csv`` with columns
``left_record,right_record,decision,reviewer,decided_at`` (decision: match or no_match); they
override the model on every later run.
"""

from __future__ import annotations

import csv
from pathlib import Path

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


def _reason(pair: object, ambiguous: set[tuple[str, str]], auto: float) -> str | None:
    """Why a pair the clustering left apart needs a reviewer (None: a rule settled it)."""
    if (pair.left, pair.right) in ambiguous:
        return "ambiguous_register"
    if pair.score < auto:
        return "score_band"
    if "name" not in pair.agreeing_fields.split(","):
        return "names_disagree"
    return None


def review_frame(
    pairs: pd.DataFrame,
    ambiguous: set[tuple[str, str]],
    auto: float,
    linked: pd.DataFrame,
    decided: set[tuple[str, str]],
) -> pd.DataFrame:
    """Pairs in the review band (or ambiguous) not already together and not yet decided."""
    cluster_of = dict(zip(linked.member, linked.enterprise_id, strict=True))
    rows = []
    info = linked.set_index("member")[list(_SHOWN)]
    for p in pairs.itertuples(index=False):
        if (p.left, p.right) in decided or cluster_of.get(p.left) == cluster_of.get(p.right):
            continue
        reason = _reason(p, ambiguous, auto)
        if reason is None:
            continue
        left, right = info.loc[p.left], info.loc[p.right]
        rows.append(
            {
                "left_record": p.left,
                "right_record": p.right,
                "score": float(p.score),
                "agreeing_fields": p.agreeing_fields,
                "reason": reason,
                **{f"left_{c}": left[c] for c in _SHOWN},
                **{f"right_{c}": right[c] for c in _SHOWN},
            }
        )
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS))
    frame["score"] = frame.score.astype("float64")
    return frame.sort_values(["left_record", "right_record"]).reset_index(drop=True)
