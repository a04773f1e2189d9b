"""The typo rule's register-wide filters on word codes keep every row the SQL would."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from esq.entities.name_words import name_words
from esq.entities.typo_filters import near_rows, region_codes, region_words

KEYS = [
    "cafe de la gare",
    "cafe de la garre",
    "cafe du port",
    "atelier des collines",
    "atelier des collinees",
    "asitabec",
    "asjtabec",
    "maison  double",
    None,
    "",
    "centre cafe gare",
]


def _frame() -> pd.DataFrame:
    keys = KEYS * 2
    regions = ["01"] * len(KEYS) + ["02"] * (len(KEYS) - 1) + [None]
    return pd.DataFrame({"name_key": keys, "region_code": regions})


def test_name_words_split_on_single_spaces() -> None:
    frame = _frame()
    split = name_words(frame)
    words = split.words.to_pylist()
    for i, key in enumerate(frame.name_key):
        got = [words[c] for c in split.codes[split.offsets[i] : split.offsets[i + 1]]]
        assert got == (key.split(" ") if isinstance(key, str) else [])
        assert (split.rows[split.offsets[i] : split.offsets[i + 1]] == i).all()


def _shares_masked_key(a: list[str], b: list[str]) -> bool:
    """The same word count and the same words after the first, before the last, or first
    and last (``name_typo._keep_typo_listings``'s SQL)."""
    if len(a) != len(b):
        return False
    return a[1:] == b[1:] or a[:-1] == b[:-1] or (a[0], a[-1]) == (b[0], b[-1])


def test_near_rows_keep_every_row_sharing_a_masked_key() -> None:
    frame = _frame()
    split = name_words(frame)
    _, regions = region_codes(frame)
    keys, region = frame.name_key.tolist(), frame.region_code.tolist()
    for listed in ([0], [3, 5], [12], list(range(len(frame)))):
        near = set(near_rows(split, regions, np.asarray(listed, dtype=np.int64)).tolist())
        for i, j in itertools.product(listed, range(len(frame))):
            if None in (keys[i], keys[j], region[i], region[j]) or region[i] != region[j]:
                continue
            if _shares_masked_key(keys[i].split(" "), keys[j].split(" ")):
                assert j in near


def test_region_words_are_the_wanted_words_a_name_of_the_region_holds() -> None:
    import pyarrow as pa

    frame = _frame()
    split = name_words(frame)
    wanted = pa.table(
        {
            "region_code": ["01", "01", "02", "02", "03"],
            "word": ["garre", "zzz", "port", "gare", "gare"],
        }
    )
    among = np.arange(len(KEYS), len(frame))  # region 02's rows only
    got = region_words(split, region_codes(frame), wanted, among).to_pylist()
    assert sorted((r["region_code"], r["word"]) for r in got) == [("02", "gare"), ("02", "port")]
