"""Rule same_door_compatible_name: one door with a field missing on one side, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.door_names import door_name_links
from esq.entities.exact import with_members

TOWN = {"municipality": "Trois-Rivières", "municipality_code": "37067", "mrc": None}


def _reg(name_key: str, family: str | None = None, **more: object) -> dict:
    return {"source_id": "req", "record_key": "1", "source_role": "register",
            "name_key": name_key, "name_family": family, "legal_form": "obnl",
            "postal_code": "G9A 5P8", "civic_number": "3102", **TOWN, **more}  # fmt: skip


def _hub(name_key: str, family: str | None = None, **more: object) -> dict:
    return {"source_id": "hub", "record_key": "h", "source_role": "listing",
            "name_key": name_key, "name_family": family, "legal_form": None,
            "postal_code": None, "civic_number": "3102", **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "linked"),
    [
        # Same civic number in town, the hub gives no postal code; the hub's name is in the
        # registration's.
        ([_reg("centre d action benevole le tremplin"), _hub("le tremplin")], True),
        # Same postal code, the hub gives no civic number.
        ([_reg("ressourcerie les batisseurs"), _hub("les batisseurs", postal_code="G9A 5P8",
          civic_number=None)], True),
        # A typo in a long word still reads as the same word.
        ([_reg("la bouee des hauts"), _hub("la bouee des hautts")], True),
        # A kind word in common is not a name in common.
        ([_reg("cafe la fourmiliere"), _hub("cafe la ruche")], False),
        # A name made only of the town: the door alone would merge it.
        ([_reg("transport adapte de trois rivieres"), _hub("trois rivieres")], False),
        # Both fields given and both agree: the address rule's case, not this one.
        ([_reg("centre d action benevole le tremplin"), _hub("le tremplin",
          postal_code="G9A 5P8")], False),
        # Same civic number in another town.
        ([_reg("centre d action benevole le tremplin"), _hub("le tremplin",
          municipality_code="37230")], False),
        # A foundation and the body it funds.
        ([_reg("le tremplin", "fondation"), _hub("le tremplin")], False),
        # Same number on the same street of the town, the hub's postal code wrong.
        ([_reg("comptoir alimentaire le tremplin", street_key="rue des forges"),
          _hub("comptoir le tremplin", postal_code="G9A 1A1", street_key="rue des forges")],
         True),
        # … on another street of the town: two doors.
        ([_reg("comptoir alimentaire le tremplin", street_key="rue des forges"),
          _hub("comptoir le tremplin", postal_code="G9A 1A1", street_key="rue royale")], False),
    ],
)  # fmt: skip
def test_door_name_links(records, linked) -> None:
    assert bool(door_name_links(with_members(pd.DataFrame(records)))) is linked


def test_register_site_is_a_door() -> None:
    """The register's head office is elsewhere; its site is the listing's door."""
    records = [_reg("centre d action benevole le tremplin", civic_number="9"), _hub("le tremplin")]
    sites = with_members(
        pd.DataFrame(
            [
                {
                    "source_id": "req",
                    "record_key": "1",
                    "civic_number": "3102",
                    "postal_code": "G9A 5P8",
                    **TOWN,
                }
            ]
        )
    )
    assert door_name_links(with_members(pd.DataFrame(records)), sites) == [("hub:h", "req:1")]


@pytest.mark.parametrize(("others", "linked"), [(2, True), (25, False)])
def test_postal_door_crowded(others: int, linked: bool) -> None:
    """The postal door pairs at a code that 25 records or fewer share: more is a shared
    office (the rule leaves the code's rows out unless a listing's civic number is theirs)."""
    crowd = [
        _reg(f"entreprise {n}", record_key=f"r{n}", civic_number=str(n)) for n in range(others)
    ]
    records = [*crowd, _reg("ressourcerie les batisseurs", record_key="x"),
               _hub("les batisseurs", postal_code="G9A 5P8", civic_number=None),
               _hub("autre nom", record_key="h2")]  # fmt: skip
    pairs = door_name_links(with_members(pd.DataFrame(records)))
    assert (("hub:h", "req:x") in pairs) is linked
