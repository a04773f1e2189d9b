"""What the entity step reads: the staged listings (with the registrations they name), the
register's sites, and the last publication's ids and first-seen dates."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from esq.catalog import Catalog
from esq.config import Settings
from esq.entities.id_registry import ID_COLUMNS
from esq.entities.ids import member_key
from esq.register.named import named_registrations
from esq.staging.establishments import ESTABLISHMENT_FILE_COLUMNS
from esq.staging.run import load_municipalities
from esq.store import empty_frame, read_optional_frame, read_published, read_staged
from schemas.listing import LISTING_COLUMNS


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
    listings = pd.concat(frames, ignore_index=True)
    # Registrations of other legal forms (a numbered company) that a listing names
    # (esq.register.named): the listing's registration, not social economy by their form.
    load = partial(load_municipalities, settings)
    named = [
        named_registrations(s, listings, settings.layout.staging / s.id, load)
        for s in catalog.sources
        if s.enabled and s.role == "register"
    ]
    named = [f[list(LISTING_COLUMNS)] for f in named if len(f)]
    return pd.concat([listings, *named], ignore_index=True) if named else listings


def staged_establishments(catalog: Catalog, settings: Settings) -> pd.DataFrame:
    """The sites of every enabled register source (``establishments.parquet``), with their
    ``source_id``; empty when no register source staged any."""
    frames = []
    for s in catalog.sources:
        path = settings.layout.staged(s.id, "establishments.parquet")
        if s.enabled and s.role == "register" and path.exists():
            frames.append(pd.read_parquet(path).assign(source_id=s.id))
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=["source_id", *ESTABLISHMENT_FILE_COLUMNS], dtype=object)
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
