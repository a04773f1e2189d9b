"""bench/er_world.py: the er_match rows are hard-world names, normalised, and cached."""

from __future__ import annotations

import tempfile

from bench.er_world import make_frames
from schemas.listing import LISTING_COLUMNS


def test_rows_are_hard_names_normalised_and_cached(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    frame = make_frames(200, 5000, seed=3)
    assert list(frame.columns) == list(LISTING_COLUMNS)
    assert frame.source_role.value_counts().to_dict() == {"register": 5000, "listing": 200}
    assert set(frame.source_id) == {"register", "hub", "hub-b"}
    register = frame[frame.source_role == "register"]
    # legal-form families taken out of the key, « INC. » suffixes, folded accents
    assert register.name_family.notna().any()
    assert register.name.str.contains("INC.", regex=False).any()
    assert not frame.name_key.str.contains("é", regex=False).any()
    # a hub's short forms (« Coop X », « CPE X ») for the register's legal names
    listed = frame[frame.source_role == "listing"]
    assert listed.name.str.match(r"^(Coop|CPE|CAB|CDC|COOP) ").any()
    assert frame.equals(make_frames(200, 5000, seed=3))  # read back from the cache
    assert list(tmp_path.glob("er-match-*/frame.parquet"))
