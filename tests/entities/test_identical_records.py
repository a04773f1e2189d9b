"""Identical records of one source are matched once (esq/entities/duplicates.py), table-driven."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from esq.entities.cluster import Clustering
from esq.entities.duplicates import RULE, identical_records, unfold
from esq.entities.exact import with_members
from esq.entities.invariants import invariant_violations
from esq.entities.resolve import resolve_entities
from evaluation.entities.frames import listing_frame, sample_municipalities
from evaluation.entities.labelled import repo_root


def _row(key: str, source: str = "hub", role: str = "listing", **more: object) -> dict:
    return {"source_id": source, "record_key": key, "source_role": role, "name_key": "le rucher",
            "postal_code": "G9N 1A1", "civic_number": "12", "sector": None, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "folded"),
    [
        # A double entry: folded into the first copy.
        ([_row("1"), _row("2")], {"hub:2": "hub:1"}),
        # Three copies, one first.
        ([_row("1"), _row("2"), _row("3")], {"hub:2": "hub:1", "hub:3": "hub:1"}),
        # Only the sector differs (one row per sector of activity): still identical for matching.
        ([_row("1", sector="culture"), _row("2", sector="loisirs")], {"hub:2": "hub:1"}),
        # The name typed in capitals, the website without its scheme: one name key, one domain.
        (
            [
                _row("1", name="Coop Le Rucher", website="https://lerucher.ca"),
                _row("2", name="COOP LE RUCHER", website="lerucher.ca"),
            ],
            {"hub:2": "hub:1"},
        ),
        # Another phone: two records.
        ([_row("1", phone="+18195550101"), _row("2", phone="+18195550102")], {}),
        # Two sources: each is evidence of its own, left to the rules.
        ([_row("1"), _row("1", source="dir")], {}),
        # No door (no postal code, no civic number): maybe two bodies of one name in one town.
        (
            [
                _row("1", postal_code=None, civic_number=None),
                _row("2", postal_code=None, civic_number=None),
            ],
            {},
        ),
        # A civic number alone is a door.
        ([_row("1", postal_code=None), _row("2", postal_code=None)], {"hub:2": "hub:1"}),
        # Register records are never folded: two registrations are two bodies.
        ([_row("1", source="req", role="register"), _row("2", source="req", role="register")], {}),
    ],
)
def test_identical_records(rows, folded) -> None:
    got = identical_records(with_members(pd.DataFrame(rows)))
    assert dict(got.items()) == folded


def test_a_record_a_reviewer_named_is_not_folded() -> None:
    framed = with_members(pd.DataFrame([_row("1"), _row("2"), _row("3")]))
    assert dict(identical_records(framed, keep={"hub:2"}).items()) == {"hub:3": "hub:1"}


def test_unfold_puts_each_copy_in_its_first_copy_cluster() -> None:
    # Clustered rows: hub:1 with req:9 (touched), hub:5 alone (untouched); hub:2 and hub:6 were
    # folded before clustering and come back as copies of hub:1 and hub:5.
    matched = np.array(["hub:1", "hub:5", "req:9"], dtype=object)
    clustering = Clustering([], matched, np.array([0, 2]), np.array(["hub:1", "hub:1"], object))
    every = np.array(["hub:1", "hub:2", "hub:5", "hub:6", "req:9"], dtype=object)
    folded = pd.Series({"hub:2": "hub:1", "hub:6": "hub:5"}, dtype=object)
    out = unfold(clustering, every, folded)
    assert out.clusters == {"hub:1": ["hub:1", "hub:2", "req:9"], "hub:5": ["hub:5", "hub:6"]}
    assert [(lk.left, lk.right, lk.rule) for lk in out.links] == [
        ("hub:1", "hub:2", RULE),
        ("hub:5", "hub:6", RULE),
    ]


def test_copies_of_a_hub_record_end_in_one_enterprise(tmp_path) -> None:
    record = {"name": "Coop de solidarité Le Rucher", "municipality": "Shawinigan",
              "address": "12, rue Principale", "postal_code": "G9N 1A1",
              "phone": "819 555-0101"}  # fmt: skip
    hub = [{"record_key": str(i), **record} for i in range(1, 6)]
    towns = sample_municipalities(repo_root())
    listings = listing_frame(hub, "hub", "listing", towns)
    entities = resolve_entities(listings, tmp_path / "published")
    assert entities.listings.enterprise_id.nunique() == 1
    assert entities.stats["identical_records"] == 4
    assert (entities.enterprise_links.rule == RULE).sum() == 4
    assert not any(invariant_violations(entities.listings, entities.enterprise_links).values())
