"""Rule listed_without_kind_phrase, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.exact import with_members
from esq.entities.kind_dropped import kind_dropped_links
from esq.entities.kind_dropped_names import ends_with_listing

TOWN = {"municipality": "Laval", "municipality_code": "65005", "mrc": None}
DOOR = {"postal_code": "H7V 0J6", "civic_number": "1901"}


def _reg(key: str, name_key: str = "ressourcerie de laval", **more: object) -> dict:
    return {"source_id": "req", "record_key": key, "source_role": "register",
            "name_key": name_key, "name_family": None, "legal_form": "obnl",
            "register_status": "IM", **DOOR, **TOWN, **more}  # fmt: skip


def _hub(key: str = "h", name_key: str = "laval", **more: object) -> dict:
    return {"source_id": "hub", "record_key": key, "source_role": "listing",
            "name_key": name_key, "name_family": None, "legal_form": "obnl",
            "register_status": None, **DOOR, **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # « Laval » at the door of « Ressourcerie de Laval »: the kind phrase dropped.
        ([_reg("1"), _hub()], [("hub:h", "req:1")]),
        # A name of its own, the civic number missing on the listing: the postal code is
        # the door.
        (
            [
                _reg("1", "comptoir alimentaire le pignon bleu"),
                _hub(name_key="le pignon bleu", civic_number=None),
            ],
            [("hub:h", "req:1")],
        ),
        # The family word is the kind phrase (« Fondation du Partage » / « Le Partage »).
        (
            [_reg("1", "partage", name_family="fondation"), _hub(name_key="le partage")],
            [("hub:h", "req:1")],
        ),
        # « Centre de la pette enfance de Laval » (a slip) for the CPE of Laval: a place's
        # name once the kind is read, so the civic number must agree...
        (
            [
                _reg("1", "laval", name_family="cpe"),
                _hub(name_key="centre de la pette enfance de laval"),
            ],
            [("hub:h", "req:1")],
        ),
        # ... and a postal code alone is not enough.
        (
            [
                _reg("1", "laval", name_family="cpe"),
                _hub(name_key="centre de la pette enfance de laval", civic_number=None),
            ],
            [],
        ),
        # A place's name at a postal code alone: a village's every body.
        ([_reg("1"), _hub(civic_number=None)], []),
        # Another door.
        ([_reg("1"), _hub(postal_code="H7V 9Z9")], []),
        # Another civic number at the postal code.
        ([_reg("1"), _hub(civic_number="12")], []),
        # Two registrations at the door end with the listing's words (a shared building).
        ([_reg("1"), _reg("2", "cdc de laval"), _hub()], []),
        # Another body « … de Laval » listed at the door, its registration elsewhere.
        ([_reg("1"), _hub("t", "transport adapte de laval"), _hub()], []),
        # ... but another listing of the same name there is the same body.
        ([_reg("1"), _hub("t", "ressourcerie laval"), _hub()], [("hub:h", "req:1")]),
        # The listing names another kind than the registration's.
        ([_reg("1"), _hub(name_family="cpe")], []),
        # « Coop de Laval » at the door of « Coopérative de solidarité de Laval ».
        (
            [
                _reg("1", "laval", name_family="cooperative-de-solidarite"),
                _hub(name_family="cooperative"),
            ],
            [("hub:h", "req:1")],
        ),
        # ... and a workers' co-op of Laval at that door too: which one is not known.
        (
            [
                _reg("1", "laval", name_family="cooperative-de-solidarite"),
                _reg("2", "laval", name_family="cooperative-de-travail"),
                _hub(name_family="cooperative"),
            ],
            [],
        ),
        # The family written the same: the name rules' case, not this one's.
        (
            [
                _reg("1", "laval", name_family="cooperative"),
                _hub(name_family="cooperative"),
            ],
            [],
        ),
        # A struck-off registration is history.
        ([_reg("1", register_status="RD"), _hub()], []),
        # The registration says nothing more than the listing.
        ([_reg("1", "laval"), _hub()], []),
        # The listing's words are not the end of the registration's name.
        ([_reg("1", "laval ressourcerie"), _hub()], []),
        # A union is not the body whose name it carries.
        ([_reg("1", "syndicat des travailleurs le pignon"), _hub(name_key="le pignon")], []),
    ],
)
def test_kind_dropped_links(records, expected) -> None:
    assert kind_dropped_links(with_members(pd.DataFrame(records))) == expected


def test_a_site_of_the_registration_is_its_door() -> None:
    records = [_reg("1", postal_code="J0K 1A0", civic_number="5"), _hub()]
    sites = with_members(
        pd.DataFrame([{"source_id": "req", "record_key": "1", **DOOR, **TOWN, "region_code": "13"}])
    )
    assert kind_dropped_links(with_members(pd.DataFrame(records)), sites) == [("hub:h", "req:1")]


@pytest.mark.parametrize(
    ("listing", "register", "family", "listing_family", "expected"),
    [
        ("laval", "ressourcerie de laval", None, None, True),
        ("le partage", "partage", "fondation", None, True),
        ("le partage", "partage", None, None, False),
        ("partage des pins", "partage", "cdc", None, False),
        ("", "ressourcerie de laval", None, None, False),
        ("laval", "laval", "cooperative-de-solidarite", "cooperative", True),
        ("laval", "laval", "cooperative", "cooperative", False),
        ("laval", "laval", "fondation", "cpe", False),
        ("laval", "laval", None, "cooperative", False),
        ("ach montreal", "association des cooperatives d habitation de montreal", None, None, True),
        ("ach montreal", "association des cooperatives d habitation de laval", None, None, False),
        ("ac montreal", "association cooperatives de montreal", None, None, False),
        ("ach montreal", "association chasse montreal", None, None, False),
        ("centre de la pette enfance la boussole", "la boussole", "cpe", None, True),
        ("fodation l eclaircie", "l eclaircie", "fondation", None, True),
        ("theatre la boussole", "la boussole", "cpe", None, False),
        ("centre de la pette enfance la boussole", "la boussole", None, None, False),
        ("fondation l eclaircie", "l eclaircie", "cpe", None, False),
        # An acronym with a letter typed twice (« CDCC Saint-Constant »), not another letter.
        ("cdcc saint constant", "saint constant", "cdc", None, True),
        ("cdc saint constant", "saint constant", "cdc", None, True),
        ("cdcs saint constant", "saint constant", "cdc", None, False),
        ("cdcc saint constant", "saint constant", "cpe", None, False),
        ("cpee saint constant", "saint constant", "cpe", None, True),
    ],
)
def test_ends_with_listing(listing, register, family, listing_family, expected) -> None:
    assert ends_with_listing(listing, register, family, listing_family) is expected
