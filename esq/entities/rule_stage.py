"""The rule stage as the run does it: the key rules of ``exact.py``, then the pair rules.

``resolve_entities`` and ``bench/er_match.py`` both call :func:`rule_stage_links`, so the
benchmark times every rule the pipeline runs. A new evidence rule is one more entry of
:data:`PAIR_RULES`: a function from the matched rows and the register's sites to (left, right)
member pairs, its rule name and the fields it reads.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from esq.cycle_collection import paused_cycle_collection
from esq.entities.door_evidence import evidence_links
from esq.entities.door_names import RULE as DOOR_RULE
from esq.entities.door_names import door_name_links
from esq.entities.exact import Link, rule_links
from esq.entities.foundations import RULE as FOUNDATION_RULE
from esq.entities.foundations import foundation_links
from esq.entities.kind_dropped import RULE as KIND_DROPPED_RULE
from esq.entities.kind_dropped import kind_dropped_links
from esq.entities.place_doors import HALF_DOOR_RULE, half_door_links, place_kind_links
from esq.entities.place_doors import RULE as PLACE_DOOR_RULE

PairRule = Callable[[pd.DataFrame, pd.DataFrame | None], list[tuple[str, str]]]

#: (rule, agreeing_fields, pairs), run in this order after the key rules.
PAIR_RULES: tuple[tuple[str, str, PairRule], ...] = (
    # one door with a field missing on one side, and the same name words (door_names.py)
    (DOOR_RULE, "door,name", door_name_links),
    # a foundation a hub lists without the word « Fondation », at its door (foundations.py)
    (FOUNDATION_RULE, "door,name", foundation_links),
    # a listing named by its registration's name without the kind phrase (kind_dropped.py)
    (KIND_DROPPED_RULE, "door,name", kind_dropped_links),
    # a place's name, its kind and half a door (postal code or civic number: place_doors.py)
    (PLACE_DOOR_RULE, "door,name,family", place_kind_links),
    (HALF_DOOR_RULE, "civic_number,municipality_code,name", half_door_links),
)


def rule_stage_links(
    matched: pd.DataFrame,
    establishments: pd.DataFrame | None = None,
    other_names: pd.DataFrame | None = None,
) -> list[Link]:
    """Every deterministic link of ``matched`` (rows with ``member``): ``exact.rule_links``,
    then each of :data:`PAIR_RULES`, then the door evidence; ``establishments``: the
    register's sites with ``member``; ``other_names``: ``features.other_name_rows(matched)``
    when the caller has it."""
    with paused_cycle_collection():  # tuples by the hundred thousand, no cycles
        links = rule_links(matched, establishments, other_names)
        for rule, fields, pairs in PAIR_RULES:
            links += [Link(a, b, rule, None, fields) for a, b in pairs(matched, establishments)]
        # A second agreement at the door for listings nothing else links (door_evidence.py);
        # the clustering tries these last.
        return links + evidence_links(matched, establishments, links)
