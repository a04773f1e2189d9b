"""Name-only edges: rule links and model pairs that join two records on a name (and a place)
alone, with no contact or address agreement. The clustering's two-doors and namesake guards
apply to them (``pair_view.PairView.apart``)."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import pandas as pd

from esq.entities.exact import Link
from esq.entities.town_names import RULE as TOWN_RULE

if TYPE_CHECKING:
    from esq.entities.pair_view import PairView

#: Rules that join on a name (and a place) alone, with no contact or address agreement.
NAME_ONLY = frozenset(
    {
        "same_name_municipality",
        "same_name_region_unique",
        "same_core_name_region_unique",
        TOWN_RULE,
    }
)
#: What a model pair may agree on and still be a name alone (no door, phone or website).
_NAME_FIELDS = frozenset({"name", "family", "place"})


def model_name_only(link: Link) -> bool:
    """A model pair whose agreement is the name (family, town) alone: the rules' name-only
    guards apply to it (a town's two « Le Tournesol » at two doors are two)."""
    return link.rule == "model" and _name_fields_only(link.agreeing_fields)


@lru_cache(maxsize=256)  # at most 64 combinations of the model's fields
def _name_fields_only(agreeing_fields: str) -> bool:
    return set(agreeing_fields.split(",")) <= _NAME_FIELDS


def kindless_rows(involved: pd.DataFrame, view: PairView, edges: list[Link]) -> pd.DataFrame:
    """Rows of the listings that name no kind of body and that a name-only edge would join to
    a registration (``member``, ``name_key``, ``municipality_code``)."""
    # the view's dicts read directly: a lambda and a method call per record of 100 000 edges
    # were most of the time
    role, family = view.role, view.family
    wanted = set()
    for lk in edges:
        if lk.rule in NAME_ONLY or model_name_only(lk):
            left, right = role.get(lk.left) == "register", role.get(lk.right) == "register"
            if right and not left and family.get(lk.left) is None:
                wanted.add(lk.left)
            if left and not right and family.get(lk.right) is None:
                wanted.add(lk.right)
    columns = ["member", "name_key", "municipality_code"]
    if not wanted or "municipality_code" not in involved:
        return pd.DataFrame(columns=columns)
    return involved.loc[involved.member.isin(wanted).to_numpy(), columns]
