"""Deterministic links: each candidate pair with the rule that proposes it.

Rules (most specific first): same NEQ; same business number (when a source gives one); same
name key in the same municipality; same phone, website domain, or postal code + civic number
together with a compatible name (see ``compat.compatible_names``). Unions happen later, in the
clustering, where the cannot-link constraints are checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

from esq.entities.compat import compatible_names, families_conflict
from esq.entities.ids import member_key


@dataclass(frozen=True)
class Link:
    """Why two records are one enterprise."""

    left: str
    right: str
    rule: str
    score: float | None
    agreeing_fields: str


#: rule name, key columns, whether the names must be compatible.
RULES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("same_neq", ("neq",), False),
    ("same_business_number", ("business_number",), False),
    ("same_name_municipality", ("name_key", "municipality_code"), False),
    ("same_name_region_unique", ("name_key", "region_code"), False),
    ("same_phone_compatible_name", ("phone",), True),
    ("same_domain_compatible_name", ("website_domain",), True),
    ("same_postal_civic_compatible_name", ("postal_code", "civic_number"), True),
)
#: A key shared by more records than this is a switchboard or a shared office, not an identity.
MAX_GROUP = 25


def with_members(listings: pd.DataFrame) -> pd.DataFrame:
    """Listings with their ``member`` key (source_id:record_key)."""
    keys = [member_key(s, r) for s, r in zip(listings.source_id, listings.record_key, strict=True)]
    return listings.assign(member=keys)


def _candidate_groups(frame: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    """Rows whose key is shared by 2..MAX_GROUP rows, not all from the register."""
    usable = frame.dropna(subset=list(cols))
    if usable.empty:
        return usable
    usable = usable.assign(_listed=(usable.source_role != "register").astype("int8"))
    grouped = usable.groupby(list(cols), sort=False)
    size = grouped.member.transform("size")
    listed = grouped._listed.transform("max") > 0
    return usable[(size >= 2) & (size <= MAX_GROUP) & listed].drop(columns="_listed")


def _same_place(a: object, b: object) -> bool:
    """Same municipality, or one of them unknown: a shared website across towns is a network
    of distinct organisations more often than one organisation."""
    return not (isinstance(a, str) and isinstance(b, str) and a != b)


def rule_links(listings: pd.DataFrame) -> list[Link]:
    """Every pair a deterministic rule proposes, in a deterministic order."""
    frame = with_members(listings)
    # A register name used by one enterprise only may be linked across towns of one region
    # (the register keeps the registered office, hubs the place of activity).
    register_names = frame.name_key[frame.source_role == "register"].value_counts()
    unique_names = set(register_names.index[register_names == 1])
    links: list[Link] = []
    for rule, cols, need_name in RULES:
        if not set(cols) <= set(frame.columns):
            continue
        source = frame[frame.name_key.isin(unique_names)] if rule.endswith("_unique") else frame
        groups = _candidate_groups(source, cols)
        for _, group in groups.sort_values("member").groupby(list(cols), sort=True):
            rows = list(
                group[
                    ["member", "name_key", "name_family", "source_role", "municipality_code"]
                ].itertuples(index=False)
            )
            for a, b in combinations(rows, 2):
                if a.source_role == "register" and b.source_role == "register":
                    continue
                if need_name and not (
                    compatible_names(a.name_key, b.name_key, a.name_family, b.name_family)
                    and _same_place(a.municipality_code, b.municipality_code)
                ):
                    continue
                if (
                    not need_name
                    and rule != "same_neq"
                    and families_conflict(a.name_family, b.name_family)
                ):
                    continue
                fields = ",".join(cols) + (",name" if need_name else "")
                links.append(Link(a.member, b.member, rule, None, fields))
    return links
