"""Replay serves a recorded landing zone through the production path."""

from __future__ import annotations

from datetime import UTC, datetime

from esq.catalog import load_catalog
from esq.config import Settings
from esq.fetching import replay_source
from esq.landing import LandingZone


def _record(root, fetched: list[tuple[int, str]]):
    zone = LandingZone(root)
    for day, status in fetched:
        w = zone.writer(
            "pes-mauricie-repertoire", mode="sample", now=datetime(2026, 1, day, tzinfo=UTC)
        )
        if status == "success":
            w.add_bytes(f"part-{day}.csv", b"NomEntreprise\nCoop\n")
        w.commit(status)  # type: ignore[arg-type]


def test_replay_copies_the_whole_recorded_history(tmp_path):
    _record(tmp_path / "recording", [(1, "success"), (2, "success"), (3, "failed")])
    settings = Settings.from_env(
        {"ESQ_HOME": str(tmp_path / "home"), "ESQ_REPLAY_ROOT": str(tmp_path / "recording")}
    ).ensure()
    result = replay_source(load_catalog().get("pes-mauricie-repertoire"), settings)
    copied = LandingZone(settings.landing_root).entries("pes-mauricie-repertoire")
    assert [e.manifest.status for e in copied] == ["success", "success", "failed"]
    assert result.entry.fetch_id == "20260102T000000Z"  # the last good one, not the failure
    assert result.attempt == "replayed" and not result.status.stale
    again = replay_source(load_catalog().get("pes-mauricie-repertoire"), settings)
    assert again.entry.fetch_id == result.entry.fetch_id  # idempotent
    assert len(LandingZone(settings.landing_root).entries("pes-mauricie-repertoire")) == 3


def test_a_source_missing_from_the_recording_is_not_marked_stale(tmp_path):
    settings = Settings.from_env(
        {"ESQ_HOME": str(tmp_path / "home"), "ESQ_REPLAY_ROOT": str(tmp_path / "empty")}
    ).ensure()
    result = replay_source(load_catalog().get("pes-mauricie-repertoire"), settings)
    assert (result.attempt, result.entry, result.status.stale) == ("not_recorded", None, False)
