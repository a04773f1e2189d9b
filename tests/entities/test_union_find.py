"""ConstrainedUnionFind.join: conflict then union in one pass, with the same answers."""

from __future__ import annotations

import pytest

from esq.entities.union_find import ConstrainedUnionFind, Facts

REGISTER = Facts(neq="1111111111", province="QC", register=True, family="cooperative")


@pytest.mark.parametrize(
    ("facts", "edges", "expected"),
    [
        # a second edge inside one cluster holding a register record is refused, as
        # conflict() then union() said (the clustering counts it under that reason)
        ({"r": REGISTER, "x": Facts()}, [("r", "x"), ("x", "r")], [True, "two_register_records"]),
        ({"x": Facts(), "y": Facts()}, [("x", "y"), ("y", "x")], [True, False]),
        # families joined through a chain: cooperative, its longer form, then a CPE
        (
            {
                "a": Facts(family="cooperative"),
                "b": Facts(family="cooperative-de-solidarite"),
                "c": Facts(family="cpe"),
            },
            [("a", "b"), ("b", "c")],
            [True, "two_families"],
        ),
        (
            {"a": Facts(form="cooperative"), "b": Facts(), "c": Facts(form="obnl")},
            [("a", "b"), ("c", "b")],
            [True, "two_legal_forms"],
        ),
        (
            {"a": Facts(neq="1"), "b": Facts(neq="1"), "c": Facts(neq="2")},
            [("a", "b"), ("b", "c")],
            [True, "two_neqs"],
        ),
    ],
)
def test_join_answers_as_conflict_then_union(facts, edges, expected):
    joined, stepwise = ConstrainedUnionFind(facts), ConstrainedUnionFind(facts)
    for (a, b), want in zip(edges, expected, strict=True):
        reason = stepwise.conflict(a, b)
        assert joined.join(a, b) == want == (reason if reason else stepwise.union(a, b))
    assert joined.clusters() == stepwise.clusters()


def test_join_refuses_a_reviewed_no_match_through_a_chain():
    uf = ConstrainedUnionFind({"a": Facts(), "b": Facts(), "c": Facts()}, apart=[("a", "c")])
    assert uf.join("a", "b") is True
    assert uf.join("b", "c") == "reviewed_no_match"
    assert uf.clusters() == {"a": ["a", "b"], "c": ["c"]}
