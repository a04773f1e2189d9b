"""Supplier → enterprise links: NEQ first, then names; persons never; every link says how.

Rules, in order, for each distinct supplier (the contracts table links a supplier once per town
it is seen in, :mod:`esq.contracts.table`):

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
   ``margin``. Enterprises tied on the name (within ``margin``) are told apart by evidence
   (:mod:`esq.contracts.supplier_evidence`: the supplier's NEQ less its check digit, its
   localities, the kind of body its name says, its name with a qualifier in brackets word for
   word, the buyers' cities, its name word for word, being listed, the active registration);
   the first on which exactly one tied enterprise leads decides (the link detail says which) — the
   buyers' city not against a namesake of the same region nor when the supplier's own town is known
   and none of theirs, the weaker ones only for an enterprise in a buyer's region or against a
   namesake of its own town, the buyers' city and the name word for word among ``FEW_NAMESAKES``
   tied at most. A name that is only
   a town's (« Gatineau », « Coop de Gatineau ») never links by itself, unless both names are
   that town's body of one same kind word for word. A name in the review band, alone ahead
   of the others, that is the enterprise's name less (or plus) its first word (a trade name
   leaving out the kind of body: « Marché du Coteau bleu » for « Café Marché du Coteau
   bleu ») links when the enterprise is in the supplier's locality or — the supplier's own
   town unknown — a buying city: the namesake of another kind the band guards against is
   rarely also in town (hard benchmark, seeds 1–3: 3 more rows linked, none wrongly). Of
   several such readings tied in the band, the one the town confirms links (v2 worlds, seeds
   1–5 and medium: 8 rows linked so in all, none wrongly; scoring the supplier's name with one
   more leading word at 0.8 too was tried and dropped: « Construction La Bonne Mine » of the
   buying city is a company, 2 rows right, 2 wrong on medium). A name that is a kind phrase
   followed by an enterprise's name (« Centre d'action bénévole Le Sentier solidaire » for the
   listed « Le Sentier solidaire ») links when the supplier's own town confirms it
   (:mod:`esq.contracts.kind_phrase`); a name with its kind phrase in its other form
   (« Habitations X » for « Société d'habitation communautaire X », « Comptoir alimentaire X »
   for the listed « Comptoir X ») links to the one enterprise bearing that form when the
   supplier's town, or — that unknown — a buying city confirms it
   (:mod:`esq.contracts.kind_short_forms`). A review-band name one slip from the one
   enterprise's name, the slip making a word no name has, links
   (:mod:`esq.contracts.slipped_names`); so does an unlinked name, however low it scores,
   whose one word no name has, put right by one slip, makes one enterprise's name. A
   supplier whose own town is known, left unlinked or tied or linked to an enterprise
   elsewhere, goes to the one enterprise of that town named so after leading words
   (:mod:`esq.contracts.town_trade_names`). Any other score in
   [``review``, ``auto``), or a tie no evidence breaks, goes to the review frame (method
   ``review``, no enterprise; ``candidates`` lists the enterprises within ``margin`` of the
   best, less those the NEQ's digits, the town, the kind or the qualified name set apart:
   :func:`esq.contracts.tie_limits.still_tied`), and its money to the mart's pending amounts
   (or, when all those left are social economy enterprises, to its social economy spend:
   :func:`esq.contracts.table.tied_social_economy`).
4. ``no_match`` otherwise.

Why not the listings' Splink model for the score: it was trained on records with addresses,
phones and domains, and a supplier has a name only. On the 156 real SEAO rows with a NEQ as
name-only listings (:mod:`evaluation.contracts.splink_names`) it pairs 58 of the 63
findable rows, at a probability of 0.009 at most — far below any threshold; this scorer
links 61 of them, none wrongly (:mod:`evaluation.contracts.link_eval`). See
docs/entity-resolution.md, "Suppliers".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from esq.contracts.candidate_guard import (
    expand_cut,
    key_numbers,
    listing_guard,
    locality_words,
    valid_neq,
)
from esq.contracts.cut_names import CUT_SCORE, CutNames
from esq.contracts.kind_phrase import kind_phrase_reading
from esq.contracts.kind_short_forms import other_form
from esq.contracts.link_decision import decide
from esq.contracts.name_ends import cut_short
from esq.contracts.name_score import Candidate, NameIndex
from esq.contracts.name_variants import core, name_family
from esq.contracts.namesakes import local_reading, widen
from esq.contracts.persons import person_reason
from esq.contracts.reference import split_names
from esq.contracts.slipped_names import SlipIndex, slipped
from esq.contracts.supplier_evidence import (
    EVIDENCE_NAMES,
    EnterpriseStanding,
    Evidence,
    column,
    plain,
)
from esq.contracts.tie_limits import TiePlaces
from esq.contracts.town_trade_names import TownTradeNames
from esq.entities.compat import name_tokens
from schemas.contract_tables import SUPPLIER_REVIEW

AUTO_THRESHOLD = 0.9
REVIEW_THRESHOLD = 0.75
MARGIN = 0.02
#: ``tie_broken_by`` names the evidence that broke a name tie (supplier_evidence.EVIDENCE_NAMES),
#: for the rules that weigh it (esq.matching.ties); the link detail says it in words too.
LINK_COLUMNS = (
    "supplier_ref", "enterprise_id", "link_method", "link_score", "link_detail", "candidates",
    "tie_broken_by",
)  # fmt: skip
REVIEW_COLUMNS = tuple(SUPPLIER_REVIEW.column_names)
LINKED_METHODS = ("neq", "name_exact", "name_fuzzy")


@dataclass(frozen=True)
class SupplierLinks:
    """One row per supplier (``links``) and the pairs left for a person to decide (``review``)."""

    links: pd.DataFrame
    review: pd.DataFrame


class SupplierLinker:
    """The enterprises indexed once (NEQs, names and other names, and what breaks name ties);
    :meth:`link_one` applies the module's rules to one supplier, :meth:`link` to a frame
    (names scored together first: :meth:`NameIndex.prepare`)."""

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
        # (enterprise, name) for each of its names, split once for both indexes
        named = [
            (e, name)
            for e, n, others in zip(ids, enterprises.name, enterprises.other_names, strict=True)
            for name in [n, *split_names(others)]
        ]
        self.index = NameIndex(named)
        self.standing = EnterpriseStanding(enterprises)
        self.town_trade = TownTradeNames((e, n, self.standing.town.get(e)) for e, n in named)
        self.cut = CutNames(self.standing.plain)
        self.slips = SlipIndex(self.cut.ordered, self.cut.keys, self.cut.df)
        # A supplier key that is only a town's name (« Gatineau ») identifies nobody.
        self.towns = {t for t in self.standing.town.values() if t}

    def prepare(self, names: Iterable[str | None]) -> None:
        """Score these names together (set-based), and their kind phrase's other form
        (:mod:`esq.contracts.kind_short_forms`); later calls for them read the result."""
        names = list(names)
        self.index.prepare([*names, *filter(None, map(other_form, names))])

    def candidates(
        self,
        name: str | None,
        supplier_neq: str | None = None,
        locality: object = None,
        *,
        complete: bool = True,
    ) -> list[Candidate]:
        """The enterprises the name rule may choose from, best first: pairs the listings'
        guard accepts, without enterprises holding another NEQ than ``supplier_neq``.
        ``complete=False`` stops after the first one beyond ``margin`` of the best (all the
        rules read), sparing the guard on the rest."""
        places = locality_words(locality)
        guard, family = listing_guard(name, places), name_family(name)
        kept: list[Candidate] = []
        found = self.index.candidates(name)
        begun = self.cut.begun(name, (c.ref for c in found))
        if not begun:
            anywhere = self.cut.begun_anywhere(name, self.standing.in_town(locality))
            begun = set(anywhere)
            known = {c.ref for c in found}
            found = [*found, *(Candidate(ref, CUT_SCORE, plain(name), full)
                               for ref, full in anywhere.items() if ref not in known)]  # fmt: skip
        if begun:  # a cut name scores CUT_SCORE against the names it begins (module cut_names)
            # … and, cut after « des », « la »…, less against the names it does not begin
            cap = CUT_SCORE - 2 * self.margin if cut_short(name or "") else 1.0
            found = sorted(
                (replace(c, score=max(c.score, CUT_SCORE)) if c.ref in begun
                 else replace(c, score=min(c.score, cap)) for c in found),
                key=lambda c: (-c.score, c.ref),
            )  # fmt: skip
        for c in found:
            if supplier_neq and self.neq_of.get(c.ref):
                continue
            if c.score < 1.0 and key_numbers(c.supplier_key) != key_numbers(c.reference_key):
                continue  # « 9406-3786 Québec » is not « 9426-3786 Québec »: a typo has no digit
            # The same kind of body and the same key is the same name even when its words are
            # all generic (« Coopérative de consommateurs L'Atelier »), not when they are the
            # supplier's town and the kind is only « coopérative » (« Coop Saint-Tite » from
            # Saint-Tite: which of the town's co-ops?); the town's CPE or CDC is one body (« CPE
            # La Prairie » of La Prairie; large hard world v6: 2 rows right, none wrong). One
            # of the enterprise's names word for word is (« Coop Saint-Tite », its trade name).
            same = c.score == 1.0 and (
                self.standing.same_name(name, c.ref)
                or (
                    family is not None
                    and c.reference_family == family
                    and (family != "cooperative" or not name_tokens(c.supplier_key) <= places)
                )
            )
            ref_family = c.reference_family
            if family is None and ref_family == "fondation" and c.score == 1.0:
                # a trade name leaves the kind out (« La Bouée » for « Fondation La Bouée »):
                # the foundation competes with its namesakes instead of leaving them the name
                ref_family = None
            cut_key = expand_cut(c.supplier_key, c.reference_key)
            if not (same or c.ref in begun or guard(cut_key, c.reference_key, ref_family)):
                continue
            kept.append(c)
            if not complete and kept[0].score - c.score > self.margin:
                break
        return kept

    def link_one(
        self,
        ref: str,
        name: str | None,
        raw_neq: object = None,
        locality: object = None,
        buyer_cities: object = None,
    ) -> tuple[dict, list[dict]]:
        """One supplier's link row and, in the review band or on a tie, its review pairs: one
        for each enterprise the supplier waits on, so a person can choose the right one.
        ``locality`` and ``buyer_cities`` may list several towns, ' | '-separated."""
        supplier_neq = valid_neq(raw_neq)
        person = person_reason(name)
        if person:
            return {"supplier_ref": ref, "link_method": "person", "link_detail": person}, []
        if supplier_neq and supplier_neq in self.by_neq:
            return {"supplier_ref": ref, "enterprise_id": self.by_neq[supplier_neq],
                    "link_method": "neq", "link_score": 1.0,
                    "link_detail": supplier_neq}, []  # fmt: skip
        candidates = self.candidates(name, supplier_neq, locality, complete=False)
        if candidates and candidates[0].score == 1.0:  # other readings of the name tie with it
            found = self.candidates(name, supplier_neq, locality)
            candidates = widen(name, found, self.standing.same_name)
            candidates = local_reading(candidates, self.standing.in_town(locality))
        evidence = self.standing.evidence(raw_neq, locality, buyer_cities, name)
        auto, place_only = self.auto, self._place_only(name, candidates)
        if place_only:
            # only an enterprise that bears this very name may take it (« Montréal »)
            candidates = [c for c in candidates if self.standing.same_name(name, c.ref)]
            auto = self.auto if candidates else math.inf
        places = TiePlaces(
            self.standing.neighbours,
            self.standing.in_buyer_region(buyer_cities),
            self.standing.same_town,
            bool(locality_words(locality)),
        )
        row, waiting = decide(ref, candidates, auto, self.review, self.margin, evidence, places)
        if row["link_method"] == "review" and len(waiting) == 1 and not place_only:
            row, waiting = self._slipped(row, name, waiting[0])
        elif row["link_method"] in ("no_match", "review") and not place_only:
            row, waiting = self._slipped_among(row, name, supplier_neq, locality, waiting)
        if row["link_method"] in ("name_exact", "name_fuzzy", "review", "no_match") and (
            places.located
        ):
            row = self._in_town(row, name, locality, evidence)
        if place_only and row["link_method"] in LINKED_METHODS:
            row["link_detail"] += " (a town's name, borne by this enterprise)"
        elif not place_only and row["link_method"] in ("no_match", "review"):
            found = self._kind_phrase(name, supplier_neq, evidence) or self._short_form(
                name, supplier_neq, locality, evidence, places.located
            )
            if found:
                row, waiting = {**found, "supplier_ref": ref}, []
        pairs = [
            {"left_record": f"supplier:{ref}", "left_name": name, "right_record": c.ref,
             "score": c.score, "agreeing_fields": "name", "kind": "supplier_enterprise",
             "right_name": self.names_of.get(c.ref)}
            for c in waiting
        ]  # fmt: skip
        return row, pairs

    def _in_town(self, row: dict, name: str | None, locality: object, evidence: Evidence) -> dict:
        """The row linked to the one enterprise of the supplier's own town named so after
        leading words (:mod:`esq.contracts.town_trade_names`) unless already linked in it."""
        chosen = row.get("enterprise_id")
        if isinstance(chosen, str) and evidence(chosen)[EVIDENCE_NAMES.index("locality")]:
            return row
        local = self.town_trade.find(name, locality)
        # … of the kind of body the supplier's name says, if it says one
        if local is None or local == chosen or not evidence(local)[EVIDENCE_NAMES.index("kind")]:
            return row
        was = f"{row['link_method']} {chosen}" if isinstance(chosen, str) else row["link_method"]
        return {**row, "enterprise_id": local, "link_method": "name_fuzzy", "tie_broken_by": None,
                "candidates": None, "link_detail": f"{row.get('link_detail') or name} (after "
                f"leading words in the supplier's town, not {was})"}  # fmt: skip

    def _kind_phrase(
        self, name: str | None, supplier_neq: str | None, evidence: Evidence
    ) -> dict | None:
        """The link row of a name read as a kind phrase + an enterprise's name
        (:mod:`esq.contracts.kind_phrase`), or None."""

        def confirmed(ref: str) -> str | None:
            # the supplier's own town: a buying city is not enough (large hard world: 1 right,
            # 5 wrong, Montréal's many « Maison des jeunes X » for the « X » it lists)
            return "locality" if evidence(ref)[EVIDENCE_NAMES.index("locality")] else None

        found = [
            c for c in self.index.candidates(name)
            if not (supplier_neq and self.neq_of.get(c.ref))
            and key_numbers(c.supplier_key) == key_numbers(c.reference_key)
            and core(c.reference_key) not in self.towns  # « Saint-Jean-Port-Joli » names nobody
        ]  # fmt: skip
        reading = kind_phrase_reading(
            found, name_family(name), lambda e: self.standing.kinds.get(e, frozenset()), confirmed
        )
        if reading is None:
            return None
        chosen, why = reading
        detail = f"{chosen.supplier_key} ~ {chosen.reference_key}"
        return {
            "supplier_ref": "", "enterprise_id": chosen.ref, "link_method": "name_fuzzy",
            "link_score": chosen.score,
            "link_detail": f"{detail} (kind phrase apart, confirmed by {why})",
        }  # fmt: skip

    def _slipped(self, row: dict, name: str | None, best: Candidate) -> tuple[dict, list]:
        """The review row linked to the one enterprise waited on when the name is one of its
        names but for a slip making a word no name has (:mod:`esq.contracts.slipped_names`)."""
        if not slipped(name, self.standing.plain.get(best.ref, ()), self.cut.df):
            return row, [best]
        detail = str(row.get("link_detail") or "").split(": ", 1)[-1]
        return {
            **row, "enterprise_id": best.ref, "link_method": "name_fuzzy", "candidates": None,
            "link_detail": f"{detail} (one slip from its name, a word no name has)",
        }, []  # fmt: skip

    def _slipped_among(
        self,
        row: dict,
        name: str | None,
        supplier_neq: str | None,
        locality: object,
        waiting: list[Candidate],
    ) -> tuple[dict, list]:
        """The unlinked row linked to the one candidate, however low its score, whose name the
        supplier's is but for a slip making a word no name has (the scores weigh a slip in a
        rare word so heavily that « Coopérative funéraire de la Hute-Provencher » falls below
        the review band); the row as it was when none or several are."""
        slips = {
            c.ref for c in self.candidates(name, supplier_neq, locality)
            if slipped(name, self.standing.plain.get(c.ref, ()), self.cut.df)
        } | self.slips.refs(name)  # fmt: skip
        if supplier_neq:  # two NEQs never link
            slips = {ref for ref in slips if not self.neq_of.get(ref)}
        if len(slips) != 1:
            return row, waiting
        (ref,) = slips
        return {
            **row, "enterprise_id": ref, "link_method": "name_fuzzy", "candidates": None,
            "link_score": row.get("link_score"), "tie_broken_by": None,
            "link_detail": f"{name} ~ {self.names_of.get(ref)} "
            "(one slip from its name, a word no name has)",
        }, []  # fmt: skip

    def _short_form(
        self,
        name: str | None,
        supplier_neq: str | None,
        locality: object,
        evidence: Evidence,
        located: bool,
    ) -> dict | None:
        """The link row of the one enterprise bearing exactly the name with its kind phrase in
        its other form (:mod:`esq.contracts.kind_short_forms`) that the supplier's town — or,
        that unknown, a buying city — confirms; or None."""
        other = other_form(name)
        if other is None:
            return None
        where = EVIDENCE_NAMES.index("locality" if located else "buyer_city")
        found = {
            c.ref: c for c in self.candidates(other, supplier_neq, locality)
            if c.score == 1.0 and evidence(c.ref)[where]
        }  # fmt: skip
        if len(found) != 1:
            return None
        ((ref, chosen),) = found.items()
        return {
            "supplier_ref": "", "enterprise_id": ref, "link_method": "name_fuzzy",
            "link_score": AUTO_THRESHOLD, "link_detail": f"{other} ~ {chosen.reference_key} "
            f"(kind phrase in its other form, confirmed by {EVIDENCE_NAMES[where]})",
        }  # fmt: skip

    def _place_only(self, name: str | None, candidates: list[Candidate]) -> bool:
        """The best match is a town's name alone (« Gatineau », « Coop de Gatineau »): it may
        not link by itself, unless both names are that town's body of one same kind, word
        for word (« Coopérative de consommateurs de Westmount »)."""
        if not candidates or core(candidates[0].supplier_key) not in self.towns:
            return False
        best, family = candidates[0], name_family(name)
        return not (best.score == 1.0 and family and best.reference_family == family)

    def link(self, suppliers: pd.DataFrame) -> SupplierLinks:
        """Link ``suppliers`` (supplier_ref, supplier_name, supplier_neq, and optionally
        supplier_neq_raw, supplier_locality and buyer_cities); see the module docstring."""
        self.prepare(suppliers.supplier_name)
        raw = column(suppliers, "supplier_neq_raw")
        links, reviews = [], []
        for ref, name, neq, raw_neq, locality, cities in zip(
            suppliers.supplier_ref,
            suppliers.supplier_name,
            suppliers.supplier_neq,
            raw.where(raw.notna(), suppliers.supplier_neq),
            column(suppliers, "supplier_locality"),
            column(suppliers, "buyer_cities"),
            strict=True,
        ):
            row, pairs = self.link_one(ref, name, neq if valid_neq(neq) else raw_neq, locality,
                                       cities)  # fmt: skip
            links.append(row)
            reviews += pairs
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
