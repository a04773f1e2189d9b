"""Evaluation metrics: pairwise and B-cubed precision/recall, cluster counts, NEQ accuracy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(predicted: Sequence[str], truth: Sequence[str]) -> dict[str, float]:
    """Precision, recall and F1 over record pairs put together (predicted) vs truly together."""
    both = Counter(zip(predicted, truth, strict=True))
    tp = sum(_pairs(n) for n in both.values())
    pred = sum(_pairs(n) for n in Counter(predicted).values())
    true = sum(_pairs(n) for n in Counter(truth).values())
    p = tp / pred if pred else 1.0
    r = tp / true if true else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bcubed(predicted: Sequence[str], truth: Sequence[str]) -> dict[str, float]:
    """B-cubed precision and recall (per-record share of its cluster that is right)."""
    both = Counter(zip(predicted, truth, strict=True))
    pc, tc = Counter(predicted), Counter(truth)
    n = len(predicted)
    if n == 0:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    p = sum(k * k / pc[pr] for (pr, _), k in both.items()) / n
    r = sum(k * k / tc[tr] for (_, tr), k in both.items()) / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r)}


def neq_accuracy(
    predicted_neq: Mapping[str, str | None],
    truth: Mapping[str, str],
    true_neq: Mapping[str, str | None],
) -> dict[str, float]:
    """Share of listings (members) given their true NEQ, and share given a wrong one.

    ``correct`` is over listings whose enterprise has an NEQ; ``wrong`` over all listings.
    """
    with_neq = [m for m in predicted_neq if true_neq.get(truth[m])]
    correct = sum(predicted_neq[m] == true_neq[truth[m]] for m in with_neq)
    wrong = sum(
        1 for m, neq in predicted_neq.items() if neq is not None and neq != true_neq.get(truth[m])
    )
    return {
        "correct_neq": correct / len(with_neq) if with_neq else 1.0,
        "wrong_neq": wrong / len(predicted_neq) if predicted_neq else 0.0,
        "listings": float(len(predicted_neq)),
        "listings_with_true_neq": float(len(with_neq)),
    }
