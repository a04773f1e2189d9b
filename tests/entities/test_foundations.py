"""Rule foundation_listed_by_its_name, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.exact import with_members
from esq.entities.foundations import foundation_links

TOWN = {"municipality": "Windsor", "municipality_code": "42100", "mrc": None}


def _reg(key: str, family: str | None = "fondation", **more: object) -> dict:
    return {"source_id": "req", "record_key": key, "source_role": "register",
            "name_key": "le chainon de la traverse", "name_family": family,
            "register_status": "IM", "postal_code": "J1S 1J3", "civic_number": "3807",
            **TOWN, **more}  # fmt: skip


def _hub(**more: object) -> dict:
    return {"source_id": "hub", "record_key": "h", "source_role": "listing",
            "name_key": "le chainon de la traverse", "name_family": None,
            "register_status": None, "postal_code": "J1S 1J3", "civic_number": "3807",
            **TOWN, **more}  # fmt: skip


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # The hub lists « Le Chaînon de la Traverse » at the foundation's door.
        ([_reg("1"), _hub()], [("hub:h", "req:1")]),
        # Another door: a foundation and the body it funds may be two.
        ([_reg("1"), _hub(postal_code="J1S 9Z9", civic_number="12")], []),
        # The funded body is registered in town too: the name is its own.
        ([_reg("1"), _reg("2", None, postal_code="J1S 2A2"), _hub()], []),
        # The listing names its kind (« CPE … »): not the foundation.
        ([_reg("1"), _hub(name_family="cpe")], []),
        # A struck-off foundation is history.
        ([_reg("1", register_status="RD"), _hub()], []),
        # A key made only of the town.
        ([_reg("1", name_key="windsor"), _hub(name_key="windsor")], []),
    ],
)
def test_foundation_links(records, expected) -> None:
    assert foundation_links(with_members(pd.DataFrame(records))) == expected
