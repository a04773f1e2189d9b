"""Entity layer: staged listings -> linked listings, golden enterprises, links and id history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from esq.catalog import Catalog
from esq.config import Settings
from esq.entities.exact import link_exact
from esq.entities.golden import build_golden
from esq.entities.ids import assign_ids, member_key
from esq.store import read_frame, write_frame
from schemas.listing import LISTING_COLUMNS

ENTITY_FILES = ("listings", "enterprises", "enterprise_links", "field_provenance", "enterprise_ids")


@dataclass
class Entities:
    listings: pd.DataFrame
    enterprises: pd.DataFrame
    enterprise_links: pd.DataFrame
    field_provenance: pd.DataFrame
    enterprise_ids: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in ENTITY_FILES}


def staged_listings(catalog: Catalog, settings: Settings) -> pd.DataFrame:
    """Every staged listing of the enabled listing and register sources."""
    frames = [
        read_frame(settings.staging_dir / s.id / "listings.parquet", LISTING_COLUMNS)
        for s in catalog.sources
        if s.enabled and s.role in ("listing", "register")
    ]
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in LISTING_COLUMNS})
    return pd.concat(frames, ignore_index=True)


def previous_publication(published: Path) -> tuple[dict[str, str], pd.DataFrame, dict[str, str]]:
    """Last publication's member -> id map, id registry and first_seen dates."""
    listings = read_frame(
        published / "listings.parquet", ("source_id", "record_key", "enterprise_id")
    )
    ids = read_frame(
        published / "enterprise_ids.parquet",
        ("enterprise_id", "status", "merged_into", "split_from"),
    )
    enterprises = read_frame(published / "enterprises.parquet", ("enterprise_id", "first_seen"))
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
    frame = pd.DataFrame(
        list(rows.values()), columns=["enterprise_id", "status", "merged_into", "split_from"]
    )
    return frame.sort_values("enterprise_id").reset_index(drop=True)


def resolve_entities(listings: pd.DataFrame, published: Path) -> Entities:
    """Link listings into enterprises with stable ids and build the golden records."""
    clusters, links = link_exact(listings)
    previous, old_ids, first_seen = previous_publication(published)
    assignment = assign_ids(clusters, previous, set(old_ids.enterprise_id))
    member_to_id = {
        m: assignment.cluster_ids[label] for label, members in clusters.items() for m in members
    }
    link_rule = {link.right: link.rule for link in links}
    keys = [member_key(s, r) for s, r in zip(listings.source_id, listings.record_key, strict=True)]
    linked = listings.assign(
        enterprise_id=[member_to_id[k] for k in keys],
        link_method=[
            link_rule.get(k, "anchor" if len(clusters.get(k, [])) > 1 else "singleton")
            for k in keys
        ],
        link_score=pd.Series([None] * len(keys), dtype="float64"),
    )
    enterprises, provenance = build_golden(linked, first_seen)
    link_frame = pd.DataFrame(
        [
            (
                member_to_id[link.left],
                link.left,
                link.right,
                link.rule,
                link.score,
                link.agreeing_fields,
            )
            for link in links
        ],
        columns=[
            "enterprise_id",
            "left_record",
            "right_record",
            "rule",
            "score",
            "agreeing_fields",
        ],
    )
    registry = _id_registry(
        old_ids, set(enterprises.enterprise_id), assignment.merged, assignment.split_from
    )
    return Entities(
        linked.sort_values(["source_id", "record_key"]).reset_index(drop=True),
        enterprises,
        link_frame,
        provenance,
        registry,
    )


def write_entities(entities: Entities, settings: Settings) -> None:
    for name, frame in entities.frames().items():
        write_frame(settings.staging_dir / "core" / f"{name}.parquet", frame)


def read_entities(settings: Settings) -> dict[str, pd.DataFrame]:
    return {
        name: read_frame(settings.staging_dir / "core" / f"{name}.parquet") for name in ENTITY_FILES
    }
