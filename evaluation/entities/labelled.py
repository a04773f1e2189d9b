"""The synthetic labelled set as listing frames with a ``truth`` column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from esq.entities.exact import with_members
from evaluation.entities.frames import SAMPLE_MUN_CSV, listing_frame, sample_municipalities
from evaluation.entities.synthetic import read_towns
from evaluation.entities.synthetic_records import LabelledSet, make_labelled_set


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def labelled_listings(
    seed: int, n: int, register_noise: float = 2.0
) -> tuple[pd.DataFrame, LabelledSet]:
    """Every record of a seeded labelled set, normalised, with ``member`` and ``truth``."""
    root = repo_root()
    towns = read_towns(root.joinpath(*SAMPLE_MUN_CSV), seed=seed)
    labelled = make_labelled_set(seed, n, towns, register_noise=register_noise)
    municipalities = sample_municipalities(root)
    frames = [
        listing_frame(
            records, source_id, "register" if source_id == "register" else "listing", municipalities
        )
        for source_id, records in labelled.records.items()
    ]
    listings = with_members(pd.concat(frames, ignore_index=True))
    listings["truth"] = listings.member.map(labelled.truth)
    return listings, labelled
