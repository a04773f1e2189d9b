"""Pair tests and cannot-link constraints, table-driven."""

from __future__ import annotations

import pytest

from esq.entities.compat import compatible_names, province_of, token_overlap
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
