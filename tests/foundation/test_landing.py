"""The landing zone stores bodies as received and serves the last good entry."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from esq.landing import LandingZone


def _at(second: int) -> datetime:
    return datetime(2026, 1, 1, 0, 0, second, tzinfo=UTC)


def test_round_trip_keeps_bytes_and_manifest(tmp_path):
    zone = LandingZone(tmp_path)
    body = "Coopérative;Lévis\r\n".encode("cp1252")
    writer = zone.writer("hub", now=_at(1))
    writer.add_bytes(
        "a.csv",
        body,
        url="https://example.org/a.csv",
        http_status=200,
        etag='"v1"',
        params={"page": 1},
    )
    entry = writer.commit()
    assert entry.file_path("a.csv").read_bytes() == body
    manifest = json.loads((entry.path / "manifest.json").read_text("utf-8"))
    assert manifest["files"][0]["sha256"] == hashlib.sha256(body).hexdigest()
    assert manifest["files"][0]["size"] == len(body)
    assert manifest["files"][0]["params"] == {"page": 1}
    assert manifest["fetch_id"] == "20260101T000001Z"
    assert zone.latest_good("hub").fetch_id == entry.fetch_id


def test_failed_and_not_modified_entries_never_hide_the_last_good(tmp_path):
    zone = LandingZone(tmp_path)
    w = zone.writer("hub", now=_at(1))
    w.add_bytes("a.csv", b"x")
    good = w.commit()
    zone.writer("hub", now=_at(2)).commit("not_modified", reused_from=good.fetch_id)
    zone.writer("hub", now=_at(3)).commit("failed", error="HTTP 503")
    assert [e.manifest.status for e in zone.entries("hub")] == ["success", "not_modified", "failed"]
    assert zone.latest_good("hub").fetch_id == good.fetch_id


def test_aborted_fetch_leaves_nothing_readable(tmp_path):
    zone = LandingZone(tmp_path)
    with zone.writer("hub", now=_at(1)) as w:
        w.add_bytes("a.csv", b"partial")
    assert zone.entries("hub") == []
    assert list((tmp_path / "hub").iterdir()) == []


def test_two_fetches_in_one_second_are_both_kept(tmp_path):
    zone = LandingZone(tmp_path)
    first = zone.writer("hub", now=_at(1)).commit()
    second = zone.writer("hub", now=_at(1)).commit()
    assert first.fetch_id != second.fetch_id
    assert [e.fetch_id for e in zone.entries("hub")] == [first.fetch_id, second.fetch_id]


def test_a_writer_given_its_time_writes_no_wall_clock(tmp_path):
    """Samples regenerate byte for byte: every time in the manifest is the given one."""
    w = LandingZone(tmp_path).writer("hub", now=_at(7))
    w.add_bytes("a.csv", b"x", fetched_at="2026-01-01T00:00:07Z")
    manifest = w.commit().manifest
    assert manifest.started_at == manifest.finished_at == "2026-01-01T00:00:07Z"
