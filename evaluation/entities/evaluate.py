"""Resolve a seeded labelled set and measure it (used by scripts/evaluate_er.py and a test)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from esq.entities.resolve import DEFAULT_THRESHOLDS, Thresholds, resolve_entities
from evaluation.entities import metrics
from evaluation.entities.labelled import labelled_listings


def evaluate(seed: int, n: int, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> dict[str, float]:
    """Pairwise and B-cubed P/R, cluster counts and NEQ accuracy on a seeded set."""
    listings, labelled = labelled_listings(seed, n)
    with tempfile.TemporaryDirectory() as empty:
        entities = resolve_entities(
            listings.drop(columns=["member", "truth"]), Path(empty), thresholds=thresholds
        )
    linked = entities.listings
    members = linked.source_id + ":" + linked.record_key
    truth = members.map(labelled.truth)
    out: dict[str, float] = {}
    for prefix, result in (
        ("pairwise", metrics.pairwise(list(linked.enterprise_id), list(truth))),
        ("bcubed", metrics.bcubed(list(linked.enterprise_id), list(truth))),
    ):
        out |= {f"{prefix}_{k}": v for k, v in result.items()}
    out["clusters_predicted"] = float(linked.enterprise_id.nunique())
    out["clusters_true"] = float(truth.nunique())
    neq_of = entities.enterprises.set_index("enterprise_id").neq
    is_listing = linked.source_role == "listing"
    predicted = {
        m: (neq_of[e] if isinstance(neq_of[e], str) else None)
        for m, e in zip(members[is_listing], linked.enterprise_id[is_listing], strict=True)
    }
    out |= metrics.neq_accuracy(predicted, labelled.truth, labelled.true_neq)
    out["comparisons"] = float(entities.stats["comparisons"])
    out["review_pairs"] = float(entities.stats["review_pairs"])
    return out
