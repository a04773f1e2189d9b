"""The typo rule's filters on the register's millions of names, as integer codes (numpy).

``name_typo.py`` asks two things of every register name of a listing's region: whether it
holds one of the listing's words, and whether it can share a masked key with the listing (the
same number of words and the same words after the first, before the last, or first and last).
Asked in SQL, each split every register name again; here they are lookups on the words'
codes (``name_words.py``) that keep a few rows, on which the SQL then asks them exactly: a
filter may keep more rows than the SQL does, never fewer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.entities.name_words import NameWords

_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


def region_codes(frame: pd.DataFrame) -> tuple[pa.Array, np.ndarray]:
    """The distinct ``region_code`` values and each row's code among them (-1: missing)."""
    encoded = pc.dictionary_encode(arrow_strings(frame.region_code, one_chunk=True))
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
    return encoded.dictionary, codes.astype(np.int64)


def active_registrations(frame: pd.DataFrame) -> np.ndarray:
    """Positions of the rows ``name_typo``'s ``r_rows`` reads: a name key and a region, the
    register's, active (no status or « IM ») when the frame has a status; in Arrow, as the
    SQL reads the same columns (a missing value fails every test but the status')."""
    column = {c: arrow_strings(frame[c], one_chunk=True) for c in ("name_key", "region_code")}
    keep = pc.and_(pc.is_valid(column["name_key"]), pc.is_valid(column["region_code"]))
    role = pc.equal(arrow_strings(frame.source_role, one_chunk=True), "register")
    keep = pc.and_(keep, pc.fill_null(role, False))
    if "register_status" in frame:
        status = arrow_strings(frame.register_status, one_chunk=True)
        keep = pc.and_(keep, pc.fill_null(pc.equal(status, "IM"), True))
    return np.flatnonzero(keep.to_numpy(zero_copy_only=False))


def _in(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """``values`` in ``wanted``, a hash lookup (``np.isin`` sorts both)."""
    return pd.Series(values, copy=False).isin(wanted).to_numpy(dtype=bool)


def region_words(
    split: NameWords, regions: tuple[pa.Array, np.ndarray], wanted: pa.Table, among: np.ndarray
) -> pa.Table:
    """The distinct (``region_code``, ``word``) rows of ``wanted`` that a name of a row of
    ``among`` (positions) holds, that row in that region; ``regions``: ``region_codes``."""
    values, of_row = regions
    region = pc.index_in(wanted.column("region_code"), value_set=values)
    region = pc.fill_null(region, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    word = split.codes_of(wanted.column("word"))
    given = (word >= 0) & (region >= 0)
    n = np.int64(len(split.words) + 1)
    keys = np.unique(region[given] * n + word[given])
    rows = np.zeros(len(of_row), dtype=bool)
    rows[among] = True
    at = rows[split.rows]
    found = of_row[split.rows[at]] * n + split.codes[at]
    found = np.unique(found[_in(found, keys)])
    return pa.table(
        {
            "region_code": pc.take(values, pa.array(found // n)),
            "word": pc.take(split.words, pa.array(found % n)),
        }
    )


def masked_key_hashes(split: NameWords, regions: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per row, three hashes: of (region, word count, words after the first), of (region,
    count, words before the last) and of (region, count, first and last words). Two rows
    that share a masked key (all words but one, at one place) share one of them; two that
    do not may too, rarely (the filter then keeps a row the SQL drops)."""
    first_at, end_at = split.offsets[:-1], split.offsets[1:]
    count = end_at - first_at
    # A word's term: its code times an odd constant of its place in the name; a name's
    # words' terms summed (wrapping), a word's taken out by subtracting its term.
    place = np.arange(len(split.codes), dtype=np.int64) - first_at[split.rows]
    rng = np.random.default_rng(13)
    odd = rng.integers(0, 1 << 62, size=int(count.max(initial=0)) + 4, dtype=np.int64)
    odd = odd.astype(np.uint64) * np.uint64(2) + np.uint64(1)
    with np.errstate(over="ignore"):
        term = (split.codes.astype(np.uint64) + np.uint64(1)) * _GOLD * odd[place]
        running = np.zeros(len(term) + 1, dtype=np.uint64)
        np.cumsum(term, out=running[1:])
        whole = running[end_at] - running[first_at]
        has = count > 0
        first, last, ends = np.zeros_like(whole), np.zeros_like(whole), np.zeros_like(whole)
        first[has], last[has] = term[first_at[has]], term[end_at[has] - 1]
        # the first and last words: the first's term and the last's code, whatever its place
        last_code = split.codes[end_at[has] - 1].astype(np.uint64) + np.uint64(1)
        ends[has] = first[has] + last_code * _M2
        base = (regions.astype(np.uint64) * np.uint64(1 << 16) + count.astype(np.uint64)) * _M1
        return base ^ (whole - first), (base * _M2) ^ (whole - last), (base * _GOLD) ^ ends


def near_rows(split: NameWords, regions: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """The rows that may share a masked key with a row of ``listed`` (positions): one of
    ``masked_key_hashes`` the same."""
    keep = np.zeros(len(regions), dtype=bool)
    for hashes in masked_key_hashes(split, regions):
        keep |= _in(hashes, np.unique(hashes[listed]))
    return np.flatnonzero(keep)
