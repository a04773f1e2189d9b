"""Entity-resolution guards added for issue 12 (hard worlds), table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.cluster import cluster
from esq.entities.compat import form_class
from esq.entities.doors import SAME, TWO, UNKNOWN, Doors
from esq.entities.exact import Link
from esq.entities.member_facts import member_facts
from esq.entities.union_find import ConstrainedUnionFind, Facts


@pytest.mark.parametrize(
    ("legal_form", "expected"),
    [
        ("cooperative", "cooperative"),
        ("cooperative-de-solidarite", "cooperative"),
        ("obnl", "non-profit"),
        ("obnl-a-volet-marchand", "non-profit"),
        ("association", "non-profit"),  # the register's ASS is a non-profit too
        ("mutuelle", "mutuelle"),
        # Too loose in hub files to hold records apart.
        ("organisme-public", None),
        ("societe-par-actions", None),
        ("autre", None),
        (None, None),
    ],
)
def test_form_class(legal_form, expected) -> None:
    assert form_class(legal_form) == expected


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (Facts(form="cooperative"), Facts(form="non-profit"), "two_legal_forms"),
        (Facts(form="mutuelle"), Facts(form="cooperative"), "two_legal_forms"),
        (Facts(form="non-profit"), Facts(form="non-profit"), None),
        (Facts(form="cooperative"), Facts(), None),  # a source that states no form
    ],
)
def test_legal_form_cannot_link(a, b, reason) -> None:
    uf = ConstrainedUnionFind({"a": a, "b": b})
    assert uf.conflict("a", "b") == reason


def _records(rows: list[dict]) -> pd.DataFrame:
    base = {
        "neq": None,
        "neq_status": None,
        "source_role": "listing",
        "postal_code": "H2Y 1A1",
        "region_code": "06",
        "name_family": None,
        "name_key": "le rucher",
        "legal_form": None,
        "municipality": None,
        "mrc": None,
        "source_id": "hub",
        "civic_number": None,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.mark.parametrize(
    ("rows", "form_of_b"),
    [
        # A listing without a NEQ keeps the form its source states.
        ([{"member": "b", "legal_form": "obnl"}], "non-profit"),
        # A listing giving a valid NEQ takes the register's form with it: its own label is
        # not held against the same-NEQ link (hubs label a co-op « OBNL » by mistake).
        ([{"member": "b", "legal_form": "obnl", "neq": "1", "neq_status": "valid"}], None),
        ([{"member": "b", "legal_form": "obnl", "neq": "1", "source_role": "register"}],
         "non-profit"),
    ],
)  # fmt: skip
def test_member_form(rows, form_of_b) -> None:
    assert member_facts(_records(rows))["b"].form == form_of_b


def test_legal_form_conflict_holds_through_a_chain() -> None:
    """« Coop Le Rucher » (a co-op) and « Le Rucher » (an OBNL) in one town share a name key;
    a third record with no stated form must not join them by a chain."""
    records = _records(
        [
            {"member": "coop", "legal_form": "cooperative"},
            {"member": "x"},
            {"member": "obnl", "legal_form": "obnl"},
        ]
    )
    links = [Link("coop", "x", "same_name_municipality", None, "name")]
    links.append(Link("obnl", "x", "same_name_municipality", None, "name"))
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(records, links, empty, 0.9)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    assert cluster_of["coop"] != cluster_of["obnl"]
    assert out.refused["two_legal_forms"] == 1


def _door_records() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"member": "a", "postal_code": "H2Y 3V9", "civic_number": "2853"},
            {"member": "b", "postal_code": "H2Y 3Z0", "civic_number": "3293"},
            {"member": "c", "postal_code": None, "civic_number": "2853"},
            {"member": "d", "postal_code": "H2Y 3V9", "civic_number": None},
            {"member": "e", "postal_code": "H2Y 1A1", "civic_number": None},
            {"member": "r", "postal_code": "J3N 6L2", "civic_number": "3500"},
        ]
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("a", "b", TWO),  # two civic numbers, no postal code in common
        ("a", "c", SAME),  # the civic number agrees, one postal code missing
        ("a", "d", SAME),  # the postal code agrees
        ("b", "e", UNKNOWN),  # one side gives no civic number
        ("a", "r", SAME),  # the register record's site is the listing's door
    ],
)
def test_door_relation(a, b, expected) -> None:
    sites = pd.DataFrame([{"member": "r", "postal_code": "H2Y 3V9", "civic_number": "2853"}])
    assert Doors(_door_records(), sites).relation(a, b) == expected


def _listing(member: str, source: str, postal: str, civic: str, **more: object) -> dict:
    return {
        "member": member,
        "source_id": source,
        "postal_code": postal,
        "civic_number": civic,
        **more,
    }


@pytest.mark.parametrize(
    ("rows", "rule", "apart"),
    [
        # One source, two records at two doors: two organisations.
        ([_listing("a", "hub", "H2Y 3V9", "2853"), _listing("b", "hub", "H2Y 3Z0", "3293")],
         "same_postal_civic_compatible_name", True),
        # One source, two records at one door: maybe a duplicate entry, left to the rules.
        ([_listing("a", "hub", "H2Y 3V9", "2853"), _listing("b", "hub", "H2Y 3V9", "2853")],
         "same_name_municipality", False),
        # Two sources, a name alone, two doors: two organisations.
        ([_listing("a", "hub", "H2Y 3V9", "2853"), _listing("b", "dir", "H2Y 3Z0", "3293")],
         "same_name_municipality", True),
        # Two sources, a shared phone with the name: the rule has more than the name.
        ([_listing("a", "hub", "H2Y 3V9", "2853"), _listing("b", "dir", "H2Y 3Z0", "3293")],
         "same_phone_compatible_name", False),
        # Two sources, a name, one address unknown.
        ([_listing("a", "hub", "H2Y 3V9", "2853"), _listing("b", "dir", None, None)],
         "same_name_municipality", False),
        # At one door, two listings sharing half their words: two bodies of one building.
        ([_listing("a", "hub", "J3Y 8S6", "2443", name_key="le boise d or"),
          _listing("b", "dir", "J3Y 8S6", "2443", name_key="la source d or")],
         "same_postal_civic_compatible_name", True),
        # ... all the words of the shorter name: one body.
        ([_listing("a", "hub", "J3Y 8S6", "2443", name_key="la source d or"),
          _listing("b", "dir", "J3Y 8S6", "2443", name_key="cafe la source d or")],
         "same_postal_civic_compatible_name", False),
        # A name made only of the town, at two doors, even with a registration.
        ([_listing("a", "hub", "H2Y 7N4", "3711", name_key="montreal", municipality="Montréal"),
          _listing("b", "req", "H2Y 7V7", "3842", name_key="montreal", municipality="Montréal",
                   source_role="register", neq="1")],
         "same_name_municipality", True),
        # A register record at another door (its head office): not held apart here.
        ([_listing("a", "hub", "H2Y 3V9", "2853"),
          _listing("b", "req", "J3N 6L2", "3500", source_role="register", neq="1")],
         "same_name_municipality", False),
    ],
)  # fmt: skip
def test_listings_at_two_doors_stay_apart(rows, rule, apart) -> None:
    records = _records(rows)
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(records, [Link("a", "b", rule, None, "name")], empty, 0.9)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    assert (cluster_of["a"] != cluster_of["b"]) is apart


def test_competing_registrations_prefer_the_listings_door() -> None:
    """Two active registrations share a CDC's name in its town; the listing's door is the
    site of the second: it takes that one, whatever their order."""
    rows = [
        _listing("hub", "hub", None, "87"),
        _listing("req:1", "req", "J3N 6L2", "3500", source_role="register", neq="1"),
        _listing("req:2", "req", "J3N 5S5", "12", source_role="register", neq="2"),
    ]
    sites = pd.DataFrame([{"member": "req:2", "postal_code": "J3N 5S4", "civic_number": "87"}])
    links = [Link("hub", m, "same_name_municipality", None, "name") for m in ("req:1", "req:2")]
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(_records(rows), links, empty, 0.9, sites=sites)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    assert cluster_of["hub"] == cluster_of["req:2"] != cluster_of["req:1"]
