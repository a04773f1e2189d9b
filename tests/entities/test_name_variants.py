"""Listing name variants: a town appended to the name, a leading abbreviation."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.exact import rule_links
from esq.entities.name_variants import abbreviation_rows, operator_rows, town_stripped_rows

TR = {"municipality": "Trois-Rivières", "municipality_code": "37067", "mrc": None,
      "region_code": "04"}  # fmt: skip
LV = {"municipality": "Louiseville", "municipality_code": "51015", "mrc": None,
      "region_code": "04"}  # fmt: skip


def _row(role: str, key: str, name_key: str, place: dict, **more: object) -> dict:
    return {"source_id": "req" if role == "register" else "hub", "record_key": key,
            "source_role": role, "name_key": name_key, "name_family": None, "legal_form": None,
            "postal_code": None, "civic_number": None, **place, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("name_key", "expected"),
    [
        ("festival de la galette sarrasin de louiseville", "festival de la galette sarrasin"),
        ("coop de louiseville", None),  # a kind and a place: no name left
        ("festival de la galette sarrasin", None),  # no town at the end
        ("atelier des vieilles forges de trois rivieres", "atelier des vieilles forges"),
        ("maison des jeunes de trois rivieres", None),  # generic words only once the town goes
    ],
)
def test_town_at_the_end_is_left_out(name_key, expected) -> None:
    rows = pd.DataFrame([_row("listing", "h", name_key, TR), _row("register", "1", "x", LV)])
    out = town_stripped_rows(rows)
    assert (out.name_key.iloc[0] if len(out) else None) == expected


@pytest.mark.parametrize(
    ("name_key", "expected"),
    [
        ("cab mirabel", {"centre d action benevole mirabel",
                         "centre d action benevole de mirabel"}),
        ("tourisme lac megantic", {"corporation touristique lac megantic",
                                   "corporation touristique de lac megantic"}),
        ("cabane a sucre", set()),
        ("tourisme", set()),
    ],
)  # fmt: skip
def test_leading_abbreviation_written_out(name_key, expected) -> None:
    rows = pd.DataFrame([_row("listing", "h", name_key, TR)])
    assert set(abbreviation_rows(rows).name_key) == expected


def test_listing_with_the_registrations_town_appended_links_in_the_region() -> None:
    rows = pd.DataFrame(
        [
            _row("register", "1", "festival de la galette de sarrasin", LV),
            _row("listing", "h", "festival de la galette sarrasin de louiseville", TR),
        ]
    )
    assert {lk.rule for lk in rule_links(rows)} == {"same_core_name_region_unique"}


@pytest.mark.parametrize(
    ("name_key", "expected"),
    [
        ("atelier chocolate une division de l atelier des vieilles forges",
         {"l atelier des vieilles forges"}),
        ("la boutique un service du centre d action benevole mekinac",
         {"centre d action benevole mekinac"}),
        ("service de garde les petits loups", set()),  # « service de » leads: not an operator
        ("friperie un projet de la ville", set()),  # nothing identifying left
    ],
)  # fmt: skip
def test_division_names_its_operator(name_key, expected) -> None:
    rows = pd.DataFrame([_row("listing", "h", name_key, TR)])
    assert set(operator_rows(rows).name_key) == expected
