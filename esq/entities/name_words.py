"""The words of every name key of the rule stage's frame, split once, as integer codes.

The door evidence's rare-word counts (``word_counts.py``) and the typo rule's word and
masked-key filters (``name_typo.py``) each read the words of a register's millions of names:
split and hashed once here (Arrow), they are numpy lookups on integer codes after that.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings


@dataclass(frozen=True)
class NameWords:
    """The words of a frame's ``name_key`` column, split on single spaces as DuckDB's
    ``string_split`` and Arrow's ``split_pattern`` split them (a missing key: no word).

    ``words``: the distinct words; ``codes``: each word's code in ``words``, the rows' words
    one after the other; ``rows``: the row (position) of each; ``offsets``: row ``i``'s words
    are ``codes[offsets[i]:offsets[i + 1]]``."""

    words: pa.Array
    codes: np.ndarray
    rows: np.ndarray
    offsets: np.ndarray

    def lookup(self, wanted: list[str]) -> np.ndarray:
        """Per word occurrence, its index in ``wanted`` (-1: not wanted)."""
        at = pc.index_in(self.words, value_set=pa.array(wanted, self.words.type))
        table = pc.fill_null(at, -1).to_numpy(zero_copy_only=False).astype(np.int64)
        return table[self.codes]

    def codes_of(self, words: pa.Array | pa.ChunkedArray) -> np.ndarray:
        """Each of ``words``' code (-1: no name holds it)."""
        return positions_in(words, self.words)


def positions_in(values: pa.Array | pa.ChunkedArray, known: pa.Array) -> np.ndarray:
    """Position of each value in ``known``, -1 for a value not there or missing."""
    at = pc.fill_null(pc.index_in(values, value_set=known), -1)
    return at.to_numpy(zero_copy_only=False).astype(np.int64)


def name_words(frame: pd.DataFrame) -> NameWords:
    """The words of ``frame.name_key`` (:class:`NameWords`)."""
    names = pc.split_pattern(arrow_strings(frame.name_key, one_chunk=True), " ")
    encoded = pc.dictionary_encode(pc.list_flatten(names))
    lengths = pc.fill_null(pc.list_value_length(names), 0).to_numpy(zero_copy_only=False)
    offsets = np.zeros(len(frame) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    # 32-bit codes and rows, no copy of the codes: a register's names hold ~12 M words
    rows = np.repeat(np.arange(len(frame), dtype=np.int32), lengths)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return NameWords(words=encoded.dictionary, codes=codes, rows=rows, offsets=offsets)
