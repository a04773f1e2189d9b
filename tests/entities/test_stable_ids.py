"""Stable ids through a rerun, a merge and a split; invariants on every run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from esq.entities.entity_tables import write_entities
from esq.entities.invariants import invariant_violations
from esq.entities.resolve import resolve_entities
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
    from esq.entities.entity_tables import read_entities

    settings = Settings.from_env({"ESQ_HOME": str(tmp_path / "home"), "ESQ_MODE": "replay"})
    write_entities(first, settings)
    assert "review" in read_entities(settings)


# assign_ids on its own: (clusters now, last run's member -> id) -> kept ids, merges, splits.
ID_CASES = [
    (  # unchanged: every cluster keeps its id, nothing new
        {"a": ["s:1", "s:2"], "c": ["s:3"]},
        {"s:1": "E1", "s:2": "E1", "s:3": "E2"},
        {"a": "E1", "c": "E2"},
        {},
        {},
    ),
    (  # merge: the id most members had survives, the other is merged into it
        {"a": ["s:1", "s:2", "s:3"]},
        {"s:1": "E2", "s:2": "E2", "s:3": "E1"},
        {"a": "E2"},
        {"E1": "E2"},
        {},
    ),
    (  # merge tie: the smallest id survives
        {"a": ["s:1", "s:2"]},
        {"s:1": "E2", "s:2": "E1"},
        {"a": "E1"},
        {"E2": "E1"},
        {},
    ),
    (  # split: the cluster with most members keeps the id, the other splits from it
        {"a": ["s:1"], "b": ["s:2", "s:3"]},
        {"s:1": "E1", "s:2": "E1", "s:3": "E1"},
        {"b": "E1"},
        {},
        {"a": "E1"},
    ),
    (  # split tie: the smallest label keeps the id
        {"a": ["s:1"], "b": ["s:2"]},
        {"s:1": "E1", "s:2": "E1"},
        {"a": "E1"},
        {},
        {"b": "E1"},
    ),
]


@pytest.mark.parametrize(("clusters", "previous", "kept", "merged", "split"), ID_CASES)
def test_assign_ids_keeps_merges_and_splits(clusters, previous, kept, merged, split):
    from esq.entities.ids import assign_ids

    out = assign_ids(clusters, previous, set(previous.values()))
    assert {k: v for k, v in out.cluster_ids.items() if k in kept} == kept
    assert out.merged == merged
    fresh = {label: out.cluster_ids[label] for label in clusters if label not in kept}
    assert set(fresh.values()) == set(out.new)
    assert not set(out.new) & set(previous.values())  # an issued id is never reused
    assert {label: out.split_from[fresh[label]] for label in split} == split


def test_the_id_registry_records_merges_and_removals():
    from esq.entities.id_registry import id_registry

    old = pd.DataFrame(
        [
            ("E1", "active", None, None),
            ("E2", "active", None, None),
            ("E3", "active", None, "E0"),
            ("E5", "active", None, None),
        ],
        columns=["enterprise_id", "status", "merged_into", "split_from"],
    )
    reg = id_registry(old, {"E1", "E3", "E4"}, {"E2": "E1"}, {"E4": "E3"})
    assert [tuple(r) for r in reg.itertuples(index=False)] == [
        ("E1", "active", None, None),
        ("E2", "merged", "E1", None),
        ("E3", "active", None, "E0"),
        ("E4", "active", None, "E3"),
        ("E5", "removed", None, None),
    ]
