"""Rule same_town_contained_name_unique and the degenerate-name door guard, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.exact import rule_links

TOWN = {"municipality": "Granby", "municipality_code": "47017", "mrc": None, "region_code": "05"}


def _reg(key: str, name_key: str, family: str | None = None, **more: object) -> dict:
    return {"source_id": "req", "record_key": key, "source_role": "register",
            "name_key": name_key, "name_family": family, "legal_form": None,
            "postal_code": "J2G 1A1", "civic_number": "1", **TOWN, **more}  # fmt: skip


def _hub(name_key: str, family: str | None = None, **more: object) -> dict:
    return {"source_id": "hub", "record_key": "h", "source_role": "listing",
            "name_key": name_key, "name_family": family, "legal_form": None,
            "postal_code": "J2G 9Z9", "civic_number": "80", **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # the hub drops the leading words; one registration in town holds the rest
        ([_reg("1", "theatre le grenier des collines"), _hub("le grenier des collines")],
         {("hub:h", "req:1", "same_town_contained_name_unique")}),
        # two registrations of the town hold it: no link by this rule
        ([_reg("1", "theatre le grenier des collines"),
          _reg("2", "cafe le grenier des collines"), _hub("le grenier des collines")], set()),
        # one identifying word is many organisations of a town
        ([_reg("1", "maison des jeunes le phare"), _hub("le phare")], set()),
        # a listing naming its kind takes only a registration of that kind
        ([_reg("1", "maison des jeunes les jardins du bassin"), _hub("les jardins du bassin",
          "cpe")], set()),
        # another town
        ([_reg("1", "theatre le grenier des collines", municipality_code="47025"),
          _hub("le grenier des collines")], set()),
    ],
)  # fmt: skip
def test_town_contained_name(records, expected) -> None:
    links = rule_links(pd.DataFrame(records))
    found = {(lk.left, lk.right, lk.rule) for lk in links if lk.rule.startswith("same_town")}
    assert found == expected


@pytest.mark.parametrize(
    ("hub", "linked"),
    [
        (_hub("granby", "cooperative", postal_code="J2G 1A1"), True),  # same postal code
        (_hub("granby", "cooperative", postal_code=None), True),  # same kind, no postal code
        (_hub("granby", "cooperative"), False),  # same kind at another door
        (_hub("granby", "cooperative", civic_number="1"), True),  # same civic, postal differs
        (_hub("granby", "cdc", postal_code=None), False),  # another kind of body
    ],
)
def test_degenerate_names_link_at_their_door(hub, linked) -> None:
    listings = pd.DataFrame([_reg("1", "granby", "cooperative"), hub])
    names = {lk.rule for lk in rule_links(listings)} & {"same_name_municipality"}
    assert bool(names) is linked


@pytest.mark.parametrize(
    ("family_b", "linked"),
    [
        ("cooperative-de-solidarite", True),  # one kind of body at one door, same place name
        ("cdc", False),  # « CDC Granby » and « Coop de solidarité Granby » at one door
    ],
)
def test_place_names_of_one_kind_at_one_door(family_b, linked) -> None:
    a = _reg("1", "sante granby", "cooperative-de-solidarite")
    b = _hub("granby", family_b, postal_code="J2G 1A1", civic_number="1")
    rules = {lk.rule for lk in rule_links(pd.DataFrame([a, b]))}
    assert ("same_postal_civic_compatible_name" in rules) is linked
