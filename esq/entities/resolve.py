"""Entity layer: staged listings -> linked listings, golden enterprises, links and id history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from esq.entities.basis import split_golden
from esq.entities.cluster import Clustering, cluster
from esq.entities.duplicates import identical_records, unfold
from esq.entities.entity_inputs import previous_publication
from esq.entities.entity_tables import Entities
from esq.entities.exact import Link, with_members
from esq.entities.features import other_name_rows
from esq.entities.golden import golden_rows
from esq.entities.id_registry import id_registry
from esq.entities.ids import assign_row_ids
from esq.entities.review import read_decisions, review_frame
from esq.entities.rule_stage import rule_stage_links
from esq.entities.scoring import score_pairs
from schemas.tables import ENTERPRISE_LINKS

LINK_COLUMNS = tuple(ENTERPRISE_LINKS.column_names)


@dataclass(frozen=True)
class Thresholds:
    """Model scores: ``auto`` and above merge; ``review`` to ``auto`` go to the review table."""

    auto: float = 0.9
    review: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()


def _link_methods(clustering: Clustering) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the first link (in clustering order) that attached its member to its
    cluster: its rule ("singleton" when none) and score (NaN when none). Only rows some
    evidence touched can have one."""
    first: dict[str, Link] = {}
    for link in clustering.links:
        first.setdefault(link.right, link)
        first.setdefault(link.left, link)
    methods = np.full(len(clustering.members), "singleton", dtype=object)
    scores = np.full(len(clustering.members), np.nan)
    at_rows = clustering.positions
    for at, member in zip(at_rows.tolist(), clustering.members[at_rows].tolist(), strict=True):
        link = first.get(member)
        if link is not None:
            methods[at] = link.rule
            scores[at] = np.nan if link.score is None else link.score
    return methods, scores


def resolve_entities(
    listings: pd.DataFrame,
    published: Path,
    *,
    decisions: Path | None = None,
    model: dict | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    establishments: pd.DataFrame | None = None,
    stage: Callable[[str], AbstractContextManager] = lambda _name: nullcontext(),
) -> Entities:
    """Link listings into enterprises with stable ids and build the golden records.

    Rules first, then the saved Splink model (predict only); ``decisions`` is the reviewed
    decisions CSV, which overrides both; ``establishments`` the register's sites
    (:func:`esq.entities.entity_inputs.staged_establishments`), more addresses of their
    register records for the rules.
    ``Entities.stats`` says what was done. ``stage(name)`` wraps each sub-stage (rules,
    scoring, clustering, ids, golden, review), e.g. for bench/er_step.py to time it.
    """
    framed = with_members(listings)
    sites = with_members(establishments) if establishments is not None else None
    decided, problems = read_decisions(decisions)
    # Identical copies of a record are matched once, through the first (duplicates.py).
    folded = identical_records(framed, {m for pair in decided for m in pair})
    matched = framed[~framed.member.isin(set(folded.index))] if len(folded) else framed
    with stage("rules"):
        # Every other and former name, normalised once for the rules and the scoring.
        other_names = other_name_rows(matched) if "other_names" in matched else None
        links = rule_stage_links(matched, sites, other_names)
    with stage("scoring"):
        scored = score_pairs(matched, thresholds.review, model, other_names=other_names)
        del other_names
    with stage("clustering"):
        clustering = cluster(matched, links, scored.pairs, thresholds.auto, decided, sites)
        del matched
        clustering = unfold(clustering, framed.member.to_numpy(dtype=object), folded)
    with stage("ids"):
        previous, old_ids, first_seen = previous_publication(published)
        row_ids, assignment = assign_row_ids(
            clustering.labels(), clustering.members, previous, set(old_ids.enterprise_id)
        )
        # The links' members are touched rows: their ids, without a map of every member.
        touched = clustering.positions
        member_to_id = dict(
            zip(clustering.members[touched].tolist(), row_ids[touched].tolist(), strict=True)
        )
        methods, scores = _link_methods(clustering)
        linked = framed.assign(
            enterprise_id=row_ids,
            link_method=methods,
            link_score=pd.Series(scores, dtype="float64", index=framed.index),
        )
        del framed, sites, row_ids  # linked holds the same values: one copy of the table
        # Keep the links, not the member keys of every row (linked has them until the end).
        links, ambiguous, refused = clustering.links, clustering.ambiguous, clustering.refused
        guarded = clustering.guarded
        del clustering
    with stage("golden"):
        golden, picks = golden_rows(linked, first_seen)  # reads its columns, no copy
        listed_ids = set(linked.enterprise_id[linked.source_role != "register"])
        enterprises, candidates, former = split_golden(golden, listed_ids)
        active = set(golden.enterprise_id)
        del golden  # enterprises and candidates hold its rows
        # Former registrations no source lists are history: no golden row, no provenance.
        provenance = picks.provenance(without=former)
        del picks
    with stage("links"):
        link_frame = pd.DataFrame(
            [
                (member_to_id[lk.left], lk.left, lk.right, lk.rule, lk.score, lk.agreeing_fields)
                for lk in links
            ],
            columns=list(LINK_COLUMNS),
        )
        link_frame = link_frame.sort_values(["enterprise_id", "left_record", "right_record"])
        link_frame = link_frame.reset_index(drop=True)
        link_frame["score"] = link_frame.score.astype("float64")
        del member_to_id
    with stage("review"):
        review = review_frame(
            scored.pairs, ambiguous, thresholds.auto, linked, set(decided), guarded
        )
    with stage("ids"):
        # Every cluster keeps its id (a candidate or a former registration listed later keeps it).
        registry = id_registry(old_ids, active, assignment.merged, assignment.split_from)
    stats = {
        "comparisons": scored.comparisons,
        "identical_records": len(folded),
        "records_scored": scored.records_scored,
        "model_pairs_above_review": len(scored.pairs),
        "links_by_rule": dict(Counter(lk.rule for lk in links)),
        "unions_refused": dict(refused),
        "review_pairs": len(review),
        "enterprises_by_basis": dict(Counter(enterprises.social_economy_basis)),
        "candidates": len(candidates),
        "former_registrations": len(former),
        "decisions_read": len(decided),
        "decision_rows_skipped": problems,
    }
    del linked["member"]  # in place: sorting a copy without it would hold the table twice
    out = linked.sort_values(["source_id", "record_key"], ignore_index=True)
    del linked
    return Entities(
        out,
        enterprises,
        candidates,
        link_frame,
        provenance,
        registry,
        review,
        stats,
    )
