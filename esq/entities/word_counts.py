"""Rare words of a register's names: the door evidence's shared word must identify (issue 12).

A word at most ``RARE`` register records' names hold identifies; a commoner one is shared by
bodies of one building. The register may be millions of names: they are split once into integer
codes (``name_words.py``), the words looked up and the hits counted in numpy, and a common
word's records read only until more than ``RARE`` are found.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.entities.name_words import NameWords, name_words

#: A word at most this many register names hold identifies; a commoner one (« café »,
#: « comptoir », a vocabulary's cores) is shared by bodies of one building (medium hard world).
RARE = 3


def rare_words(
    register: pd.DataFrame,
    words: set[str],
    among: np.ndarray | None = None,
    split: NameWords | None = None,
) -> frozenset[str]:
    """Those of ``words`` that at most ``RARE`` register records' names hold (``register``:
    ``member``, ``name_key``; ``among``: a mask of the register's rows among ``register``'s,
    all when None, so a caller's frame need not be copied; the register may be millions: the
    names are split and the words looked up as integer codes, ``split``: the caller's
    ``name_words(register)`` when it has it; a word's records are read only until more than
    ``RARE`` are found)."""
    if not words or register.empty or (among is not None and not among.any()):
        return frozenset()
    split = split if split is not None else name_words(register)
    wanted = sorted(words)
    ids = split.lookup(wanted)
    hit = ids >= 0
    if among is not None:
        hit &= among[split.rows]
    ids, rows = ids[hit], split.rows[hit]  # in register order
    counts = np.bincount(ids, minlength=len(wanted))
    # count(DISTINCT member), a missing member none: a word in 1..RARE names is rare whatever
    # its records; the first RARE + 1 names of a commoner one tell when they are as many
    # records (most words), else all its names are read (a word twice in a name, a record's
    # two rows)
    rare = (counts > 0) & (counts <= RARE)
    heavy = counts > RARE
    members = arrow_strings(register.member, one_chunk=True)
    first = _first_hits(ids, rows, heavy, RARE + 1)
    unsure = heavy & (_records_per_word(*first, members, len(wanted)) <= RARE)
    if unsure.any():
        every = unsure[ids]
        rare |= unsure & (_records_per_word(ids[every], rows[every], members, len(wanted)) <= RARE)
    return frozenset(np.asarray(wanted, dtype=object)[rare].tolist())


def _first_hits(
    ids: np.ndarray, rows: np.ndarray, words: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` hits (in order) of each word where ``words``: read a slice at a time,
    most words are done within the first slices (no sort of every hit)."""
    left = np.where(words, k, 0).astype(np.int64)
    out_ids, out_rows = [], []
    step = 1 << 16
    for start in range(0, len(ids), step):
        chunk = ids[start : start + step]
        wanted = left[chunk] > 0
        if not wanted.any():
            continue
        got, at = chunk[wanted], rows[start : start + step][wanted]
        order = np.argsort(got, kind="stable")
        got, at = got[order], at[order]
        rank = np.arange(len(got)) - np.searchsorted(got, got, "left")
        keep = rank < left[got]
        out_ids.append(got[keep])
        out_rows.append(at[keep])
        left -= np.bincount(got[keep], minlength=len(left))
    if not out_ids:
        return np.zeros(0, dtype=ids.dtype), np.zeros(0, dtype=rows.dtype)
    return np.concatenate(out_ids), np.concatenate(out_rows)


def _records_per_word(ids: np.ndarray, rows: np.ndarray, members: pa.Array, n: int) -> np.ndarray:
    """Per word (0..n-1), the distinct non-missing members of the rows it was found in
    (``members``: the register's, as Arrow strings; only the rows read are encoded)."""
    codes = pc.dictionary_encode(pc.take(members, pa.array(rows))).indices
    given = pc.is_valid(codes).to_numpy(zero_copy_only=False)
    codes = pc.fill_null(codes, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    both = np.unique(ids[given].astype(np.int64) * (int(codes.max(initial=0)) + 1) + codes[given])
    return np.bincount(both // (int(codes.max(initial=0)) + 1), minlength=n)
