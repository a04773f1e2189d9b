"""VERSION 4: an active co-op or non-profit of the background never repeats a core in force."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from evaluation.hardworld import namesake_density as nd
from evaluation.hardworld import namesake_frames as frames
from evaluation.hardworld.names import SYLLABLES
from evaluation.hardworld.unique_names import NameRegister, invented_pair
from evaluation.hardworld.world import build_world

CASES = [
    # (core, active, renamed): « Le Phare » is in force (the world's own registration)
    ("Le Phare", True, True),
    ("LE PHARÉ inc.", True, True),  # the same core less case, accents and « inc. »
    ("La Ruche", True, False),  # the first of its core in this chunk …
    ("LA RUCHE", True, True),  # … the second is renamed
    ("La Ruche", False, False),  # a struck-off entry keeps its name
    ("La Boussole", False, False),
    ("La Boussole", True, False),  # the struck-off one held nothing in force
]


def test_admit_renames_active_entries_repeating_a_core_in_force() -> None:
    register = NameRegister(["Le Phare"])
    cores = pa.array([c for c, _, _ in CASES])
    names = pa.array([f"Coopérative de travail {c}" for c, _, _ in CASES])
    active = np.array([a for _, a, _ in CASES])
    got = register.admit(
        names,
        cores,
        pa.array(["Coopérative de travail"] * len(CASES)),
        active,
        np.arange(100, 100 + len(CASES)),
        SYLLABLES,
    ).to_pylist()
    renamed = [g != n for g, n in zip(got, names.to_pylist(), strict=True)]
    assert renamed == [r for _, _, r in CASES]
    assert all(g.startswith("Coopérative de travail ") for g in got)
    kept = [g.upper() for g, a in zip(got, active, strict=True) if a]
    assert register.renamed == 3 and len(set(kept)) == len(kept)


def test_invented_pairs_are_distinct() -> None:
    index = np.array([0, 1, 3_599, 3_600, 3_601, 2_499_999])
    pairs = invented_pair(index, SYLLABLES).to_pylist()
    assert len(set(pairs)) == len(pairs) and all(len(p.split()) == 2 for p in pairs)


@pytest.mark.parametrize("seed", [1, 2])
def test_background_holds_no_active_namesake(tmp_path: Path, seed: int) -> None:
    build_world(tmp_path / "w", 200, 20_000, seed)
    register = frames.world_register(tmp_path / "w", region=None)
    truth = pd.read_parquet(tmp_path / "w" / "truth" / "entities.parquet", columns=["neq", "role"])
    background = register.merge(truth, on="neq")
    background = background[background["role"] == "background"]
    assert len(background) > 2_000
    assert nd.namesakes(background, "exact")["groups"] == 0
    assert nd.namesakes(background, "key")["groups"] == 0


def test_natural_organisations_hold_distinct_cores(tmp_path: Path) -> None:
    """VERSION 5: two organisations share a name only when planted so (homonyms, namesakes, an
    MRC and its tourism corporation); a town core is shared by kinds (CDC and co-op of X)."""
    build_world(tmp_path / "w", 1_000, 2_000, 1)
    truth = pd.read_parquet(tmp_path / "w" / "truth" / "entities.parquet")
    orgs = truth[(truth["role"] == "se") & (truth["status"] == "IM") & truth["neq"].notna()]
    planted = (
        orgs["phenomena"].fillna("").str.contains("homonym|namesake|degenerate|legal_form_conflict")
    )
    natural = orgs[~planted].rename(columns={"town_code": "town"})
    assert len(natural) > 1_000
    assert nd.namesakes(natural, "exact")["groups"] == 0
    assert nd.namesakes(natural, "key")["with_namesake"] < 0.01
