"""The vectorised pandera ``str`` dtype check answers as pandera's own."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandera.engines import pandas_engine

from esq.staging import pandera_speed


@pytest.mark.parametrize(
    "values",
    [
        ["a", "b", None],
        [None, None],
        [None, np.nan, pd.NA],
        ["a", 1, None],
        [1.5, None],
        [b"bytes", "a"],
        [],
    ],
)
def test_check_is_pandera_check(values):
    pandera_speed.install()
    dtype = pandas_engine.Engine.dtype(str)
    series = pd.Series(values, dtype=object)
    original = pandas_engine.NpString.check.__wrapped__  # type: ignore[attr-defined]
    expected = original(dtype, dtype, series)
    got = dtype.check(dtype, series)
    assert got.tolist() == expected.tolist()
    assert got.index.equals(expected.index)


def test_install_is_idempotent():
    pandera_speed.install()
    check = pandas_engine.NpString.check
    pandera_speed.install()
    assert pandas_engine.NpString.check is check
