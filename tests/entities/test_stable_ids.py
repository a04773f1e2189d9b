"""Stable ids through a rerun, a merge and a split; invariants on every run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from esq.entities.invariants import invariant_violations
from esq.entities.resolve import resolve_entities, write_entities
from esq.store import write_frame
from evaluation.entities.frames import listing_frame, sample_municipalities
from evaluation.entities.labelled import repo_root


def _frame(records: list[dict], source_id: str, role: str = "listing") -> pd.DataFrame:
    return listing_frame(records, source_id, role, sample_municipalities(repo_root()))


HUB = [
    {
        "record_key": "1",
        "name": "Coop de solidarité Le Rucher",
        "municipality": "Shawinigan",
        "phone": "819 555-0101",
    },
    {
        "record_key": "2",
        "name": "Fondation Le Rucher",
        "municipality": "Shawinigan",
        "phone": "819 555-0101",
    },  # same switchboard, another kind of body
]
REGISTER = [
    {
        "record_key": "1140000001",
        "neq": "1140000001",
        "municipality": "Shawinigan (Québec)",
        "name": "COOPÉRATIVE DE SOLIDARITÉ LE RUCHER",
        "legal_form": "COP",
    },
]


def _publish(entities, home: Path) -> None:
    for name, frame in entities.frames().items():
        write_frame(home / "published" / f"{name}.parquet", frame)


def _ids(entities) -> dict[str, str]:
    keys = entities.listings.source_id + ":" + entities.listings.record_key
    return dict(zip(keys, entities.listings.enterprise_id, strict=True))


@pytest.fixture
def first(tmp_path):
    entities = resolve_entities(_frame(HUB, "hub"), tmp_path / "published")
    _publish(entities, tmp_path)
    return entities


def test_a_switchboard_and_a_name_do_not_merge_two_kinds_of_body(first):
    ids = _ids(first)
    assert ids["hub:1"] != ids["hub:2"]
    assert invariant_violations(first.listings, first.enterprise_links) == {
        "clusters_with_two_neqs": 0,
        "clusters_with_two_register_records": 0,
        "clusters_with_unexplained_merge": 0,
    }


def test_a_rerun_keeps_every_id(first, tmp_path):
    again = resolve_entities(_frame(HUB, "hub"), tmp_path / "published")
    assert _ids(again) == _ids(first)


def test_the_register_joins_the_cluster_and_gives_its_identity(first, tmp_path):
    listings = pd.concat(
        [_frame(HUB, "hub"), _frame(REGISTER, "req", "register")], ignore_index=True
    )
    second = resolve_entities(listings, tmp_path / "published")
    ids = _ids(second)
    assert ids["req:1140000001"] == ids["hub:1"] == _ids(first)["hub:1"]
    golden = second.enterprises.set_index("enterprise_id").loc[ids["hub:1"]]
    assert (golden.neq, golden.legal_form) == ("1140000001", "cooperative")
    explained = second.enterprise_links
    assert {"hub:1", "req:1140000001"} <= set(explained.left_record) | set(explained.right_record)


def test_write_entities_includes_the_review_table(first, tmp_path):
    from esq.config import Settings
    from esq.entities.resolve import read_entities

    settings = Settings.from_env({"ESQ_HOME": str(tmp_path / "home"), "ESQ_MODE": "replay"})
    write_entities(first, settings)
    assert "review" in read_entities(settings)
