"""pandera's ``str`` dtype check without a Python call per value.

pandera 0.35 checks a ``Series[str]`` column of object dtype by mapping ``isinstance(x, str)``
over every value: 35 text columns of a ~800 000-row register, ~28 M Python calls, the larger
part of the validation. ``pandas.api.types.infer_dtype(..., skipna=True)`` answers "every
non-missing value is a str" (``string``, or ``empty`` when all are missing) in one C loop;
when it says so, every value passes
(``isinstance(x, str) | isna(x)`` is true throughout) and the per-value map is skipped.
Otherwise pandera's own check runs, so its result and failure cases are the same either way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
from pandera.engines import pandas_engine

_INSTALLED = "_esq_vectorised"
#: Inferred types for which every value passes: text, or nothing but missing values.
_ALL_PASS = frozenset({"string", "empty"})


def _vectorised(original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    def check(self: Any, pandera_dtype: Any, data_container: Any = None) -> Any:
        if (
            isinstance(data_container, pd.Series)
            and data_container.dtype == object
            and pd.api.types.infer_dtype(data_container, skipna=True) in _ALL_PASS
        ):
            return pd.Series(True, index=data_container.index, dtype=bool)
        return original(self, pandera_dtype, data_container)

    setattr(check, _INSTALLED, True)
    return check


def install() -> None:
    """Use the vectorised check for pandera's ``str`` dtype (once per process)."""
    cls = pandas_engine.NpString
    if not getattr(cls.check, _INSTALLED, False):
        cls.check = _vectorised(cls.check)  # type: ignore[method-assign]
