"""Register-size guards: a town's tied namesakes, model ambiguity in match weight (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.ambiguity import ambiguous_pairs, match_weight
from esq.entities.cluster import cluster
from esq.entities.exact import Link
from esq.entities.namesakes import kindless_ties


def _records(rows: list[tuple[str, str, str | None, str | None, str | None]]) -> pd.DataFrame:
    """(member, role, postal code, civic number, register status) in one town, one name."""
    return pd.DataFrame(
        [
            {
                "member": m,
                "source_id": m.split(":")[0],
                "source_role": role,
                "neq": f"11{i:08d}" if role == "register" else None,
                "neq_status": "valid" if role == "register" else None,
                "name_key": "comptoir alimentaire du partage",
                "name_family": None,
                "legal_form": None,
                "postal_code": postal,
                "civic_number": civic,
                "municipality": "Joliette",
                "municipality_code": "61025",
                "mrc": None,
                "region_code": "14",
                "register_status": status,
            }
            for i, (m, role, postal, civic, status) in enumerate(rows)
        ]
    )


@pytest.mark.parametrize(
    ("listing_door", "second_status", "linked_to", "refused"),
    [
        # Two active namesakes, the listing at neither door: a draw, no link.
        (("J6E 1A1", "100"), "IM", None, 2),
        # The listing gives no address at all: still a draw.
        ((None, None), "IM", None, 2),
        # The listing at the first one's door: that one.
        (("J6E 2B2", "200"), "IM", "reg:1", 1),
        # The second namesake struck off: one active registration, linked as before.
        (("J6E 1A1", "100"), "RD", "reg:1", 0),
    ],
)
def test_a_towns_namesakes_need_a_door(listing_door, second_status, linked_to, refused):
    records = _records(
        [
            ("hub:1", "listing", *listing_door, None),
            ("reg:1", "register", "J6E 2B2", "200", "IM"),
            ("reg:2", "register", "J6E 3C3", "300", second_status),
        ]
    )
    links = [
        Link("hub:1", r, "same_name_municipality", None, "name_key,municipality_code")
        for r in ("reg:1", "reg:2")
    ]
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(records, links, empty, 0.9)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    together = [r for r in ("reg:1", "reg:2") if cluster_of[r] == cluster_of["hub:1"]]
    assert together == ([linked_to] if linked_to else [])
    assert out.refused["namesakes_in_town"] == refused


@pytest.mark.parametrize(
    ("best", "second", "ambiguous"),
    [
        # Saturated scores 13 bits apart (the door agrees on one side only): not a draw.
        (0.999999, 0.988, False),
        # Two namesakes scored alike: a draw, as before.
        (0.999351, 0.999351, True),
        (0.95, 0.93, True),
        # More than 0.05 apart: never a draw, as before.
        (0.97, 0.91, False),
    ],
)
def test_ambiguity_needs_close_scores_and_close_weights(best, second, ambiguous):
    pairs = pd.DataFrame(
        [("hub:1", "reg:1", best, "name"), ("hub:1", "reg:2", second, "name")],
        columns=["left", "right", "score", "agreeing_fields"],
    )
    found = ambiguous_pairs(pairs, {"hub:1": False, "reg:1": True, "reg:2": True}, 0.9)
    assert bool(found) is ambiguous


def test_match_weight_is_log2_odds_clipped():
    assert match_weight(0.5) == pytest.approx(0.0)
    assert match_weight(0.8) == pytest.approx(2.0)
    assert match_weight(1.0) == pytest.approx(50.0, abs=0.01)


def test_a_better_candidate_the_model_may_not_merge_leaves_the_runners_up_tied():
    """« Le Chaînon » at the door of « Fondation Le Chaînon » (a foundation never merges with
    a listing naming no kind), two other « Le Chaînon » in town score alike: no link."""
    records = _records(
        [
            ("hub:1", "listing", "H2Y 2V5", "1550", None),
            ("reg:1", "register", "H2Y 2V5", "1550", "IM"),
            ("reg:2", "register", "H2Y 9P3", "986", "IM"),
            ("reg:3", "register", "H2Y 1A1", "12", "IM"),
        ]
    ).assign(name_key="le chainon", name_family=[None, "fondation", None, None])
    pairs = pd.DataFrame(
        [
            ("hub:1", "reg:1", 0.999999, "name,address,place"),
            ("hub:1", "reg:2", 0.98, "name,place"),
            ("hub:1", "reg:3", 0.98, "name,place"),
        ],
        columns=["left", "right", "score", "agreeing_fields"],
    )
    out = cluster(records, [], pairs, 0.9)
    assert all(len(members) == 1 for members in out.clusters.values())
    assert out.ambiguous == {("hub:1", "reg:2"), ("hub:1", "reg:3")}


@pytest.mark.parametrize(
    ("second_key", "second_status", "listing_door", "linked", "refused"),
    [
        # « Le Fil d'Ariane »: the name of a co-op and, after its kind phrase, of a youth
        # centre of the town; the listing at neither door: neither.
        ("maison des jeunes le fil d ariane", "IM", ("J8X 3V3", "3328"), False, 1),
        # ... at the co-op's door: the co-op.
        ("maison des jeunes le fil d ariane", "IM", ("J8X 8L9", "2849"), True, 0),
        # The youth centre struck off: the one active registration, as before.
        ("maison des jeunes le fil d ariane", "RD", ("J8X 3V3", "3328"), True, 0),
        # The other name only contains the listing's words (« … de Gatineau » after them).
        ("le fil d ariane de gatineau", "IM", ("J8X 3V3", "3328"), True, 0),
    ],
)
def test_a_name_without_kind_borne_by_two_bodies_of_the_town_needs_a_door(
    second_key, second_status, listing_door, linked, refused
):
    records = _records(
        [
            ("hub:1", "listing", *listing_door, None),
            ("reg:1", "register", "J8X 8L9", "2849", "IM"),
            ("reg:2", "register", "J8X 1W5", "3088", second_status),
        ]
    ).assign(
        name_key=["le fil d ariane", "le fil d ariane", second_key],
        name_family=[None, "cooperative-de-travail", None],
    )
    link = Link("hub:1", "reg:1", "same_name_municipality", None, "name_key,municipality_code")
    empty = pd.DataFrame(columns=["left", "right", "score", "agreeing_fields"])
    out = cluster(records, [link], empty, 0.9)
    cluster_of = {m: label for label, members in out.clusters.items() for m in members}
    assert (cluster_of["hub:1"] == cluster_of["reg:1"]) is linked
    assert out.refused["kind_namesakes_in_town"] == refused


@pytest.mark.parametrize(
    ("second", "tied"),
    [
        # the name itself, and the name after a kind phrase: two bearers
        (("le fil d ariane", "61025", "IM"), True),
        (("maison des jeunes le fil d ariane", "61025", None), True),
        # the name ends another word (« … xle fil d ariane »): not borne
        (("maison xle fil d ariane", "61025", "IM"), False),
        # the name followed by more words: not borne
        (("le fil d ariane de joliette", "61025", "IM"), False),
        # another town, or struck off: one bearer only
        (("maison des jeunes le fil d ariane", "61040", "IM"), False),
        (("maison des jeunes le fil d ariane", "61025", "RD"), False),
    ],
)
def test_kindless_ties_counts_active_bearers_of_the_town(second, tied):
    frame = pd.DataFrame(
        [
            ("hub:1", "listing", "le fil d ariane", "61025", None),
            ("reg:1", "register", "cooperative de travail le fil d ariane", "61025", "IM"),
            ("reg:2", "register", *second),
        ],
        columns=["member", "source_role", "name_key", "municipality_code", "register_status"],
    )
    kindless = frame.iloc[:1][["member", "name_key", "municipality_code"]]
    assert kindless_ties(frame, kindless) == ({"hub:1"} if tied else set())
