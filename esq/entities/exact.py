"""Deterministic links: each candidate pair with the rule that proposes it.

Rules (most specific first): same NEQ; same business number (when a source gives one); same
name key in the same municipality; same phone, website domain, or postal code + civic number
together with a compatible name (see ``compat.compatible_names``). Unions happen later, in the
clustering, where the cannot-link constraints are checked.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from itertools import combinations, groupby

import pandas as pd

from esq.entities.compat import (
    compatible_names,
    core_key,
    degenerate_key,
    effective_family,
    families_conflict,
    kinds_conflict,
    place_words,
    shared_host,
)


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
    ("same_core_name_region_unique", ("core_key", "region_code"), False),
    ("same_phone_compatible_name", ("phone",), True),
    ("same_domain_compatible_name", ("website_domain",), True),
    ("same_postal_civic_compatible_name", ("postal_code", "civic_number"), True),
)
#: A key shared by more records than this is a switchboard or a shared office, not an identity.
MAX_GROUP = 25


def with_members(listings: pd.DataFrame) -> pd.DataFrame:
    """Listings with their ``member`` key (source_id:record_key)."""
    # Same text as ids.member_key, vectorised (a register has millions of rows).
    return listings.assign(
        member=listings.source_id.astype(str) + ":" + listings.record_key.astype(str)
    )


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


_Row = namedtuple(
    "_Row",
    "member name_key name_family source_role municipality_code municipality mrc legal_form"
    " postal_code",
)


def _grouped_rows(groups: pd.DataFrame, cols: tuple[str, ...]) -> list[list[_Row]]:
    """Rows of each key group, sorted by member (plain tuples: pandas group iteration is slow)."""
    if groups.empty:
        return []
    keys = list(zip(*(groups[c].astype(object).tolist() for c in cols), strict=True))
    rows = [
        _Row(*values)
        for values in zip(*(groups[c].astype(object).tolist() for c in _Row._fields), strict=True)
    ]
    ordered = sorted(zip(keys, rows, strict=True), key=lambda kr: (kr[0], kr[1].member))
    return [[r for _, r in grp] for _, grp in groupby(ordered, key=lambda kr: kr[0])]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _proposes(rule: str, need_name: bool, a: _Row, b: _Row) -> bool:
    """Whether the rule links this pair of records sharing its key."""
    if a.source_role == "register" and b.source_role == "register":
        return False
    if rule == "same_neq":
        return True
    fa = effective_family(_text(a.name_family), _text(a.legal_form), a.source_role)
    fb = effective_family(_text(b.name_family), _text(b.legal_form), b.source_role)
    places = pair_places(a, b)
    kind_a = (a.name_key, fa, _text(a.legal_form), a.source_role)
    if kinds_conflict(kind_a, (b.name_key, fb, _text(b.legal_form), b.source_role), places):
        return False
    if need_name:
        return compatible_names(a.name_key, b.name_key, fa, fb, places) and _same_place(
            _text(a.municipality_code), _text(b.municipality_code)
        )
    if families_conflict(fa, fb):
        return False
    # A name reduced to a place (« CDC Mékinac », « Coop de Mékinac » -> « mekinac »; « Caisse
    # Desjardins de X ») identifies only with the same kind of body or the same postal code.
    if not degenerate_key(a.name_key, places):
        return True
    return (fa is not None and fa == fb) or (
        _text(a.postal_code) is not None and a.postal_code == b.postal_code
    )


def pair_places(a: object, b: object) -> frozenset[str]:
    """Words of both records' municipality and MRC: in a name they say where, not who."""
    return frozenset().union(
        *(place_words(_text(getattr(r, f, None))) for r in (a, b) for f in ("municipality", "mrc"))
    )


def _other_name_rows(framed: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """One more row per other or former name of a register record (same member and place)."""
    from esq.entities.features import other_name_rows  # features imports this module

    if "other_names" not in framed:
        return frame.iloc[0:0]
    register = framed[(framed.source_role == "register") & framed.other_names.notna()]
    others = other_name_rows(register[["member", "other_names"]])
    if others.empty:
        return frame.iloc[0:0]
    base = frame[frame.member.isin(set(others.member))].drop(columns="name_key")
    out = others.merge(base, on="member", how="inner")
    out["name_family"] = out.other_family.where(out.other_family.notna(), out.name_family)
    out = out.rename(columns={"other_key": "name_key"})
    return out[[c for c in frame.columns if c in out.columns]]


def _unique_in_register(frame: pd.DataFrame, key: str) -> pd.DataFrame:
    """Records whose ``key`` one register record only holds: such a name may be linked across
    towns of one region (the register keeps the registered office, hubs the place of activity).
    """
    counts = frame[key][frame.source_role == "register"].value_counts()
    # An Index of the key's own dtype, not a Python set: isin hashes it once, vectorised.
    return frame[frame[key].isin(counts.index[counts.to_numpy() == 1])]


def rule_links(listings: pd.DataFrame) -> list[Link]:
    """Every pair a deterministic rule proposes, in a deterministic order."""
    framed = listings if "member" in listings else with_members(listings)
    wanted = {"member", *_Row._fields, *(c for _, cols, _ in RULES for c in cols)}
    frame = framed[[c for c in framed.columns if c in wanted]]
    missing = [c for c in _Row._fields if c not in frame.columns]
    frame = frame.assign(**dict.fromkeys(missing, None)) if missing else frame
    # The same words up to stopwords, order and a trailing acronym (« Club de chasse et pêche
    # X » / « CLUB CHASSE ET PÊCHE X »).
    named = pd.concat([frame, _other_name_rows(framed, frame)], ignore_index=True)
    keys = named.name_key.dropna().unique()
    cores = {k: core_key(k) for k in keys}
    named = named.assign(core_key=named.name_key.map(cores))
    links: list[Link] = []
    for rule, cols, need_name in RULES:
        # Name rules read every name a record has (the register's other and former names:
        # « Tourisme X » for « Corporation touristique de X »); the others its main name.
        table = named if cols[0] in ("name_key", "core_key") else frame
        if not set(cols) <= set(table.columns):
            continue
        source = _unique_in_register(table, cols[0]) if rule.endswith("_unique") else table
        if rule == "same_domain_compatible_name":
            # A shared host or portal (desjardins.com, a city's site) identifies nobody.
            domains = source.website_domain.dropna().unique()
            source = source[~source.website_domain.isin([d for d in domains if shared_host(d)])]
        groups = _candidate_groups(source, cols)
        for rows in _grouped_rows(groups, cols):
            for a, b in combinations(rows, 2):
                if a.member != b.member and _proposes(rule, need_name, a, b):
                    fields = ",".join(cols) + (",name" if need_name else "")
                    links.append(Link(a.member, b.member, rule, None, fields))
    return links
