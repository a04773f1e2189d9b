"""The row-count gate of a publication: a source that collapses blocks it, routine removals do not.

A drop is flagged when a source lost more than its ``max_row_drop`` share of the rows it had in
the current publication *and* at least ``min_row_drop`` rows (or all of them): a hub removing
10 of its 240 rows is an expected change, an export cut in half is not. An operator who knows a
flagged drop is real accepts it with ``esq accept-drop SOURCE``: the acceptance names the exact
counts (``before -> after``), is kept in ESQ_HOME/state/drops/<source>.json and appended to
``accepted.log`` there, and lets only that drop through.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.landing import iso, utc_now
from esq.store import read_json, read_published, staged_meta, write_json


@dataclass(frozen=True)
class RowDrop:
    source_id: str
    before: int
    after: int
    share: float

    def describe(self) -> str:
        return (
            f"{self.before} -> {self.after} rows ({self.share:.0%} fewer); "
            f"if expected, accept it: esq accept-drop {self.source_id}"
        )


def _drops_dir(settings: Settings) -> Path:
    return settings.layout.drops


def published_rows(settings: Settings) -> dict[str, int]:
    """Rows staged per source in the current publication (sources never staged left out)."""
    previous = read_published(settings.layout.published, "sources", ("source_id", "rows_staged"))
    return {
        s: int(r)
        for s, r in zip(previous.source_id, previous.rows_staged, strict=True)
        if r == r and r is not None  # null counts come back as NaN
    }


def staged_rows(settings: Settings, source_id: str) -> int | None:
    return staged_meta(settings.layout, source_id).get("rows_staged")


def is_collapse(source: Source, before: int, after: int) -> bool:
    """A drop beyond the share *and* the absolute floor, or to nothing."""
    lost = before - after
    if before <= 0 or lost <= 0:
        return False
    if after == 0:
        return True
    return lost / before > source.max_row_drop and lost >= source.min_row_drop


def accepted(settings: Settings, source_id: str, before: int, after: int) -> bool:
    record = read_json(_drops_dir(settings) / f"{source_id}.json", {}) or {}
    return record.get("before") == before and record.get("after") == after


def row_drop(source: Source, settings: Settings, before: dict[str, int]) -> RowDrop | None:
    """The flagged drop of one source, or None."""
    old, new = before.get(source.id), staged_rows(settings, source.id)
    if old is None or new is None or not is_collapse(source, old, new):
        return None
    return RowDrop(source.id, old, new, (old - new) / old)


def flagged_drops(catalog: Catalog, settings: Settings) -> dict[str, RowDrop]:
    """Drops that block the publication: collapses not accepted by an operator."""
    before = published_rows(settings)
    out = {}
    for source in catalog.enabled():
        drop = row_drop(source, settings, before)
        if drop and not accepted(settings, source.id, drop.before, drop.after):
            out[source.id] = drop
    return out


def accept_drop(catalog: Catalog, settings: Settings, source_id: str) -> RowDrop:
    """Record that the current flagged drop of ``source_id`` is expected; return it.

    Raises ValueError when the source has no flagged drop (nothing to accept).
    """
    source = catalog.get(source_id)
    drop = row_drop(source, settings, published_rows(settings))
    if drop is None:
        raise ValueError(f"{source_id} has no flagged row drop to accept")
    record = {
        "source_id": source_id,
        "before": drop.before,
        "after": drop.after,
        "accepted_at": iso(utc_now()),
        "accepted_by": getpass.getuser(),
    }
    folder = _drops_dir(settings)
    write_json(folder / f"{source_id}.json", record)
    with (folder / "accepted.log").open("a", encoding="utf-8") as log:
        log.write(
            f"{record['accepted_at']} {record['accepted_by']} accepted {source_id}: "
            f"{drop.before} -> {drop.after} rows\n"
        )
    return drop
