"""What `enterprises` counts (DESIGN §3), table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.basis import split_golden, standing


@pytest.mark.parametrize(
    ("listed", "form", "status", "expected"),
    [
        (True, "obnl", "IM", ("enterprise", "listed")),  # a listed non-profit
        (True, "cooperative", "IM", ("enterprise", "both")),
        (True, None, None, ("enterprise", "listed")),  # listed, no NEQ
        (True, "cooperative", "RD", ("enterprise", "listed")),  # listed, struck off
        (False, "cooperative-de-solidarite", "IM", ("enterprise", "legal_form")),
        (False, "mutuelle", "IM", ("enterprise", "legal_form")),
        (False, "cooperative", None, ("enterprise", "legal_form")),  # extract of active only
        (False, "obnl", "IM", ("candidate", None)),  # no source says it trades
        (False, "association", "IM", ("candidate", None)),
        (False, "cooperative", "RD", ("former", None)),  # struck off, listed nowhere
        (False, "obnl", "RX", ("former", None)),
        # a numbered company's registration a listing named (esq.register.named)
        (True, "societe-par-actions", "IM", ("enterprise", "listed")),  # never "both"
        (False, "societe-par-actions", "IM", ("former", None)),  # alone: no candidate
        (False, None, "IM", ("candidate", None)),  # unknown form: as before
    ],
)
def test_standing(listed, form, status, expected):
    assert standing(listed, form, status) == expected


def test_split_golden_keeps_candidates_and_former_out_of_enterprises():
    golden = pd.DataFrame(
        {
            "enterprise_id": ["E1", "E2", "E3", "E4"],
            "legal_form": ["obnl", "cooperative", "obnl", "cooperative"],
            "register_status": ["IM", "IM", "IM", "RD"],
            "social_economy_basis": ["both", "legal_form", "legal_form", "legal_form"],
        }
    )
    enterprises, candidates, former = split_golden(golden, {"E1"})
    got = zip(enterprises.enterprise_id, enterprises.social_economy_basis, strict=True)
    assert dict(got) == {
        "E1": "listed",
        "E2": "legal_form",
    }
    assert list(candidates.enterprise_id) == ["E3"]
    assert set(candidates.social_economy_basis) == {"candidate"}
    assert former == {"E4"}
