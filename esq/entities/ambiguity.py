"""Ambiguous register candidates: a listing whose two best register candidates (two register
records, so two NEQs: the register has one row per NEQ) score within ``AMBIGUITY_MARGIN`` and
``AMBIGUITY_BITS`` of each other is not linked to either by the model: it goes to review.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

AMBIGUITY_MARGIN = 0.05
#: ... and within this many bits of match weight (log2 odds). Scores saturate near 1 at
#: register size: 0.999999 (name, door and town agree) and 0.988 (name and town only, one of
#: a dozen namesakes of the town) differ by 0.012 but by 13 bits, a likelihood ratio of 8 000.
AMBIGUITY_BITS = 5.0


def match_weight(score: float | np.ndarray) -> float | np.ndarray:
    """log2 of the odds of a match probability, of one score or an array of them (clipped:
    Splink rounds strong pairs to 1)."""
    p = np.clip(score, 1e-15, 1 - 2**-50)
    return np.log2(p / (1 - p))


def ambiguous_pairs(
    pairs: pd.DataFrame, is_register: dict[str, bool], auto: float
) -> set[tuple[str, str]]:
    """Model pairs of a listing with register records that it cannot tell apart: per listing,
    the best and those within ``AMBIGUITY_MARGIN`` of its score and ``AMBIGUITY_BITS`` of its
    weight, when there are two or more (group-bys over the strong pairs, no loop per listing)."""
    strong = pairs[pairs.score >= auto]
    left = np.fromiter((is_register.get(m, False) for m in strong.left), bool, len(strong))
    right = np.fromiter((is_register.get(m, False) for m in strong.right), bool, len(strong))
    mixed = left != right
    score = strong.score.to_numpy(dtype="float64")[mixed]
    frame = pd.DataFrame(
        {
            "listing": np.where(left, strong.right, strong.left)[mixed],
            "register": np.where(left, strong.left, strong.right)[mixed],
            "score": score,
            "weight": match_weight(score),
        }
    )
    best = frame.groupby("listing").score.transform("max")
    floor = match_weight(best.to_numpy(dtype="float64")) - AMBIGUITY_BITS
    keep = (frame.score >= best - AMBIGUITY_MARGIN).to_numpy() & (frame.weight > floor).to_numpy()
    close = frame[keep]
    close = close[close.groupby("listing").listing.transform("size").to_numpy() > 1]
    return {(min(a, b), max(a, b)) for a, b in zip(close.listing, close.register, strict=True)}
