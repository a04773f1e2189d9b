"""Supplier → enterprise links: NEQ first, then names; persons never; every link says how.

Rules, in order, for each distinct supplier:

1. ``person`` — the name is taken for a natural person (:mod:`esq.contracts.persons`): never
   linked, whatever the score.
2. ``neq`` — the supplier's valid NEQ (SEAO ``parties[].details.neq``) equals an enterprise's.
3. names (:class:`esq.contracts.name_score.NameIndex`) against the enterprises' name and other
   names, skipping enterprises whose NEQ differs from the supplier's (two NEQs never link).
   Only pairs of names the listings' matcher would accept are candidates: the same
   :func:`~esq.normalise.names.name_key` and the same guard,
   :func:`esq.entities.compat.compatible_names` (half of the shorter name's identifying words
   shared, not only generic ones; no family conflict such as a foundation vs its organisation,
   or a CPE vs a cooperative; words of the supplier's locality, SEAO's supplier address, do not
   count as shared: « Pavage Shawinigan » from Shawinigan is not « Shawinigan Transport »).
   Among them: ``name_exact`` (score 1.0) or ``name_fuzzy``
   (score ≥ ``auto``) when the best enterprise is ahead of the next one by more than
   ``margin``; a score in [``review``, ``auto``), or a tie between two enterprises, goes to the
   review frame (method ``review``, no enterprise).
4. ``no_match`` otherwise.

Why not the listings' Splink model for the score: it was trained on records with addresses,
phones and domains, and a supplier has a name only. On the 156 real SEAO rows with a NEQ as
name-only listings (:mod:`evaluation.contracts.splink_names`) it pairs 58 of the 63
findable rows, at a probability of 0.009 at most — far below any threshold; this scorer
links 61 of them, none wrongly (:mod:`evaluation.contracts.link_eval`). See
docs/entity-resolution.md, "Suppliers".
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from esq.contracts.name_score import Accept, Candidate, NameIndex, name_family
from esq.contracts.persons import person_reason
from esq.entities.compat import compatible_names, place_words
from esq.normalise.neq import neq as check_neq
from schemas.contract_tables import SUPPLIER_REVIEW

AUTO_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.75
MARGIN = 0.02
LINK_COLUMNS = ("supplier_ref", "enterprise_id", "link_method", "link_score", "link_detail")
REVIEW_COLUMNS = tuple(SUPPLIER_REVIEW.column_names)
LINKED_METHODS = ("neq", "name_exact", "name_fuzzy")


@dataclass(frozen=True)
class SupplierLinks:
    """One row per supplier (``links``) and the pairs left for a person to decide (``review``)."""

    links: pd.DataFrame
    review: pd.DataFrame


def _other_names(value: object) -> list[str]:
    return [n.strip() for n in str(value).split(" | ") if n.strip()] if value else []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _valid_neq(value: object) -> str | None:
    result = check_neq(value)
    return result.value if result.status == "valid" else None


def listing_guard(name: str | None, places: frozenset[str] = frozenset()) -> Accept:
    """The listings' pair guard (:func:`esq.entities.compat.compatible_names`) for this name;
    ``places`` are the words of the supplier's locality, which alone prove nothing."""
    family = name_family(name)
    return lambda key, ref_key, ref_family: compatible_names(
        key, ref_key, family, ref_family, places
    )


def _decide(
    ref: str, candidates: list[Candidate], auto: float, review: float, margin: float
) -> tuple[dict, dict | None]:
    best = candidates[0] if candidates else None
    if best is None or best.score < review:
        score = best.score if best else None
        return {"supplier_ref": ref, "link_method": "no_match", "link_score": score}, None
    runner = candidates[1].score if len(candidates) > 1 else 0.0
    detail = f"{best.supplier_key} ~ {best.reference_key}"
    if best.score >= auto and best.score - runner > margin:
        method = "name_exact" if best.score == 1.0 else "name_fuzzy"
        return {
            "supplier_ref": ref, "enterprise_id": best.ref, "link_method": method,
            "link_score": best.score, "link_detail": detail,
        }, None  # fmt: skip
    why = "tie" if best.score - runner <= margin else "review_band"
    row = {"supplier_ref": ref, "link_method": "review", "link_score": best.score,
           "link_detail": f"{why}: {detail}"}  # fmt: skip
    return row, {"right_record": best.ref, "score": best.score, "agreeing_fields": "name"}


def link_suppliers(
    suppliers: pd.DataFrame,
    enterprises: pd.DataFrame,
    *,
    auto: float = AUTO_THRESHOLD,
    review: float = REVIEW_THRESHOLD,
    margin: float = MARGIN,
) -> SupplierLinks:
    """Link ``suppliers`` (supplier_ref, supplier_name, supplier_neq, and optionally
    supplier_locality) to ``enterprises`` (enterprise_id, name, other_names, neq); see the
    module docstring for the rules."""
    by_neq = {n: e for e, n in zip(enterprises.enterprise_id, enterprises.neq, strict=True) if n}
    neq_of = dict(zip(enterprises.enterprise_id, enterprises.neq, strict=True))
    names_of = dict(zip(enterprises.enterprise_id, enterprises.name, strict=True))
    index = NameIndex(
        (e, name)
        for e, n, others in zip(
            enterprises.enterprise_id, enterprises.name, enterprises.other_names, strict=True
        )
        for name in [n, *_other_names(others)]
    )
    localities = (
        suppliers.supplier_locality
        if "supplier_locality" in suppliers
        else pd.Series([None] * len(suppliers), dtype="object")
    )
    links, reviews = [], []
    for ref, name, raw_neq, locality in zip(
        suppliers.supplier_ref,
        suppliers.supplier_name,
        suppliers.supplier_neq,
        localities,
        strict=True,
    ):
        supplier_neq = _valid_neq(raw_neq)
        person = person_reason(name)
        if person:
            links.append({"supplier_ref": ref, "link_method": "person", "link_detail": person})
            continue
        if supplier_neq and supplier_neq in by_neq:
            links.append({"supplier_ref": ref, "enterprise_id": by_neq[supplier_neq],
                          "link_method": "neq", "link_score": 1.0,
                          "link_detail": supplier_neq})  # fmt: skip
            continue
        found = index.candidates(name, listing_guard(name, place_words(_text(locality))))
        candidates = [c for c in found if not (supplier_neq and neq_of.get(c.ref))]
        row, pair = _decide(ref, candidates, auto, review, margin)
        links.append(row)
        if pair:
            left = {"left_record": f"supplier:{ref}", "left_name": name}
            reviews.append({**left, **pair, "kind": "supplier_enterprise",
                            "right_name": names_of.get(pair["right_record"])})  # fmt: skip
    return SupplierLinks(
        pd.DataFrame(links, columns=list(LINK_COLUMNS)),
        pd.DataFrame(reviews, columns=list(REVIEW_COLUMNS)),
    )
