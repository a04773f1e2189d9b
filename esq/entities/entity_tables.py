"""The entity step's tables: what :func:`esq.entities.resolve.resolve_entities` returns, and
those tables written to and read from the core layout (:data:`esq.entities.files.ENTITY_FILES`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from esq.config import Settings
from esq.entities.files import ENTITY_FILES
from esq.store import read_frame, write_frame


@dataclass
class Entities:
    """The entity tables of one run, and ``stats``: what was done."""

    listings: pd.DataFrame
    enterprises: pd.DataFrame
    candidates: pd.DataFrame
    enterprise_links: pd.DataFrame
    field_provenance: pd.DataFrame
    enterprise_ids: pd.DataFrame
    review: pd.DataFrame
    stats: dict = field(default_factory=dict)

    def frames(self) -> dict[str, pd.DataFrame]:
        """The tables by file name."""
        return {name: getattr(self, name) for name in ENTITY_FILES}


def write_entities(entities: Entities, settings: Settings) -> None:
    """Write every entity table to the core layout."""
    for name, frame in entities.frames().items():
        write_frame(settings.layout.core(name), frame)


def read_entities(settings: Settings) -> dict[str, pd.DataFrame]:
    """Every entity table the last entities step wrote, by file name."""
    return {
        name: read_frame(settings.layout.core(name), "written by the entities step")
        for name in ENTITY_FILES
    }
