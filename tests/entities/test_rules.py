"""Pair tests and cannot-link constraints, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.cluster import cluster
from esq.entities.compat import compatible_names, province_of, token_overlap
from esq.entities.exact import Link
from esq.entities.union_find import ConstrainedUnionFind, Facts


@pytest.mark.parametrize(
    ("a", "b", "family_a", "family_b", "expected"),
    [
        ("ressourcerie du rucher", "ressourcerie rucher", None, None, True),
        ("escale", "cafe escale quartier", None, "cooperative", True),  # subset of words
        (
            "grenier populaire",
            "grenier populaire",
            "cooperative",
            "cooperative-de-solidarite",
            True,
        ),  # « Coop X » vs « Coopérative de solidarité X »
        ("alafut", "allafut", None, None, True),  # one typo in a long word
        ("fournil du nord", "fournil du nord", "cpe", "fondation", False),  # two kinds of body
        ("maison des jeunes", "ressourcerie bois francs", None, None, False),
        ("musee pop", "musee culture populaire", None, "fondation", False),  # its foundation
        ("centre l arc en ciel", "centre de l entraide", None, None, False),  # 1 of 3 words
        (None, "x", None, None, False),
    ],
)
def test_compatible_names(a, b, family_a, family_b, expected):
    assert compatible_names(a, b, family_a, family_b) is expected


def test_token_overlap_counts_the_shorter_name():
    assert token_overlap("jardins du partage", "les jardins partage de l est") == 1.0


@pytest.mark.parametrize(
    ("postal", "region", "expected"),
    [("G9A 5H7", None, "QC"), ("K1A 0B1", None, "ON"), (None, "04", "QC"), (None, None, None)],
)
def test_province_of(postal, region, expected):
    assert province_of(postal, region) == expected


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (Facts(neq="1111111111"), Facts(neq="2222222222"), "two_neqs"),
        (Facts(province="QC"), Facts(province="ON"), "two_provinces"),
        (Facts(register=True), Facts(register=True), "two_register_records"),
        (Facts(family="cpe"), Facts(family="fondation"), "two_families"),
        (Facts(family="cooperative"), Facts(family="cooperative-de-solidarite"), None),
        (Facts(neq="1111111111", register=True), Facts(neq="1111111111"), None),
    ],
)
def test_cannot_link(a, b, reason):
    uf = ConstrainedUnionFind({"a": a, "b": b})
    assert uf.conflict("a", "b") == reason
    assert uf.union("a", "b") is (reason is None)


def test_constraints_hold_through_chains():
    uf = ConstrainedUnionFind(
        {"r1": Facts("1111111111", "QC", True), "x": Facts(), "r2": Facts("2222222222", "QC", True)}
    )
    assert uf.union("r1", "x")
    assert not uf.union("x", "r2")
    assert uf.clusters() == {"r1": ["r1", "x"], "r2": ["r2"]}


def _listings(members: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "member": members,
            "neq": None,
            "neq_status": None,
            "source_role": "hub",
            "postal_code": "G9A 5H7",
            "region_code": "04",
            "name_family": None,
        }
    )


def _pairs(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(a, b, s, "name,address") for a, b, s in rows],
        columns=["left", "right", "score", "agreeing_fields"],
    )


@pytest.mark.parametrize(
    ("rules", "model", "no_match", "apart", "together", "refused"),
    [
        # A–C and C–B strong model links: the chain would join A and B; the second is refused.
        ([], [("a", "c", 0.99), ("b", "c", 0.98)], [("a", "b")], ("a", "b"), ("a", "c"), 1),
        # The same chain made of rule links.
        ([("a", "c"), ("b", "c")], [], [("a", "b")], ("a", "b"), ("a", "c"), 1),
        # A longer chain A–C–D–B: still apart, only the closing link is refused.
        ([("a", "c"), ("c", "d"), ("d", "b")], [], [("a", "b")], ("a", "b"), ("c", "d"), 1),
        # The direct link is refused too.
        ([("a", "b")], [], [("a", "b")], ("a", "b"), None, 1),
        # No decision: the chain joins them.
        ([("a", "c"), ("b", "c")], [], [], None, ("a", "b"), 0),
    ],
)
def test_reviewed_no_match_is_a_cannot_link(rules, model, no_match, apart, together, refused):
    links = [Link(a, b, "same_name_municipality", None, "name") for a, b in rules]
    decisions = {pair: "no_match" for pair in no_match}
    out = cluster(_listings(["a", "b", "c", "d"]), links, _pairs(model), 0.9, decisions)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    if apart:
        assert cluster_of[apart[0]] != cluster_of[apart[1]]
    if together:
        assert cluster_of[together[0]] == cluster_of[together[1]]
    assert out.refused["reviewed_no_match"] == refused
    assert all({lk.left, lk.right} != {"a", "b"} for lk in out.links)
