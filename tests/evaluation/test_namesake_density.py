"""The namesake measure: group shapes per key, ties of names, the real extract and a world."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evaluation.hardworld import namesake_density as nd
from evaluation.hardworld import namesake_frames as frames
from evaluation.hardworld.world import build_world
from tests.shared_data import shared_file

REGISTER = pd.DataFrame(
    {
        "neq": ["1", "2", "3", "4", "5", "6"],
        "name": [
            "Coopérative de solidarité Le Phare",
            "COOPERATIVE DE SOLIDARITE LE PHARE INC.",  # same name: case, accents, suffix
            "Centre de la petite enfance Le Phare",  # same key, another kind
            "Fondation La Ruche",
            "La Ruche du Nord",
            "Nord La Ruche du",  # the same words in another order: core only
        ],
        "town": ["A", "B", "A", "A", "C", "C"],
        "form": ["COP", "COP", "APE", "APE", "APE", "APE"],
    }
)


@pytest.mark.parametrize(
    ("level", "share", "groups", "largest", "one_town"),
    [
        ("exact", 2 / 6, 1, 2, 0.0),  # Le Phare ×2 (towns A, B)
        ("key", 3 / 6, 1, 3, 0.0),  # + the CPE
        ("core", 5 / 6, 2, 3, 0.5),  # + « la ruche du nord » twice in town C
    ],
)
def test_namesake_groups_per_key(level, share, groups, largest, one_town) -> None:
    got = nd.namesakes(REGISTER, level)
    assert got["registrations"] == 6
    assert got["with_namesake"] == round(share, 4)
    assert (got["groups"], got["largest"], got["groups_one_town"]) == (groups, largest, one_town)


def test_ties_count_registrations_sharing_a_names_key() -> None:
    names = pd.Series(["COOP LE PHARE", "La Ruche", "Fondation La Ruche", "Inconnu"])
    got = nd.ties(names, REGISTER)
    # « le phare » is 3 registrations' key, « la ruche » one's, « inconnu » none's
    assert (got["none"], got["one"], got["tie"], got["median_tie"]) == (0.25, 0.5, 0.25, 3.0)


def test_real_mauricie_extract_has_no_exact_active_namesake() -> None:
    root = shared_file("data", "real", "req-extract-mauricie", "Entreprise_LatLong.csv").parents[1]
    register = frames.real_register(root)
    got = {level: nd.namesakes(register, level) for level in nd.KEYS}
    assert got["exact"]["registrations"] == 2219
    assert got["exact"]["with_namesake"] == 0.0
    assert got["key"]["with_namesake"] < 0.01


def test_world_register_is_read_as_the_real_extract_was(tmp_path: Path) -> None:
    build_world(tmp_path / "w", 200, 5_000, 3)
    register = frames.world_register(tmp_path / "w", region=None)
    assert len(register) > 500
    assert set(register["form"]) <= set(frames.SE_FORMS)
    assert register["neq"].is_unique and register["name"].notna().all()
    seao = frames.world_seao(tmp_path / "w")
    assert 0.3 < seao["neq"].notna().mean() < 0.8
