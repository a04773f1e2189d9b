"""Rule place_name_kind_at_door, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.exact import with_members
from esq.entities.place_doors import at_door, half_door_links, place_kind_links, same_kind

TOWN = {"municipality": "Victoriaville", "municipality_code": "39062", "mrc": None}


def _reg(key: str, family: str | None = "cdc", **more: object) -> dict:
    return {"source_id": "req", "record_key": key, "source_role": "register",
            "name_key": "victoriaville", "name_family": family, "legal_form": "obnl",
            "register_status": "IM", "postal_code": "G6P 1K6", "civic_number": "3092",
            **TOWN, **more}  # fmt: skip


def _hub(**more: object) -> dict:
    return {"source_id": "hub", "record_key": "h", "source_role": "listing",
            "name_key": "victoriaville", "name_family": "cdc", "legal_form": None,
            "register_status": None, "postal_code": None, "civic_number": "3092",
            **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # « CDC Victoriaville », no postal code, at the CDC's civic number: the CDC.
        ([_reg("1"), _hub()], [("hub:h", "req:1")]),
        # ... among the town's other « … de Victoriaville » of other kinds.
        (
            [_reg("1"), _reg("2", "fondation"), _reg("3", "cpe", civic_number="3092"), _hub()],
            [("hub:h", "req:1")],
        ),
        # Another civic number: no door.
        ([_reg("1"), _hub(civic_number="12")], []),
        # The same civic number, the postal codes disagree: no door.
        ([_reg("1"), _hub(postal_code="G6P 9Z9")], []),
        # The same postal code, the listing's civic number missing.
        ([_reg("1"), _hub(postal_code="G6P 1K6", civic_number=None)], [("hub:h", "req:1")]),
        # Two CDCs there: which one is not known.
        ([_reg("1"), _reg("2"), _hub()], []),
        # Struck off: history.
        ([_reg("1", register_status="RD"), _hub()], []),
        # Another kind of body at the door.
        ([_reg("1", "cpe"), _hub()], []),
        # The family written short: « Coop Victoriaville » for the solidarity co-op.
        (
            [
                _reg("1", "cooperative-de-solidarite", legal_form="cooperative"),
                _hub(name_family="cooperative"),
            ],
            [("hub:h", "req:1")],
        ),
        # A listing naming no kind: not this rule's.
        ([_reg("1"), _hub(name_family=None)], []),
        # A name of its own is the other rules' case.
        ([_reg("1", name_key="le tremplin"), _hub(name_key="le tremplin")], []),
    ],
)
def test_place_kind_links(records, expected) -> None:
    assert place_kind_links(with_members(pd.DataFrame(records))) == expected


def test_a_site_of_the_registration_is_its_door() -> None:
    records = [_reg("1", postal_code="J0K 1A0", civic_number="5", municipality_code="1"), _hub()]
    site = {"source_id": "req", "record_key": "1", "postal_code": "G6P 1K6",
            "civic_number": "3092", **TOWN}  # fmt: skip
    sites = with_members(pd.DataFrame([site]))
    assert place_kind_links(with_members(pd.DataFrame(records)), sites) == [("hub:h", "req:1")]


@pytest.mark.parametrize(
    ("civic", "postal", "civic_r", "postal_r", "expected"),
    [
        ("1", None, "1", "A", True),
        ("1", "A", "1", "A", True),
        ("1", "B", "1", "A", False),
        (None, "A", "2", "A", True),
        ("1", "A", "2", "A", False),
        (None, None, None, None, False),
    ],
)
def test_at_door(civic, postal, civic_r, postal_r, expected) -> None:
    assert at_door(civic, postal, civic_r, postal_r) is expected


def test_same_kind() -> None:
    assert same_kind("cooperative", "cooperative-de-solidarite")
    assert not same_kind("cooperative-de-solidarite", "cooperative")
    assert not same_kind(None, "cdc")


def _ressourcerie(key: str = "1", **more: object) -> dict:
    return _reg(
        key, None, name_key="ressourcerie de victoriaville", street_key="notre dame", **more
    )


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # « Victoriaville », no postal code, at the ressourcerie's civic number in town.
        ([_ressourcerie(), _hub(name_family=None)], [("hub:h", "req:1")]),
        # A wrong postal code on the same street: the same door.
        (
            [
                _ressourcerie(),
                _hub(name_family=None, postal_code="G6P 9Z9", street_key="notre dame"),
            ],
            [("hub:h", "req:1")],
        ),
        # ... on another street: a town repeats its numbers.
        (
            [_ressourcerie(), _hub(name_family=None, postal_code="G6P 9Z9", street_key="laval")],
            [],
        ),
        # The whole door agrees: kind_dropped.py's case, not this one's.
        ([_ressourcerie(), _hub(name_family=None, postal_code="G6P 1K6")], []),
        # Two names there end so (a CDC and a ressourcerie of the town): which one is unknown.
        ([_ressourcerie(), _reg("2", "cdc"), _hub(name_family=None)], []),
        # A registration at that number whose name does not end with the listing's words.
        ([_reg("1", None, name_key="victoriaville en fete"), _hub(name_family=None)], []),
        # Another civic number.
        ([_ressourcerie(), _hub(name_family=None, civic_number="7")], []),
    ],
)
def test_half_door_links(records, expected) -> None:
    assert half_door_links(with_members(pd.DataFrame(records))) == expected
