"""How the listings' Splink model scores name-only supplier records (the measurement behind
:mod:`esq.contracts.supplier_link` not using it).

Each real SEAO row with a NEQ becomes a listing-like record holding its supplier name only (the
extract has no supplier address), built by :func:`evaluation.entities.frames.listing_frame`, and the
records are scored against each other with the saved model
(:func:`esq.entities.scoring.score_pairs`, predict only, every blocked pair kept). The report
says how many rows the model can pair with another row of the same NEQ at all, and the best
probability it gives any pair — to compare with the name scorer's leave-one-out
(:mod:`evaluation.contracts.link_eval`, 61 of the 63 findable rows linked, none wrong).

Run: ``python -m evaluation.contracts.splink_names [path/to/contrats-nb3_8villes_subset.csv]``.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from esq.entities.scoring import score_pairs
from esq.normalise.municipality import MunicipalityIndex
from evaluation.contracts.link_eval import DEFAULT_SEAO_ROWS, read_seao_rows
from evaluation.entities.frames import listing_frame, sample_municipalities


@dataclass(frozen=True)
class SplinkNameReport:
    rows: int
    findable: int  # rows whose NEQ is on another row too
    compared: int  # pairs the blocking rules proposed
    paired: int  # findable rows paired with a same-NEQ row (any score)
    max_score: float  # best match probability of any pair
    wrong_pairs: int  # proposed pairs of two different NEQs


def splink_name_only(
    pairs: list[tuple[str, str]], municipalities: MunicipalityIndex
) -> SplinkNameReport:
    """Score the (supplier name, NEQ) rows as name-only listings (module docstring)."""
    records = [{"record_key": str(i), "name": name} for i, (name, _) in enumerate(pairs)]
    frame = listing_frame(records, "seao", "listing", municipalities)
    scored = score_pairs(frame, 0.0)
    neq_of = {f"seao:{i}": neq for i, (_, neq) in enumerate(pairs)}
    counts = Counter(neq for _, neq in pairs)
    same = [(a, b) for a, b in zip(scored.pairs.left, scored.pairs.right, strict=True)
            if neq_of[a] == neq_of[b]]  # fmt: skip
    return SplinkNameReport(
        rows=len(pairs),
        findable=sum(counts[neq] > 1 for _, neq in pairs),
        compared=scored.comparisons,
        paired=len({m for pair in same for m in pair}),
        max_score=float(scored.pairs.score.max()) if len(scored.pairs) else 0.0,
        wrong_pairs=len(scored.pairs) - len(same),
    )


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_SEAO_ROWS
    repo_root = Path(__file__).resolve().parents[2]
    report = splink_name_only(read_seao_rows(path), sample_municipalities(repo_root))
    print(
        f"rows with NEQ {report.rows}; findable {report.findable}; pairs compared "
        f"{report.compared}; findable rows paired with their NEQ {report.paired}; "
        f"wrong pairs {report.wrong_pairs}; best probability {report.max_score:.4f}"
    )


if __name__ == "__main__":
    main()
