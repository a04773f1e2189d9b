"""Incremental staging: unchanged inputs keep the staged output; content, mapping or reference
changes re-stage (esq.staging.reuse)."""

from __future__ import annotations

import shutil

import pytest

from esq.catalog import load_catalog
from esq.config import SAMPLE_LANDING
from esq.landing import LandingZone
from esq.staging.run import load_municipalities, stage_to_store
from esq.store import read_frame

SOURCES = ("mamh-municipalites", "req-registre", "pes-mauricie-repertoire")


@pytest.fixture
def home(fresh_settings):
    for source_id in SOURCES:
        if not (SAMPLE_LANDING / source_id).is_dir():
            pytest.skip(f"no bundled sample entry for {source_id}")
        shutil.copytree(SAMPLE_LANDING / source_id, fresh_settings.landing_root / source_id)
    return fresh_settings


def staging_dir(settings, source_id: str):
    return settings.layout.staged(source_id, "meta.json").parent


def _stage(settings, source):
    return stage_to_store(source, settings, load_municipalities(settings))


def _reland(settings, source_id: str, edit) -> None:
    """A newer landing entry for the source: the last one's files, edited by ``edit``."""
    last = LandingZone(settings.landing_root).latest_good(source_id)
    with LandingZone(settings.landing_root).writer(source_id, mode="replay") as writer:
        for landed, path in last.iter_files():
            writer.add_bytes(landed.name, edit(path.read_bytes()))
        writer.commit("success")


@pytest.mark.parametrize("source_id", ["req-registre", "pes-mauricie-repertoire"])
def test_an_unchanged_source_is_not_staged_again(home, source_id):
    source = load_catalog().get(source_id)
    first = _stage(home, source)
    listings = staging_dir(home, source_id) / "listings.parquet"
    written = listings.stat().st_mtime_ns
    assert first.ok and not first.reused and first.rows_staged > 0

    second = _stage(home, source)
    assert second.reused  # the marker: inputs unchanged, staged output kept
    assert listings.stat().st_mtime_ns == written  # not rewritten
    assert (second.fetch_ref, second.rows_staged) == (first.fetch_ref, first.rows_staged)

    # The same bytes landed again under a new fetch id: same content hash, still reused.
    _reland(home, source_id, lambda body: body)
    assert _stage(home, source).reused


def test_a_mapping_change_or_new_content_stages_again(home):
    source = load_catalog().get("pes-mauricie-repertoire")
    first = _stage(home, source)
    remapped = source.model_copy(update={"mapping": {**source.mapping, "email": "nothing_here"}})
    again = _stage(home, remapped)
    assert not again.reused and again.ok
    assert _stage(home, remapped).reused

    _reland(home, source.id, lambda body: body + b"\n")  # new bytes (a trailing blank line)
    changed = _stage(home, remapped)
    assert not changed.reused and changed.fetch_ref != first.fetch_ref
    staged = read_frame(staging_dir(home, source.id) / "listings.parquet")
    assert set(staged.fetch_ref) == {changed.fetch_ref}
