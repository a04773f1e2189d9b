"""The row's own place against the linker's choice between namesakes (esq.matching.ties)."""

from __future__ import annotations

import pytest

from esq.matching.ties import break_tie, elsewhere, tied_ids, weakly_decided

ENTERPRISES = {
    "E1": {"municipality": "Saint-Georges", "postal_code": "G5Y 1A1"},
    "E2": {"municipality": "Lévis", "postal_code": "G6V 2B2"},
    "E3": {"municipality": "Lévis", "postal_code": "G6V 3C3"},
    "E4": {"municipality": "Lévis", "postal_code": None},
}
info = ENTERPRISES.get


@pytest.mark.parametrize(
    ("tied", "town", "postal", "chosen"),
    [
        (["E1", "E2"], "St-Georges", None, "E1"),  # the linker's town spelling rules
        (["E1", "E2"], "SAINT-GEORGES (Québec)", None, "E1"),
        (["E1", "E2"], "LEVIS", None, "E2"),
        (["E2", "E3"], "Lévis", None, None),  # two in town: the town does not tell
        (["E2", "E3"], "Lévis", "g6v3c3", "E3"),  # the postal code does
        (["E2", "E3"], None, "G6V 9Z9", None),
        # the others in town are at another code: the one whose code is unknown is not chosen
        # by elimination (the list's code may be an old address)
        (["E2", "E4"], "Lévis", "G6V 9Z9", None),
        (["E2", "E3", "E4"], "Lévis", "G6V 9Z9", None),
        (["E1", "E4"], "Lévis", "G6V 9Z9", "E4"),  # the one in town
        (["E3", "E4"], "Lévis", "G6V 3C3", "E3"),  # the code itself first
        (["E2", "E4"], "Lévis", None, None),  # no code: the town does not tell
        (["E1", "E2"], None, None, None),
    ],
)
def test_break_tie(tied: list[str], town: str | None, postal: str | None, chosen) -> None:
    assert break_tie(tied, info, town, postal) == chosen


@pytest.mark.parametrize(
    ("decided", "weak"),
    [
        ("buyer_city", True),
        ("listed", True),
        ("same_name", True),
        ("locality", False),
        ("neq_digits", False),
        ("qualified_name", False),
        (None, False),
    ],
)
def test_weakly_decided(decided: str | None, weak: bool) -> None:
    row = {"link_detail": "la source ~ la source", "tie_broken_by": decided}
    assert weakly_decided(row) is weak


@pytest.mark.parametrize(
    ("enterprise", "town", "postal", "away"),
    [
        ("E1", "St-Georges", None, False),
        ("E1", "Lévis", "G5Y 1A1", True),  # the town speaks first
        ("E2", None, "G6V2B2", False),
        ("E2", None, "G6V 3C3", True),
        ("E2", None, None, False),  # a row that says nothing is never elsewhere
        ("E2", "  ", "", False),
    ],
)
def test_elsewhere(enterprise: str, town: str | None, postal: str | None, away: bool) -> None:
    assert elsewhere(enterprise, info, town, postal) is away


def test_tied_ids() -> None:
    assert tied_ids("tie: a ~ a", "E1 | E2") == ["E1", "E2"]
    assert tied_ids("review_band: a ~ b", "E1") == []


def test_towns_by_postal_code() -> None:
    import pandas as pd

    from esq.matching.ties import towns_by_postal_code

    frame = pd.DataFrame(
        {
            "postal_code": ["G5Y 1A1", "g5y1a1", "G6V 2B2", "G6V 2B2", None],
            "municipality": ["Saint-Georges", "Saint-Georges", "Lévis", "Québec", "Granby"],
        }
    )
    town_at = towns_by_postal_code(frame)
    assert town_at("G5Y1A1") == "Saint-Georges"
    assert town_at("G6V 2B2") is None  # a code shared by two towns says nothing
    assert town_at("J2G 9Z9") is None and town_at(None) is None and town_at("") is None
