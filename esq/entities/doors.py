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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.scratch_db import rule_connection

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


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    return pa.array(values, from_pandas=True) if values.dtype == object else pa.array(values)


def isin(values: pd.Series, wanted: object) -> np.ndarray:
    """``values.isin(wanted)`` as a numpy mask, for string columns: a hash lookup in Arrow
    (pandas builds a scalar per wanted value first: a tenth of a second for 10 000 codes)."""
    if not wanted:
        return np.zeros(len(values), dtype=bool)
    try:
        column = _arrow(values)
        found = pc.is_in(column, value_set=pa.array(list(wanted), column.type))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return values.isin(wanted).to_numpy(dtype=bool)
    return found.to_numpy(zero_copy_only=False) & pc.is_valid(column).to_numpy(zero_copy_only=False)


def town_civic(frame: pd.DataFrame) -> pd.Series:
    """« municipality_code|civic_number », missing when either is: one door key."""
    return frame.municipality_code + "|" + frame.civic_number


def at_town_civic(frame: pd.DataFrame, doors: pd.DataFrame) -> np.ndarray:
    """Rows of ``frame`` at the town and civic number of a row of ``doors`` (both given):
    ``isin(town_civic(frame), set(town_civic(doors)))`` as a semi join in DuckDB on the two
    columns as they are (no key string built for each of a register's millions of rows)."""
    columns = ("municipality_code", "civic_number")
    with rule_connection() as con:
        positions = pa.array(np.arange(len(frame), dtype=np.int64))
        con.register(
            "f", pa.table({"_i": positions, **{c: arrow_strings(frame[c]) for c in columns}})
        )
        con.register("d", pa.table({c: arrow_strings(doors[c]) for c in columns}))
        found = con.sql(
            "SELECT _i FROM f SEMI JOIN d USING (municipality_code, civic_number)"
        ).fetchnumpy()["_i"]
    mask = np.zeros(len(frame), dtype=bool)
    mask[np.asarray(found, dtype=np.int64)] = True
    return mask


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
        for post_a, civ_a in da:
            for post_b, civ_b in db:
                if (post_a is not None and post_a == post_b) or (
                    civ_a is not None and civ_a == civ_b
                ):
                    return SAME
        civic_a = any(c is not None for _, c in da)
        civic_b = any(c is not None for _, c in db)
        return TWO if civic_a and civic_b else UNKNOWN
