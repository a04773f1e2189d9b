"""Listing frames from plain records, through the staging normalisers (evaluation and real data).

The pipeline stages sources from the catalog; the evaluation set, the benchmark and the real-data
check build the same frames from dicts so they exercise exactly the same normalisation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from esq.adapters.base import RawRecord
from esq.catalog import Licence, Source
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.listing_rows import build_listing_frame
from schemas.listing import LISTING_COLUMNS, MAPPABLE_FIELDS

#: The MAMH table shipped with the sample landing zone (open data).
SAMPLE_MUN_CSV = ("sample", "landing", "mamh-municipalites", "20260601T000000Z", "files", "MUN.csv")


def sample_municipalities(repo_root: Path) -> MunicipalityIndex:
    """The municipality index of the sample landing zone."""
    return MunicipalityIndex.from_csv(repo_root.joinpath(*SAMPLE_MUN_CSV))


def plain_source(source_id: str, role: str) -> Source:
    """A catalog entry whose columns are the listing field names themselves."""
    return Source(
        id=source_id,
        kind="tabular",
        role=role,
        title=source_id,
        publisher="synthetic",
        licence=Licence(id="synthetic", title="synthetic", attribution="synthetic"),
        mapping={f: f for f in sorted(MAPPABLE_FIELDS)},
    )


def listing_frame(
    records: Iterable[Mapping[str, object]],
    source_id: str,
    role: str,
    municipalities: MunicipalityIndex,
    fetch_ref: str | None = None,
) -> pd.DataFrame:
    """Normalise records (listing field -> raw text, plus ``record_key``) into listing rows.

    Records without a usable name are dropped, as staging quarantines them.
    """
    source = plain_source(source_id, role)
    ref = fetch_ref or f"{source_id}/20260601T000000Z"
    raws = []
    for i, record in enumerate(records):
        fields = {k: v for k, v in record.items() if k != "record_key" and v is not None}
        raws.append(RawRecord(str(record.get("record_key", i)), fields, f"row {i}"))
    built = build_listing_frame(source, raws, ref, municipalities, keep_duplicates=True)
    frame = built.frame if built.records else pd.DataFrame(columns=list(LISTING_COLUMNS))
    for col in ("latitude", "longitude"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce")
    return frame
