"""Entity-resolution guards added for issue 12 (hard worlds), table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.cluster import cluster, member_facts
from esq.entities.compat import form_class
from esq.entities.exact import Link
from esq.entities.union_find import ConstrainedUnionFind, Facts


@pytest.mark.parametrize(
    ("legal_form", "expected"),
    [
        ("cooperative", "cooperative"),
        ("cooperative-de-solidarite", "cooperative"),
        ("obnl", "non-profit"),
        ("obnl-a-volet-marchand", "non-profit"),
        ("association", "non-profit"),  # the register's ASS is a non-profit too
        ("mutuelle", "mutuelle"),
        # Too loose in hub files to hold records apart.
        ("organisme-public", None),
        ("societe-par-actions", None),
        ("autre", None),
        (None, None),
    ],
)
def test_form_class(legal_form, expected) -> None:
    assert form_class(legal_form) == expected


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (Facts(form="cooperative"), Facts(form="non-profit"), "two_legal_forms"),
        (Facts(form="mutuelle"), Facts(form="cooperative"), "two_legal_forms"),
        (Facts(form="non-profit"), Facts(form="non-profit"), None),
        (Facts(form="cooperative"), Facts(), None),  # a source that states no form
    ],
)
def test_legal_form_cannot_link(a, b, reason) -> None:
    uf = ConstrainedUnionFind({"a": a, "b": b})
    assert uf.conflict("a", "b") == reason


def _records(rows: list[dict]) -> pd.DataFrame:
    base = {
        "neq": None,
        "neq_status": None,
        "source_role": "listing",
        "postal_code": "H2Y 1A1",
        "region_code": "06",
        "name_family": None,
        "name_key": "le rucher",
        "legal_form": None,
    }
    return pd.DataFrame([{**base, **row} for row in rows])


@pytest.mark.parametrize(
    ("rows", "form_of_b"),
    [
        # A listing without a NEQ keeps the form its source states.
        ([{"member": "b", "legal_form": "obnl"}], "non-profit"),
        # A listing giving a valid NEQ takes the register's form with it: its own label is
        # not held against the same-NEQ link (hubs label a co-op « OBNL » by mistake).
        ([{"member": "b", "legal_form": "obnl", "neq": "1", "neq_status": "valid"}], None),
        ([{"member": "b", "legal_form": "obnl", "neq": "1", "source_role": "register"}],
         "non-profit"),
    ],
)  # fmt: skip
def test_member_form(rows, form_of_b) -> None:
    assert member_facts(_records(rows))["b"].form == form_of_b


def test_legal_form_conflict_holds_through_a_chain() -> None:
    """« Coop Le Rucher » (a co-op) and « Le Rucher » (an OBNL) in one town share a name key;
    a third record with no stated form must not join them by a chain."""
    records = _records(
        [
            {"member": "coop", "legal_form": "cooperative"},
            {"member": "x"},
            {"member": "obnl", "legal_form": "obnl"},
        ]
    )
    links = [Link("coop", "x", "same_name_municipality", None, "name")]
    links.append(Link("obnl", "x", "same_name_municipality", None, "name"))
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(records, links, empty, 0.9)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    assert cluster_of["coop"] != cluster_of["obnl"]
    assert out.refused["two_legal_forms"] == 1
