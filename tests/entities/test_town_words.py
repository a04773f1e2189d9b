"""town_words: the register rows holding a listing's word in their town, as integer codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from esq.entities.town_words import in_pairs, register_word_rows, town_pairs


def _naive(named: pd.DataFrame, cells: set[tuple[str, str]]) -> list[tuple[int, str]]:
    """(row, word) for every word (cut at single spaces) of a register row's name that makes
    one of ``cells`` with its town, as the SQL unnest found them."""
    out = []
    for i, r in enumerate(named.itertuples()):
        if r.source_role != "register" or not isinstance(r.name_key, str):
            continue
        out += [(i, w) for w in r.name_key.split(" ") if (w, r.municipality_code) in cells]
    return out


def test_register_word_rows_matches_a_split_of_each_name() -> None:
    named = pd.DataFrame(
        {
            "member": ["r:1", "r:2", "l:1", "r:3", "r:4", "r:5", "r:6"],
            "source_role": [
                "register",
                "register",
                "hub",
                "register",
                None,
                "register",
                "register",
            ],
            "name_key": [
                "grenier collines",
                "grenier grenier x",
                "grenier",
                None,
                "grenier",
                "a  grenier",
                "grenier",
            ],
            "municipality_code": ["m1", "m1", "m1", "m1", "m1", "m1", None],
        }
    )
    listed = pd.DataFrame(
        {"municipality_code": ["m1", "m1", "m2"], "word": ["grenier", "collines", "x"]}
    )
    words = pa.array(["grenier", "collines", "x"])
    towns = pa.array(["m1", "m2"])
    # two chunks: the rule frame's columns are the register's rows, then each variant's
    arrays = {
        c: pa.chunked_array(
            [pa.array(named[c][:3], pa.string()), pa.array(named[c][3:], pa.string())]
        )
        for c in named.columns
    }
    rows, word, town = register_word_rows(arrays, words, towns, town_pairs(listed, words, towns))
    found = [(int(r), words[int(w)].as_py()) for r, w in zip(rows, word, strict=True)]
    cells = set(zip(listed.word, listed.municipality_code, strict=True))
    assert sorted(found) == sorted(_naive(named, cells))
    assert (town == 0).all()  # every hit is in m1 (x is a word of m2's listings only)


def test_in_pairs_tables_or_searches_alike(monkeypatch) -> None:
    pairs = np.array([[3, 1], [7, 2]])
    word, town = np.array([3, 7, 3, 0]), np.array([1, 2, 2, 0])
    assert in_pairs(word, town, pairs, 8, 3).tolist() == [True, True, False, False]
    monkeypatch.setattr("esq.entities.town_words._MAX_TABLE", 0)  # searched, not tabled
    assert in_pairs(word, town, pairs, 8, 3).tolist() == [True, True, False, False]
