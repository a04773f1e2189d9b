"""Entity invariants: counted on the linked tables, enforced by a blocking Dagster check on
core/enterprises (a broken invariant stops the run before the warehouse, with the counts)."""

from __future__ import annotations

import dagster as dg
import pandas as pd
import pytest

from assets.entities import ENTERPRISES_KEY, INVARIANTS_CHECK
from esq.entities.invariants import invariant_violations
from pipelines.definitions import build_definitions

LISTING = ("source_id", "record_key", "enterprise_id", "neq", "neq_status", "source_role")
NEQ_A, NEQ_B = "1143000000", "1165000000"


def _listings(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(LISTING))


def _links(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(pairs), columns=["left_record", "right_record"])


@pytest.mark.parametrize(
    ("listings", "links", "broken"),
    [
        (  # two records, one NEQ, linked: sound
            _listings(("h", "1", "E1", NEQ_A, "valid", "listing"),
                      ("r", "9", "E1", NEQ_A, "valid", "register")),
            _links(("h:1", "r:9")),
            {},
        ),
        (  # two valid NEQs in one enterprise
            _listings(("h", "1", "E1", NEQ_A, "valid", "listing"),
                      ("h", "2", "E1", NEQ_B, "valid", "listing")),
            _links(("h:1", "h:2")),
            {"clusters_with_two_neqs": 1},
        ),
        (  # a damaged NEQ does not count as a second one
            _listings(("h", "1", "E1", NEQ_A, "valid", "listing"),
                      ("h", "2", "E1", NEQ_B, "luhn_failed", "listing")),
            _links(("h:1", "h:2")),
            {},
        ),
        (  # two register records, no link between them
            _listings(("r", "1", "E1", None, "missing", "register"),
                      ("r", "2", "E1", None, "missing", "register")),
            _links(),
            {"clusters_with_two_register_records": 1, "clusters_with_unexplained_merge": 1},
        ),
        (  # several enterprises at once: a singleton, a sound pair, a pair of two NEQs
            _listings(("r", "1", "E0", NEQ_A, "valid", "register"),
                      ("h", "1", "E1", NEQ_A, "valid", "listing"),
                      ("r", "2", "E1", NEQ_A, "valid", "register"),
                      ("r", "3", "E2", NEQ_B, "valid", "register"),
                      ("h", "2", "E2", NEQ_A, "valid", "listing"),
                      ("h", "3", "E2", None, "missing", "listing")),
            _links(("h:1", "r:2"), ("r:3", "h:2"), ("h:3", "h:2")),
            {"clusters_with_two_neqs": 1},
        ),
    ],
)  # fmt: skip
def test_violations_are_counted_per_invariant(listings, links, broken) -> None:
    found = invariant_violations(listings, links)
    assert {k: v for k, v in found.items() if v} == broken


def test_the_invariants_check_is_blocking_and_sits_on_core_enterprises() -> None:
    defs = build_definitions()
    specs = [
        spec
        for assets_def in (defs.resolve_all_asset_specs() and defs.assets) or []
        if isinstance(assets_def, dg.AssetsDefinition)
        for spec in assets_def.check_specs
        if spec.name == INVARIANTS_CHECK
    ]
    assert [(s.asset_key, s.blocking) for s in specs] == [(ENTERPRISES_KEY, True)]


# (members by enterprise, links) -> enterprises whose members the links do not join
MERGE_CASES = [
    ({"E1": ["a", "b", "c"]}, [("a", "b"), ("c", "b")], 0),  # a chain explains the cluster
    ({"E1": ["a", "b", "c"]}, [("a", "b")], 1),  # c is attached by nothing
    ({"E1": ["a"], "E2": ["b"]}, [], 0),  # singletons need no link
    ({"E1": ["a", "b"], "E2": ["c", "d"]}, [("b", "a")], 1),  # E2 unexplained
    ({"E1": ["a", "b", "c", "d"]}, [("d", "c"), ("b", "a"), ("c", "a")], 0),  # out of order
]


@pytest.mark.parametrize(("clusters", "links", "expected"), MERGE_CASES)
def test_unexplained_merges(clusters, links, expected) -> None:
    from esq.entities.invariants import unexplained_merges

    listings = pd.DataFrame(
        [(m, e) for e, ms in clusters.items() for m in ms], columns=["member", "enterprise_id"]
    )
    frame = pd.DataFrame(links, columns=["left_record", "right_record"])
    assert unexplained_merges(listings, frame) == expected
