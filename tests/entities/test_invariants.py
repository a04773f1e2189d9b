"""Unexplained merges: an enterprise whose members the links do not join into one set."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.invariants import _unexplained_merges

# (members by enterprise, links) -> enterprises not joined by their links
CASES = [
    ({"E1": ["a", "b", "c"]}, [("a", "b"), ("c", "b")], 0),  # a chain explains the cluster
    ({"E1": ["a", "b", "c"]}, [("a", "b")], 1),  # c is attached by nothing
    ({"E1": ["a"], "E2": ["b"]}, [], 0),  # singletons need no link
    ({"E1": ["a", "b"], "E2": ["c", "d"]}, [("b", "a")], 1),  # E2 unexplained
    ({"E1": ["a", "b", "c", "d"]}, [("d", "c"), ("b", "a"), ("c", "a")], 0),  # out of order
]


@pytest.mark.parametrize(("clusters", "links", "expected"), CASES)
def test_unexplained_merges(clusters, links, expected):
    listings = pd.DataFrame(
        [(m, e) for e, ms in clusters.items() for m in ms], columns=["member", "enterprise_id"]
    )
    frame = pd.DataFrame(links, columns=["left_record", "right_record"])
    assert _unexplained_merges(listings, frame) == expected
