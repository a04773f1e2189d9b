"""Entity layer: staged listings -> linked listings, golden enterprises, links and id history."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from esq.catalog import Catalog
from esq.config import Settings
from esq.entities.basis import split_golden
from esq.entities.cluster import cluster
from esq.entities.exact import Link, rule_links, with_members
from esq.entities.golden import build_golden
from esq.entities.ids import assign_ids, member_key
from esq.entities.review import read_decisions, review_frame
from esq.entities.scoring import score_pairs
from esq.store import (
    empty_frame,
    read_frame,
    read_optional_frame,
    read_published,
    read_staged,
    write_frame,
)
from schemas.listing import LISTING_COLUMNS
from schemas.tables import ENTERPRISE_IDS, ENTERPRISE_LINKS

ENTITY_FILES = (
    "listings",
    "enterprises",
    "candidates",
    "enterprise_links",
    "field_provenance",
    "enterprise_ids",
    "review",
)
LINK_COLUMNS = tuple(ENTERPRISE_LINKS.column_names)
ID_COLUMNS = tuple(ENTERPRISE_IDS.column_names)


@dataclass
class Entities:
    listings: pd.DataFrame
    enterprises: pd.DataFrame
    candidates: pd.DataFrame
    enterprise_links: pd.DataFrame
    field_provenance: pd.DataFrame
    enterprise_ids: pd.DataFrame
    review: pd.DataFrame
    stats: dict = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in ENTITY_FILES}


def staged_listings(catalog: Catalog, settings: Settings) -> pd.DataFrame:
    """Every staged listing of the enabled listing and register sources."""
    frames = [
        read_staged(settings.layout, s.id, "listings.parquet", LISTING_COLUMNS)
        for s in catalog.sources
        if s.enabled and s.role in ("listing", "register")
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return empty_frame(LISTING_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def previous_publication(published: Path) -> tuple[dict[str, str], pd.DataFrame, dict[str, str]]:
    """Last publication's member -> id map, id registry and first_seen dates."""
    listings = read_published(published, "listings", ("source_id", "record_key", "enterprise_id"))
    ids = read_published(published, "enterprise_ids", ID_COLUMNS)
    columns = ("enterprise_id", "first_seen")
    enterprises = pd.concat(
        [
            read_published(published, "enterprises", columns),
            # A publication made before candidates had their table has none.
            read_optional_frame(published / "candidates.parquet", columns),
        ],
        ignore_index=True,
    )
    previous = {
        member_key(s, r): e
        for s, r, e in zip(
            listings.source_id, listings.record_key, listings.enterprise_id, strict=True
        )
    }
    first_seen = {
        e: str(d)[:10]
        for e, d in zip(enterprises.enterprise_id, enterprises.first_seen, strict=True)
    }
    return previous, ids, first_seen


def _id_registry(
    old: pd.DataFrame, active: set[str], merged: dict[str, str], split_from: dict[str, str]
) -> pd.DataFrame:
    rows = {r.enterprise_id: r._asdict() for r in old.itertuples(index=False)}
    for ent_id in list(rows):
        if ent_id in merged:
            rows[ent_id].update(status="merged", merged_into=merged[ent_id])
        elif ent_id not in active and rows[ent_id]["status"] == "active":
            rows[ent_id].update(status="removed")
    for ent_id in active:
        prior = rows.get(ent_id, {})
        rows[ent_id] = {
            "enterprise_id": ent_id,
            "status": "active",
            "merged_into": None,
            "split_from": split_from.get(ent_id, prior.get("split_from")),
        }
    frame = pd.DataFrame(list(rows.values()), columns=list(ID_COLUMNS))
    return frame.sort_values("enterprise_id").reset_index(drop=True)


@dataclass(frozen=True)
class Thresholds:
    """Model scores: ``auto`` and above merge; ``review`` to ``auto`` go to the review table."""

    auto: float = 0.9
    review: float = 0.5


DEFAULT_THRESHOLDS = Thresholds()


def _link_methods(members: list[str], links: list[Link]) -> tuple[list[str], list[float | None]]:
    """For each member, the first link (in clustering order) that attached it to its cluster."""
    first: dict[str, Link] = {}
    for link in links:
        first.setdefault(link.right, link)
        first.setdefault(link.left, link)
    methods = [first[m].rule if m in first else "singleton" for m in members]
    scores = [first[m].score if m in first else None for m in members]
    return methods, scores


def resolve_entities(
    listings: pd.DataFrame,
    published: Path,
    *,
    decisions: Path | None = None,
    model: dict | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Entities:
    """Link listings into enterprises with stable ids and build the golden records.

    Rules first, then the saved Splink model (predict only); ``decisions`` is the reviewed
    decisions CSV, which overrides both. ``Entities.stats`` says what was done.
    """
    framed = with_members(listings)
    links = rule_links(framed)
    scored = score_pairs(framed, thresholds.review, model)
    decided, problems = read_decisions(decisions)
    clustering = cluster(framed, links, scored.pairs, thresholds.auto, decided)
    clusters = clustering.clusters
    previous, old_ids, first_seen = previous_publication(published)
    assignment = assign_ids(clusters, previous, set(old_ids.enterprise_id))
    member_to_id = {
        m: assignment.cluster_ids[label] for label, members in clusters.items() for m in members
    }
    methods, scores = _link_methods(list(framed.member), clustering.links)
    linked = framed.assign(
        enterprise_id=[member_to_id[k] for k in framed.member],
        link_method=methods,
        link_score=pd.Series(scores, dtype="float64", index=framed.index),
    )
    golden, provenance = build_golden(linked.drop(columns="member"), first_seen)
    listed_ids = set(linked.enterprise_id[linked.source_role != "register"])
    enterprises, candidates, former = split_golden(golden, listed_ids)
    # Former registrations no source lists are history: no golden row, no provenance.
    provenance = provenance[~provenance.enterprise_id.isin(former)].reset_index(drop=True)
    link_frame = (
        pd.DataFrame(
            [
                (member_to_id[lk.left], lk.left, lk.right, lk.rule, lk.score, lk.agreeing_fields)
                for lk in clustering.links
            ],
            columns=list(LINK_COLUMNS),
        )
        .sort_values(["enterprise_id", "left_record", "right_record"])
        .reset_index(drop=True)
    )
    link_frame["score"] = link_frame.score.astype("float64")
    review = review_frame(scored.pairs, clustering.ambiguous, thresholds.auto, linked, set(decided))
    # Every cluster keeps its id (a candidate or a former registration listed later keeps it).
    registry = _id_registry(
        old_ids, set(golden.enterprise_id), assignment.merged, assignment.split_from
    )
    stats = {
        "comparisons": scored.comparisons,
        "records_scored": scored.records_scored,
        "model_pairs_above_review": len(scored.pairs),
        "links_by_rule": dict(Counter(lk.rule for lk in clustering.links)),
        "unions_refused": dict(clustering.refused),
        "review_pairs": len(review),
        "enterprises_by_basis": dict(Counter(enterprises.social_economy_basis)),
        "candidates": len(candidates),
        "former_registrations": len(former),
        "decisions_read": len(decided),
        "decision_rows_skipped": problems,
    }
    out = linked.drop(columns="member").sort_values(["source_id", "record_key"])
    return Entities(
        out.reset_index(drop=True),
        enterprises,
        candidates,
        link_frame,
        provenance,
        registry,
        review,
        stats,
    )


def write_entities(entities: Entities, settings: Settings) -> None:
    for name, frame in entities.frames().items():
        write_frame(settings.layout.core(name), frame)


def read_entities(settings: Settings) -> dict[str, pd.DataFrame]:
    return {
        name: read_frame(settings.layout.core(name), "written by the entities step")
        for name in ENTITY_FILES
    }
