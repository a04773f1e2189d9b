"""A pandas string column as Arrow strings, the form the rules hand to DuckDB and pyarrow."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa


def arrow_strings(values: pd.Series, one_chunk: bool = False) -> pa.Array | pa.ChunkedArray:
    """``values`` as Arrow strings: no copy when the column is Arrow-backed already (a
    register's millions of names); ``one_chunk`` joins its chunks into one array, for the
    compute functions that read offsets or take positions across the whole column."""
    column = pa.array(values, from_pandas=True)
    if one_chunk and isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = column.cast(pa.string())
    return column
