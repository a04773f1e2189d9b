"""The array-based ER helpers give what their one-record-at-a-time forms gave (issue 13)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from esq.entities.ambiguity import ambiguous_pairs
from esq.entities.ids import _digest_id, _fresh_ids, assign_row_ids, new_id
from esq.entities.review import review_frame
from esq.entities.scoring import EVIDENCE, _agreeing


def _sequential(seeds: list[str], issued: set[str]) -> list[str]:
    """The former loop: one new_id after another, each taken in turn."""
    taken, out = set(issued), []
    for seed in seeds:
        out.append(new_id(seed, taken))
        taken.add(out[-1])
    return out


@pytest.mark.parametrize(
    ("seeds", "issued"),
    [
        (["s:1", "s:2", "s:3"], set()),
        (["s:1", "s:2"], {_digest_id("s:2", 0)}),  # a first try already issued
        (["s:1", "s:1"], set()),  # two clusters with one seed: the second draws again
        ([], {"E0"}),
    ],
)
def test_fresh_ids_are_the_sequential_draws(seeds, issued):
    got = _fresh_ids(np.array(seeds, dtype=object), issued)
    assert got == _sequential(seeds, issued)


@pytest.mark.parametrize(
    ("labels", "members", "previous", "expected"),
    [
        # singletons and a two-member cluster, first run: ids seeded by the smallest member
        (
            ["a:1", "a:2", "a:1"],
            ["a:1", "a:2", "b:9"],
            {},
            [new_id("a:1", set()), new_id("a:2", set()), new_id("a:1", set())],
        ),
        # a cluster keeps the id most of its members had; the other member's id merges
        (["x", "x", "x"], ["m1", "m2", "m3"], {"m1": "E1", "m2": "E1", "m3": "E2"}, ["E1"] * 3),
        # the label does not seed: the smallest member does
        (["z"], ["b:2"], {}, [new_id("b:2", set())]),
    ],
)
def test_assign_row_ids(labels, members, previous, expected):
    ids, out = assign_row_ids(
        np.array(labels, dtype=object), np.array(members, dtype=object), previous, set()
    )
    assert ids.tolist() == expected
    if len(set(previous.values())) > 1:
        assert out.merged == {"E2": "E1"}


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ({"name": 2.0, "phone": 0.5}, "name,phone"),
        ({"name": -1.0, "address": 3.0}, "address"),
        ({"place": np.nan, "domain": 0.0}, ""),
        (dict.fromkeys(EVIDENCE, 1.0), ",".join(EVIDENCE)),
    ],
)
def test_agreeing_fields_from_match_weights(weights, expected):
    row = {f"w_{n}": weights.get(n, np.nan) for n in EVIDENCE}
    assert _agreeing(pd.DataFrame([row, row])) == [expected, expected]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0.95, 0.93, 0.70], {("l:1", "r:1"), ("l:1", "r:2")}),  # two within 0.05 of the best
        ([0.95, 0.80], set()),  # a clear best
        ([0.95], set()),  # one candidate
    ],
)
def test_ambiguous_register_candidates(scores, expected):
    pairs = pd.DataFrame(
        {
            "left": ["l:1"] * len(scores),
            "right": [f"r:{i}" for i in range(1, len(scores) + 1)],
            "score": scores,
            "agreeing_fields": "name",
        }
    )
    roles = {"l:1": False, **{f"r:{i}": True for i in range(1, 4)}}
    assert ambiguous_pairs(pairs, roles, auto=0.5) == expected


def test_review_frame_reasons_and_records():
    pairs = pd.DataFrame(
        {
            "left": ["a", "a", "b", "c", "d"],
            "right": ["x", "y", "y", "y", "e"],
            "score": [0.95, 0.6, 0.97, 0.6, 0.6],
            "agreeing_fields": ["name", "name", "phone", "name", "name"],
        }
    )
    linked = pd.DataFrame(
        {
            "member": ["a", "b", "c", "d", "e", "x", "y"],
            "enterprise_id": ["E1", "E2", "E3", "E4", "E4", "E5", "E6"],
            "name": ["A", "B", "C", "D", "E", "X", "Y"],
            "address": None,
            "municipality": "Shawinigan",
            "neq": [None, None, None, None, None, "1140000001", None],
        }
    )
    out = review_frame(pairs, {("a", "x")}, 0.9, linked, decided={("c", "y")})
    # (d, e) are together already, (c, y) was decided; (a, x) is ambiguous, (a, y) in the
    # band, (b, y) scores high without the name.
    assert list(zip(out.left_record, out.right_record, out.reason, strict=True)) == [
        ("a", "x", "ambiguous_register"),
        ("a", "y", "score_band"),
        ("b", "y", "names_disagree"),
    ]
    # A high-scoring pair whose name agreed but that the names guard refused is shown too.
    guarded = review_frame(pairs, set(), 0.9, linked, {("c", "y")}, guarded={("a", "x")})
    assert ("a", "x", "names_guard") in set(
        zip(guarded.left_record, guarded.right_record, guarded.reason, strict=True)
    )
    assert out.left_name.tolist() == ["A", "A", "B"]
    assert out.right_neq.tolist() == ["1140000001", None, None]
    assert out.score.dtype == "float64"
