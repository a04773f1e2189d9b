"""Rows of a register-sized frame at a few positions, taken chunk by chunk.

A rule frame's Arrow columns are chunked (the register's rows, then each variant's): pandas'
``take`` of a few hundred thousand positions across them cost ~4× a take from each chunk on
its own (at 50 000 × 3 M, ~0.06 s a column, asked of ~20 columns per run).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _chunked(column: pd.Series) -> pa.ChunkedArray | None:
    """The column's Arrow data (no copy), or None when it is not Arrow-backed."""
    dtype = column.dtype
    arrow = isinstance(dtype, pd.ArrowDtype) or (
        isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"
    )
    if not arrow:
        return None
    data = pa.array(column, from_pandas=True)
    return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])


def _take(data: pa.ChunkedArray, at: np.ndarray) -> list[pa.Array]:
    """``data`` at the sorted positions ``at``, one piece per chunk holding some."""
    ends = np.cumsum([len(c) for c in data.chunks])
    which = np.searchsorted(ends, at, side="right")
    starts = ends - np.array([len(c) for c in data.chunks])
    pieces = []
    for k in np.unique(which):
        local = at[which == k] - starts[k]
        pieces.append(data.chunk(int(k)).take(pa.array(local, pa.int64())))
    return pieces


def column_values(column: pd.Series, at: np.ndarray, texts: bool = False) -> list:
    """``column``'s values at the sorted, distinct positions ``at`` as Python objects (an Arrow
    column's missing values as None); ``texts``: any value but a string as None."""
    data = _chunked(column)
    if data is None:
        values = column.to_numpy(dtype=object)[at].tolist()
        return [v if isinstance(v, str) else None for v in values] if texts else values
    if texts and not pa.types.is_string(data.type) and not pa.types.is_large_string(data.type):
        return [v if isinstance(v, str) else None for v in column_values(column, at)]
    return [v for piece in _take(data, at) for v in piece.to_pylist()]


def take_rows(
    frame: pd.DataFrame, at: np.ndarray, columns: list[str] | None = None
) -> pd.DataFrame:
    """``frame[columns].iloc[at]`` (default: every column) for sorted, distinct positions
    ``at``: the same dtypes and index labels."""
    names = list(frame.columns) if columns is None else columns
    taken = {}
    for c in names:
        data = _chunked(frame[c])
        if data is None:
            taken[c] = frame[c].array.take(at)
        else:
            taken[c] = type(frame[c].array)(pa.chunked_array(_take(data, at), data.type))
    return pd.DataFrame(taken, index=frame.index[at], columns=names)


def in_values(column: pd.Series, values: Collection[object]) -> np.ndarray:
    """``column.isin(values)`` as a numpy array. For an Arrow string column the values are
    made one Arrow array: pandas makes an Arrow scalar of each (~3 µs each, 0.15 s for the
    tens of thousands of listings another rule linked at 50 000 × 3 M)."""
    data = _chunked(column)
    if data is None or not (pa.types.is_string(data.type) or pa.types.is_large_string(data.type)):
        return column.isin(values).to_numpy(dtype=bool)
    # as pandas keeps them: strings and missing values (other values match no string)
    kept = [v for v in values if v is None or isinstance(v, str)]
    if not kept:
        return np.zeros(len(column), bool)
    found = pc.is_in(data, value_set=pa.array(kept, data.type))
    return np.asarray(found.to_numpy(), dtype=bool)
