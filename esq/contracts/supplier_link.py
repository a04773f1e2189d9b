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
   ``margin``. Enterprises tied on the name (within ``margin``) are told apart by evidence, in
   order: the enterprise's town is the supplier's locality; it is one of the buyers' cities;
   it is listed by a source (not only a register entry); it is the active registration. The
   first of these on which exactly one tied enterprise leads decides (the link detail says
   which). A score in [``review``, ``auto``), or a tie no evidence breaks, goes to the review
   frame (method ``review``, no enterprise; ``candidates`` lists the enterprises within
   ``margin`` of the best), and its money to the mart's pending amounts.
4. ``no_match`` otherwise.

Why not the listings' Splink model for the score: it was trained on records with addresses,
phones and domains, and a supplier has a name only. On the 156 real SEAO rows with a NEQ as
name-only listings (:mod:`evaluation.contracts.splink_names`) it pairs 58 of the 63
findable rows, at a probability of 0.009 at most — far below any threshold; this scorer
links 61 of them, none wrongly (:mod:`evaluation.contracts.link_eval`). See
docs/entity-resolution.md, "Suppliers".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from esq.contracts.name_score import Accept, Candidate, NameIndex, name_family
from esq.contracts.persons import person_reason
from esq.entities.compat import compatible_names, place_words
from esq.normalise.neq import neq as check_neq
from esq.normalise.text import fold
from schemas.contract_tables import SUPPLIER_REVIEW

AUTO_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.75
MARGIN = 0.02
LINK_COLUMNS = (
    "supplier_ref", "enterprise_id", "link_method", "link_score", "link_detail", "candidates",
)  # fmt: skip
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


Evidence = Callable[[str], tuple]


def break_tie(
    candidates: list[Candidate], margin: float, evidence: Evidence | None
) -> tuple[list[Candidate], str | None]:
    """Candidates reordered when those tied with the best (within ``margin``) differ in
    ``evidence`` (a sortable tuple per enterprise id, larger = stronger) and one is ahead of
    all others on it; the reason says which evidence decided, None when it did not."""
    if evidence is None or len(candidates) < 2:
        return candidates, None
    tied = [c for c in candidates if candidates[0].score - c.score <= margin]
    if len(tied) < 2:
        return candidates, None
    ranked = sorted(tied, key=lambda c: evidence(c.ref), reverse=True)
    first, second = evidence(ranked[0].ref), evidence(ranked[1].ref)
    if first == second:
        return candidates, None
    decided = next(name for name, a, b in zip(EVIDENCE_NAMES, first, second, strict=True) if a != b)
    return [ranked[0]], decided


#: What breaks a tie between enterprises of the same name, strongest first.
EVIDENCE_NAMES = ("locality", "buyer_city", "listed", "active")


def _decide(
    ref: str,
    candidates: list[Candidate],
    auto: float,
    review: float,
    margin: float,
    evidence: Evidence | None = None,
) -> tuple[dict, dict | None]:
    best = candidates[0] if candidates else None
    if best is None or best.score < review:
        score = best.score if best else None
        return {"supplier_ref": ref, "link_method": "no_match", "link_score": score}, None
    kept, decided = break_tie(candidates, margin, evidence if best.score >= auto else None)
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
            "link_score": best.score, "link_detail": detail,
        }, None  # fmt: skip
    why = "tie" if best.score - runner <= margin else "review_band"
    # The enterprises a person must choose between: those within the margin of the best.
    tied = " | ".join(c.ref for c in candidates if best.score - c.score <= margin)
    row = {"supplier_ref": ref, "link_method": "review", "link_score": best.score,
           "link_detail": f"{why}: {detail}", "candidates": tied}  # fmt: skip
    return row, {"right_record": best.ref, "score": best.score, "agreeing_fields": "name"}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series([None] * len(frame), dtype="object")


def _town(value: object) -> str | None:
    """A town name folded for comparison (« Trois-Rivières (Québec) » -> « trois rivieres »)."""
    text = _text(value)
    if text is None:
        return None
    return " ".join(fold(text.split("(")[0]).replace("-", " ").split()) or None


class _EnterpriseStanding:
    """Per enterprise, what can break a name tie: its town, being listed by a source, being
    the active registration. Columns the frame lacks count for nobody."""

    def __init__(self, enterprises: pd.DataFrame):
        ids = list(enterprises.enterprise_id)
        self.town = dict(zip(ids, map(_town, _column(enterprises, "municipality")), strict=True))
        basis = _column(enterprises, "social_economy_basis")
        self.listed = {e: b in ("listed", "both") for e, b in zip(ids, basis, strict=True)}
        status = _column(enterprises, "register_status")
        self.active = {e: x in (None, "IM") or x != x for e, x in zip(ids, status, strict=True)}

    def evidence(self, locality: str | None, buyer_cities: object) -> Evidence:
        """Evidence of one supplier, as a function of the enterprise id."""
        here = _town(locality)
        cities = {_town(c) for c in str(buyer_cities or "").split(" | ")} - {None}

        def of(enterprise_id: str) -> tuple:
            town = self.town.get(enterprise_id)
            return (
                here is not None and town == here,
                town is not None and town in cities,
                self.listed.get(enterprise_id, False),
                self.active.get(enterprise_id, False),
            )

        return of


class SupplierLinker:
    """The enterprises indexed once (NEQs, names and other names, and what breaks name ties);
    :meth:`link_one` applies the module's rules to one supplier, :meth:`link` to a frame."""

    def __init__(
        self,
        enterprises: pd.DataFrame,
        *,
        auto: float = AUTO_THRESHOLD,
        review: float = REVIEW_THRESHOLD,
        margin: float = MARGIN,
    ):
        self.auto, self.review, self.margin = auto, review, margin
        ids = enterprises.enterprise_id
        self.by_neq = {n: e for e, n in zip(ids, enterprises.neq, strict=True) if n}
        self.neq_of = dict(zip(ids, enterprises.neq, strict=True))
        self.names_of = dict(zip(ids, enterprises.name, strict=True))
        self.index = NameIndex(
            (e, name)
            for e, n, others in zip(ids, enterprises.name, enterprises.other_names, strict=True)
            for name in [n, *_other_names(others)]
        )
        self.standing = _EnterpriseStanding(enterprises)

    def candidates(
        self, name: str | None, supplier_neq: str | None = None, locality: object = None
    ) -> list[Candidate]:
        """The enterprises the name rule may choose from, best first: pairs the listings'
        guard accepts, without enterprises holding another NEQ than ``supplier_neq``."""
        found = self.index.candidates(name, listing_guard(name, place_words(_text(locality))))
        return [c for c in found if not (supplier_neq and self.neq_of.get(c.ref))]

    def link_one(
        self,
        ref: str,
        name: str | None,
        raw_neq: object = None,
        locality: object = None,
        buyer_cities: object = None,
    ) -> tuple[dict, dict | None]:
        """One supplier's link row and, in the review band or on a tie, its review pair."""
        supplier_neq = _valid_neq(raw_neq)
        person = person_reason(name)
        if person:
            return {"supplier_ref": ref, "link_method": "person", "link_detail": person}, None
        if supplier_neq and supplier_neq in self.by_neq:
            return {"supplier_ref": ref, "enterprise_id": self.by_neq[supplier_neq],
                    "link_method": "neq", "link_score": 1.0,
                    "link_detail": supplier_neq}, None  # fmt: skip
        candidates = self.candidates(name, supplier_neq, locality)
        evidence = self.standing.evidence(_text(locality), buyer_cities)
        row, pair = _decide(ref, candidates, self.auto, self.review, self.margin, evidence)
        if pair:
            left = {"left_record": f"supplier:{ref}", "left_name": name}
            pair = {**left, **pair, "kind": "supplier_enterprise",
                    "right_name": self.names_of.get(pair["right_record"])}  # fmt: skip
        return row, pair

    def link(self, suppliers: pd.DataFrame) -> SupplierLinks:
        """Link ``suppliers`` (supplier_ref, supplier_name, supplier_neq, and optionally
        supplier_locality and buyer_cities); see the module docstring for the rules."""
        links, reviews = [], []
        for ref, name, raw_neq, locality, cities in zip(
            suppliers.supplier_ref,
            suppliers.supplier_name,
            suppliers.supplier_neq,
            _column(suppliers, "supplier_locality"),
            _column(suppliers, "buyer_cities"),
            strict=True,
        ):
            row, pair = self.link_one(ref, name, raw_neq, locality, cities)
            links.append(row)
            if pair:
                reviews.append(pair)
        return SupplierLinks(
            pd.DataFrame(links, columns=list(LINK_COLUMNS)),
            pd.DataFrame(reviews, columns=list(REVIEW_COLUMNS)),
        )


def link_suppliers(
    suppliers: pd.DataFrame,
    enterprises: pd.DataFrame,
    *,
    auto: float = AUTO_THRESHOLD,
    review: float = REVIEW_THRESHOLD,
    margin: float = MARGIN,
) -> SupplierLinks:
    """Link ``suppliers`` (supplier_ref, supplier_name, supplier_neq, and optionally
    supplier_locality and buyer_cities, ' | '-separated) to ``enterprises`` (enterprise_id,
    name, other_names, neq, and optionally municipality, social_economy_basis,
    register_status, which break name ties); see the module docstring for the rules."""
    linker = SupplierLinker(enterprises, auto=auto, review=review, margin=margin)
    return linker.link(suppliers)
