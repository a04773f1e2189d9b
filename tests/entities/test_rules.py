"""Pair tests and cannot-link constraints, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.cluster import cluster
from esq.entities.compat import (
    acronym_of,
    compatible_names,
    core_key,
    degenerate_key,
    effective_family,
    kinds_conflict,
    province_of,
    public_body,
    shared_host,
    token_overlap,
)
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


@pytest.mark.parametrize(
    ("key", "places", "expected"),
    [
        ("mekinac", frozenset({"mekinac"}), True),  # « CDC Mékinac » in the MRC of Mékinac
        ("caisse desjardins de la tuque", frozenset({"tuque"}), True),
        ("mrc de maskinonge", frozenset({"maskinonge"}), True),
        ("les trouvailles de mekinac", frozenset({"mekinac"}), False),
        ("centre communautaire", frozenset(), True),  # generic words only
    ],
)
def test_degenerate_keys_carry_no_identity(key, places, expected):
    assert degenerate_key(key, places) is expected


def test_a_place_shared_through_the_mrc_is_not_a_compatible_name():
    # Two bodies at one door, whose names share only the MRC's name.
    assert compatible_names("aide chez soi mekinac", "mekinac", None, "cdc", {"mekinac"}) is False
    assert compatible_names("aide chez soi mekinac", "mekinac", None, "cdc") is True


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # A listing named as a co-op and a union registered at its door.
        (("le nouvelliste", "cooperative-de-solidarite", None, "listing"),
         ("syndicat information nouvelliste csn", None, "obnl", "register"), True),
        # Same words: a listing calling itself a co-op loosely still takes its registration.
        (("funeraire suto", "cooperative", None, "listing"),
         ("funeraire suto", None, "obnl", "register"), False),
        (("radio country pop", "cooperative", None, "listing"),
         ("radio country pop", "cooperative", "cooperative", "register"), False),
        # A public body by its name never takes a register entry.
        (("mrc de maskinonge", None, None, "listing"),
         ("corporation information touristique mrc maskinonge", None, "obnl", "register"), True),
        (("ville de trois rivieres", None, None, "listing"),
         ("trois rivieres", None, "obnl", "register"), True),
        # A union and the co-op whose name it carries, at one door.
        (("syndicat des travailleuses et travailleurs le chainon", None, None, "listing"),
         ("le chainon", "cooperative-de-travail", "cooperative", "register"), True),
        # … its name written with a typo
        (("synndicat des travailleuses et travailleurs le chainon", None, None, "listing"),
         ("le chainon", "cooperative-de-travail", "cooperative", "register"), True),
        # Two listings: no register legal form to contradict.
        (("mrc de maskinonge", None, None, "listing"), ("maskinonge", None, None, "listing"),
         False),
        # … but a public body and a listing with a name of its own are two bodies, the MRC's
        # place written with a typo too (large hard world: MRC and tourism office at one door).
        (("mrc de maskinonge", None, None, "listing"),
         ("corporation touristique maskinonge", None, None, "listing"), True),
        (("mrc de maskinnonge", None, None, "listing"),
         ("corporation touristique maskinonge", None, None, "listing"), True),
        (("mrc de maskinnonge", None, None, "listing"), ("mrc maskinonge", None, None, "listing"),
         False),
    ],
)  # fmt: skip
def test_kinds_conflict(a, b, expected):
    places = frozenset({"maskinonge", "trois", "rivieres"})
    assert kinds_conflict(a, b, places) is expected


def test_public_body_needs_only_places_after_the_body_word():
    assert public_body("ville de trois rivieres", frozenset({"trois", "rivieres"}))
    assert not public_body("ville en vert", frozenset({"trois", "rivieres"}))


def test_an_association_named_cooperative_is_not_typed_a_cooperative():
    assert effective_family("cooperative", "obnl", "register") is None
    assert effective_family("cooperative", "cooperative", "register") == "cooperative"
    assert effective_family("cooperative", None, "listing") == "cooperative"


@pytest.mark.parametrize(
    ("domain", "expected"),
    [("desjardins.com", True), ("ville.shawinigan.qc.ca", True), ("alafut.qc.ca", False),
     (None, False)],
)  # fmt: skip
def test_shared_hosts_identify_nobody(domain, expected):
    assert shared_host(domain) is expected


def test_acronyms_and_core_keys():
    assert acronym_of("ide tr", "innovation et developpement economique trois rivieres")
    assert not acronym_of("ab", "atelier bois")
    trailing = "corporation de transport adapte et collectif du haut saint maurice ctachsm"
    assert core_key(trailing) == core_key(
        "corporation transport adapte collectif haut saint maurice"
    )
    assert core_key("club de chasse et peche x") == core_key("club chasse et peche x")


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
            # One name for all: the model guard lets only compatible names merge.
            "name_key": "ressourcerie du rucher",
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


@pytest.mark.parametrize(
    ("names", "guarded"),
    [
        # The name comparison agreed, but the names share nothing that identifies: no merge,
        # and the pair is kept for the review table.
        (["ressourcerie du rucher", "garage du nord"], {("a", "b")}),
        # Compatible names merge: nothing to show.
        (["ressourcerie du rucher", "ressourcerie du rucher"], set()),
    ],
)
def test_model_pair_the_names_guard_refuses_is_kept_for_review(names, guarded) -> None:
    listings = _listings(["a", "b"]).assign(name_key=names)
    out = cluster(listings, [], _pairs([("a", "b", 0.99)]), 0.9)
    assert out.guarded == guarded
    assert bool(out.links) is not bool(guarded)
