"""One supplier's link decision from its candidate enterprises (best first): linked when the
best is ahead by more than the margin, or a tie the evidence breaks, or a review-band trade name
the town confirms; else the review frame with the enterprises still tied. The rules are told in
:mod:`esq.contracts.supplier_link`."""

from __future__ import annotations

from esq.contracts.kind_typos import one_edit
from esq.contracts.name_score import Candidate
from esq.contracts.supplier_evidence import EVIDENCE_NAMES, Evidence
from esq.contracts.tie_limits import TiePlaces, break_tie, still_tied

#: A word this long may carry a typo in :func:`one_leading_word_apart`.
TYPO_WORD = 6


def one_leading_word_apart(supplier_key: str, reference_key: str) -> bool:
    """One key is the other less its first word (« marche du coteau bleu » and « cafe marche
    du coteau bleu »): a trade name leaving out the kind of body, or the other way round; one
    long word of the rest may be one typo apart."""
    a, b = supplier_key.split(), reference_key.split()
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 2 or len(long) != len(short) + 1:
        return False
    # one word of the rest may carry a typo (« courtepointte »), not a short one
    apart = [(x, y) for x, y in zip(long[1:], short, strict=True) if x != y]
    return not apart or (
        len(apart) == 1 and min(map(len, apart[0])) >= TYPO_WORD and one_edit(*apart[0])
    )


def _confirmed_trade_name(
    best: Candidate, evidence: Evidence | None, located: bool = False
) -> str | None:
    """Why a review-band name alone ahead of the others links after all, or None: it is the
    enterprise's name less (or plus) its leading word and the enterprise is in the supplier's
    town, or — the supplier's town unknown (``located`` False) — a buying city: « Excavation
    Le Pignon bleu » of Brossard is not « Le Pignon bleu » of Montréal, whoever bought."""
    if evidence is None or not one_leading_word_apart(best.supplier_key, best.reference_key):
        return None
    found = dict(zip(EVIDENCE_NAMES, evidence(best.ref), strict=True))
    locality, buyer_city = found["locality"], found["buyer_city"] and not located
    if locality or buyer_city:
        return "leading word apart, confirmed by " + ("locality" if locality else "buyer_city")
    return None


def decide(
    ref: str,
    candidates: list[Candidate],
    auto: float,
    review: float,
    margin: float,
    evidence: Evidence | None = None,
    places: TiePlaces | None = None,
) -> tuple[dict, list[Candidate]]:
    """One supplier's link row and the candidates a person must choose between (none when
    linked or unmatched)."""
    best = candidates[0] if candidates else None
    if best is None or best.score < review:
        score = best.score if best else None
        return {"supplier_ref": ref, "link_method": "no_match", "link_score": score}, []
    places = places or TiePlaces()
    kept, decided = break_tie(candidates, margin, evidence if best.score >= auto else None, places)
    if decided and kept[0].score >= auto:
        best, runner = kept[0], 0.0
    else:
        decided = None
        runner = candidates[1].score if len(candidates) > 1 else 0.0
    detail = f"{best.supplier_key} ~ {best.reference_key}"
    if best.score >= auto and best.score - runner > margin:
        method = "name_exact" if best.score == 1.0 else "name_fuzzy"
        if decided:
            detail += f" (tie broken by {decided})"
        return {
            "supplier_ref": ref, "enterprise_id": best.ref, "link_method": method,
            "link_score": best.score, "link_detail": detail, "tie_broken_by": decided,
        }, []  # fmt: skip
    why = "tie" if best.score - runner <= margin else "review_band"
    within = [c for c in candidates if best.score - c.score <= margin]
    if best.score < auto:  # trade names (supplier_link docstring): the one the town confirms
        confirmed = [
            (c, w) for c in within if (w := _confirmed_trade_name(c, evidence, places.located))
        ]
        if len(confirmed) == 1:
            ((chosen, because),) = confirmed
            return {
                "supplier_ref": ref, "enterprise_id": chosen.ref, "link_method": "name_fuzzy",
                "link_score": chosen.score, "link_detail":
                f"{chosen.supplier_key} ~ {chosen.reference_key} ({because})",
            }, []  # fmt: skip
    # The enterprises a person must choose between: those within the margin of the best, less
    # those the unlimited evidence sets apart (tie_limits.still_tied).
    if best.score >= auto:
        within = still_tied(within, evidence)
    tied = " | ".join(c.ref for c in within)
    row = {"supplier_ref": ref, "link_method": "review", "link_score": best.score,
           "link_detail": f"{why}: {detail}", "candidates": tied}  # fmt: skip
    return row, within
