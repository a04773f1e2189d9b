"""The register rows holding a listing's word in their town, found with integer codes.

The town rule (``town_names.py``) reads every register row whose name has a word some listing
of its town has. Unnesting each of the register's millions of names in SQL and joining the
words on their (word, municipality) strings was a third of the rule's time. Here the names
are split in Arrow, each word coded against the listings' few thousand words (most words
are none of them and go at once), and the rows' (word, town) code pairs tested in an array
of booleans; the SQL that follows groups and joins these integer codes, not the strings.
A name's words are its ``name_key`` cut at each single space, as DuckDB's
``string_split(name_key, ' ')`` cuts it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.entities.name_words import positions_in

#: Above this many (word, town) cells the allowed pairs are searched, not tabled.
_MAX_TABLE = 1 << 26


def _numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """An Arrow array without missing values as one numpy array (its chunks joined)."""
    if isinstance(values, pa.ChunkedArray):
        return np.concatenate(
            [c.to_numpy(zero_copy_only=False) for c in values.chunks] or [np.empty(0, np.int64)]
        )
    return values.to_numpy(zero_copy_only=False)


def register_word_rows(
    named: dict[str, pa.Array | pa.ChunkedArray],
    words: pa.Array,
    towns: pa.Array,
    pairs: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, word codes, town codes): every register row of ``named`` (its ``source_role``,
    ``name_key`` and ``municipality_code`` as Arrow arrays: ``source_role`` 'register', a
    ``name_key``) with each word of its name that makes, with its town, one of ``pairs``
    (rows of (word code, town code): positions in the distinct ``words`` and ``towns``). A row
    comes once per such word it holds (twice for a word written twice)."""
    split = pc.split_pattern(named["name_key"], " ")  # a missing name: no words
    code = pc.index_in(pc.list_flatten(split), value_set=words)
    found = pc.is_valid(code)  # the words a listing has somewhere (a few of all)
    word = _numpy(pc.filter(code, found)).astype(np.int64)
    row = _numpy(pc.filter(pc.list_parent_indices(split), found))
    town = positions_in(named["municipality_code"], towns)
    register = pc.fill_null(pc.equal(named["source_role"], "register"), False)
    kept = _numpy(register)[row] & (town[row] >= 0)
    row, word = row[kept], word[kept]
    hit = in_pairs(word, town[row], pairs, len(words), len(towns))
    return row[hit], word[hit], town[row[hit]]


def in_pairs(
    word: np.ndarray, town: np.ndarray, pairs: np.ndarray, words: int, towns: int
) -> np.ndarray:
    """Whether each (word, town) code pair is one of ``pairs`` (codes below ``words`` and
    ``towns``)."""
    cell = word * towns + town
    wanted = pairs[:, 0].astype(np.int64) * towns + pairs[:, 1]
    if words * towns > _MAX_TABLE:
        return np.isin(cell, wanted)
    table = np.zeros(words * towns, bool)
    table[wanted] = True
    return table[cell]


def town_pairs(frame: pd.DataFrame, words: pa.Array, towns: pa.Array) -> np.ndarray:
    """The (word code, town code) pairs of ``frame``'s ``word`` and ``municipality_code``
    (each found in ``words`` and ``towns``)."""
    word = positions_in(arrow_strings(frame.word.astype(object)), words)
    town = positions_in(arrow_strings(frame.municipality_code.astype(object)), towns)
    return np.column_stack([word, town])
