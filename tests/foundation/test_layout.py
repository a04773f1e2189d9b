"""The ESQ_HOME layout has one owner (esq/layout.py), and a missing expected file is an error
naming the file — never an empty table."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from esq.catalog import load_catalog
from esq.config import Settings
from esq.entities.entity_tables import read_entities
from esq.store import (
    MissingFileError,
    read_frame,
    read_published,
    read_staged,
    write_frame,
    write_json,
)
from warehouse.assemble import assemble_tables

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("esq", "warehouse", "assets", "pipelines")
#: Modules that own one kind of file inside the folder they are handed (``Layout.state``).
OWN_FILES = {"esq/status.py", "esq/staging/drift.py"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"ESQ_HOME": str(tmp_path / "home")}).ensure()


def test_a_missing_file_is_an_error_naming_it(settings: Settings) -> None:
    path = settings.layout.core("enterprises")
    with pytest.raises(MissingFileError, match=re.escape(str(path))):
        read_frame(path, "written by the entities step")


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (None, ["enterprise_id", "name", "other_names"]),  # every column
        (["enterprise_id", "other_names"], ["enterprise_id", "other_names"]),  # only these
    ],
)
def test_read_frame_reads_the_columns_asked_for(
    settings: Settings, columns: list[str] | None, expected: list[str]
) -> None:
    path = settings.layout.core("listings")
    write_frame(path, pd.DataFrame({"enterprise_id": ["e1"], "name": ["A"], "other_names": [None]}))
    frame = read_frame(path, "written by the entities step", columns)
    assert list(frame.columns) == expected
    assert frame.enterprise_id.tolist() == ["e1"]


def test_entities_never_built_are_an_error_not_empty_tables(settings: Settings) -> None:
    with pytest.raises(MissingFileError, match=r"staging/core/\w+\.parquet"):
        read_entities(settings)
    with pytest.raises(MissingFileError, match="staging/core/"):
        assemble_tables(load_catalog(), settings)


@pytest.mark.parametrize(
    ("meta", "data", "outcome"),
    [
        (False, False, "empty"),  # never staged: no rows, and no error
        (True, True, "rows"),  # staged: its rows
        (True, False, "error"),  # staged, yet its listings are gone: an error naming them
    ],
)
def test_a_staged_file_is_required_once_the_source_was_staged(
    settings: Settings, meta: bool, data: bool, outcome: str
) -> None:
    layout = settings.layout
    listings = layout.staged("src", "listings.parquet")
    if data:
        write_frame(listings, pd.DataFrame({"record_key": ["1"]}))
    if meta:
        write_json(layout.staged("src", "meta.json"), {"rows_staged": 1})
    if outcome == "error":
        with pytest.raises(MissingFileError, match=re.escape(str(listings))):
            read_staged(layout, "src", "listings.parquet", ("record_key",))
        return
    frame = read_staged(layout, "src", "listings.parquet", ("record_key",))
    assert list(frame.record_key) == ([] if outcome == "empty" else ["1"])


def test_the_previous_publication_is_empty_only_before_the_first(settings: Settings) -> None:
    published = settings.layout.published
    assert read_published(published, "enterprises", ("enterprise_id",)).empty  # no folder
    published.mkdir()
    assert read_published(published, "enterprises", ("enterprise_id",)).empty  # empty folder
    write_frame(published / "changes.parquet", pd.DataFrame({"enterprise_id": ["e1"]}))
    with pytest.raises(MissingFileError, match=r"enterprises\.parquet"):
        read_published(published, "enterprises", ("enterprise_id",))


#: A path under ESQ_HOME built by hand: ``home / "x"``, ``staging_dir / ...``, ``"core" /``.
HAND_BUILT = re.compile(
    r"""(\bhome\s*/\s*["']|staging_dir\s*/|state_dir\s*/\s*["']|/\s*["'](core|staging|"""
    r"""releases|build|published|reference)["'])"""
)


def test_no_layer_builds_an_esq_home_path_by_hand() -> None:
    """Every ESQ_HOME path comes from esq/layout.py (status and drift baselines: their own
    modules, inside the state folder they are handed)."""
    found = []
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if path.name == "layout.py" or str(path.relative_to(ROOT)) in OWN_FILES:
                continue
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if HAND_BUILT.search(line) and not line.lstrip().startswith("#"):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []
