"""Doors: where two records are, as evidence that they are one organisation or two.

A record's doors are its (postal code, civic number) and, for a register record, those of its
sites (``Etablissements.csv``): hubs list the site, the register the head office. Two records
are at the same door when a postal code or a civic number agrees; at two doors when no door
agrees and both give a civic number (a town's two « Le Grenier » at 2853 and 3293 of their
streets); else it is not known.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

import pandas as pd

SAME, UNKNOWN, TWO = 0, 1, 2

Door = tuple[str | None, str | None]


def given_text(value: object) -> str | None:
    """A non-empty string, else None (a missing cell is NaN or None in a frame)."""
    return value if isinstance(value, str) and value else None


def plain_rows(frame: pd.DataFrame) -> Iterator[tuple]:
    """``frame.itertuples(index=False)``, the same values, read a column at a time: an Arrow
    column read value by value is slow (most of a door rule's time on the benchmark)."""
    row = namedtuple("Row", list(frame.columns))  # type: ignore[misc]
    columns = (frame[c].astype(object).tolist() for c in frame.columns)
    return map(row._make, zip(*columns, strict=True))


class Doors:
    """The doors of the records some evidence touches (``member``, ``postal_code``,
    ``civic_number``), with the sites of the register records among them."""

    def __init__(self, records: pd.DataFrame, sites: pd.DataFrame | None = None):
        self.doors: dict[str, set[Door]] = {}
        frames = [records]
        if sites is not None and len(sites) and "member" in sites:
            frames.append(sites[sites.member.isin(set(records.member))])
        for frame in frames:
            postal = frame.postal_code if "postal_code" in frame else [None] * len(frame)
            civic = frame.civic_number if "civic_number" in frame else [None] * len(frame)
            for m, p, c in zip(frame.member, postal, civic, strict=True):
                self.doors.setdefault(m, set()).add((given_text(p), given_text(c)))

    def relation(self, a: str, b: str) -> int:
        """SAME, UNKNOWN or TWO (see the module docstring)."""
        da, db = self.doors.get(a, set()), self.doors.get(b, set())
        for pa, ca in da:
            for pb, cb in db:
                if (pa is not None and pa == pb) or (ca is not None and ca == cb):
                    return SAME
        civic_a = any(c is not None for _, c in da)
        civic_b = any(c is not None for _, c in db)
        return TWO if civic_a and civic_b else UNKNOWN
