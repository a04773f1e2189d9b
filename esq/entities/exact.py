"""Deterministic links: each candidate pair with the rule that proposes it.

Rules (most specific first): same NEQ; same business number (when a source gives one); same
name key in the same municipality; same phone, website domain, or postal code + civic number
together with a compatible name (see ``compat.compatible_names``). Unions happen later, in the
clustering, where the cannot-link constraints are checked.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from esq.entities.compat import (
    compatible_names,
    degenerate_key,
    effective_family,
    families_conflict,
    kinds_conflict,
    place_words,
    shared_host,
    token_overlap,
)
from esq.entities.establishments import site_name_rows, site_rows
from esq.entities.name_variants import abbreviation_rows, operator_rows, town_stripped_rows
from esq.entities.rule_pairs import (
    add_core_keys,
    add_name_rows,
    candidate_pairs,
    register_rows,
)
from esq.entities.town_names import RULE as TOWN_RULE
from esq.entities.town_names import town_name_links
from esq.scratch_db import rule_connection


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
_DOOR = "same_postal_civic_compatible_name"
#: A key shared by more records than this is a switchboard or a shared office, not an identity.
MAX_GROUP = 25


def with_members(listings: pd.DataFrame) -> pd.DataFrame:
    """Listings with their ``member`` key (source_id:record_key)."""
    # Same text as ids.member_key, vectorised (a register has millions of rows).
    member = listings.source_id.astype(str) + ":" + listings.record_key.astype(str)
    if "member" in listings:
        return listings.assign(member=member)
    # The other columns are shared with ``listings``, not copied (the caller still holds it:
    # at register size a copy is ~250 MiB of pointers). Nothing here writes into them.
    return pd.concat([listings, member.rename("member")], axis=1, copy=False)


def _same_place(a: object, b: object) -> bool:
    """Same municipality, or one of them unknown: a shared website across towns is a network
    of distinct organisations more often than one organisation."""
    return not (isinstance(a, str) and isinstance(b, str) and a != b)


_Row = namedtuple(
    "_Row",
    "member name_key name_family source_role municipality_code municipality mrc legal_form"
    " postal_code civic_number",
)


def _rows(table: pd.DataFrame, pairs: pd.DataFrame, known: dict[int, _Row]) -> dict[int, _Row]:
    """``known`` with the rows of ``table`` at the pairs' positions it lacks, as plain tuples
    (only those: the table can hold the whole register). The rules share ``known``: most
    rows come back in several rules' pairs."""
    at = np.setdiff1d(
        np.union1d(pairs.a.to_numpy(), pairs.b.to_numpy()),
        np.fromiter(known, np.int64, len(known)),
        assume_unique=True,
    )
    if not len(at):
        return known
    # column by column: a take of every column of ``table`` at once copied ~20 of them
    values = zip(*(table[c].take(at).astype(object).tolist() for c in _Row._fields), strict=True)
    known.update(zip(at.tolist(), (_Row(*v) for v in values), strict=True))
    return known


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
        names = compatible_names(a.name_key, b.name_key, fa, fb, places) or (
            rule == "same_postal_civic_compatible_name" and same_kind_place_name(a, b, fa, fb)
        )
        return names and _same_place(_text(a.municipality_code), _text(b.municipality_code))
    if families_conflict(fa, fb):
        return False
    # A name reduced to a place (« CDC Mékinac », « Coop de Mékinac » -> « mekinac »; « Caisse
    # Desjardins de X ») identifies only at the same postal code, or with the same kind of
    # body when a postal code is missing or the civic number agrees: a town can have several
    # « Coop de X » (a workers' and a solidarity co-op), told apart by their doors.
    if not degenerate_key(a.name_key, places):
        return True
    pa, pb = _text(a.postal_code), _text(b.postal_code)
    if pa is not None and pa == pb:
        return True
    same_kind = fa is not None and fa == fb
    if pa is None or pb is None:
        return same_kind
    return same_kind and _text(a.civic_number) is not None and a.civic_number == b.civic_number


def same_kind_place_name(a: _Row, b: _Row, fa: str | None, fb: str | None) -> bool:
    """At one door, two names of one kind of body that share their place (« Coopérative de
    solidarité Les Grès » / « … santé Les Grès » in Saint-Étienne-des-Grès) are one body: the
    place words that carry no identity across a town do at a single door."""
    return fa is not None and fa == fb and token_overlap(a.name_key, b.name_key) >= 0.5


def pair_places(a: object, b: object) -> frozenset[str]:
    """Words of both records' municipality and MRC: in a name they say where, not who."""
    # unrolled: asked for every candidate pair of every rule (no helper call per value)
    m, r = getattr(a, "municipality", None), getattr(a, "mrc", None)
    n, s = getattr(b, "municipality", None), getattr(b, "mrc", None)
    return _places(
        m if isinstance(m, str) else None,
        r if isinstance(r, str) else None,
        n if isinstance(n, str) else None,
        s if isinstance(s, str) else None,
    )


@lru_cache(maxsize=1 << 16)  # a few thousand towns and MRCs, asked for every pair
def _places(*names: str | None) -> frozenset[str]:
    return frozenset().union(*(place_words(n) for n in names))


def _other_name_rows(
    framed: pd.DataFrame, frame: pd.DataFrame, every: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One more row per other or former name of a register record (same member and place);
    ``every``: ``features.other_name_rows`` of every record, when the caller has it."""
    from esq.entities.features import other_name_rows  # features imports this module

    if "other_names" not in framed:
        return frame.iloc[0:0]
    register = framed[(framed.source_role == "register") & framed.other_names.notna()]
    if every is None:
        others = other_name_rows(register[["member", "other_names"]])
    else:  # the same rows, in the same order: only the register's
        others = every[every.member.isin(set(register.member))]
    if others.empty:
        return frame.iloc[0:0]
    base = frame[frame.member.isin(set(others.member))].drop(columns="name_key")
    out = others.merge(base, on="member", how="inner")
    out["name_family"] = out.other_family.where(out.other_family.notna(), out.name_family)
    out = out.rename(columns={"other_key": "name_key"})
    return out[[c for c in frame.columns if c in out.columns]]


def _linked_to_register(links: list[Link], roles: dict[str, str]) -> frozenset[str]:
    """Listings that a rule already links to a register record (``roles``: each linked
    member's source role)."""
    return frozenset(
        m
        for lk in links
        for m, other in ((lk.left, lk.right), (lk.right, lk.left))
        if roles.get(m) != "register" and roles.get(other) == "register"
    )


def rule_links(
    listings: pd.DataFrame,
    establishments: pd.DataFrame | None = None,
    other_names: pd.DataFrame | None = None,
) -> list[Link]:
    """Every pair a deterministic rule proposes, in a deterministic order.

    ``establishments`` (with ``member``): the register's sites, read as more addresses of
    their register records (``esq.entities.establishments``). ``other_names``:
    ``features.other_name_rows(listings)`` when the caller computed it already (scoring
    reads it too).
    """
    framed = listings if "member" in listings else with_members(listings)
    wanted = {
        "member",
        "register_status",
        *_Row._fields,
        *(c for _, cols, _ in RULES for c in cols),
    }
    frame = framed[[c for c in framed.columns if c in wanted]]
    missing = [c for c in _Row._fields if c not in frame.columns]
    frame = frame.assign(**dict.fromkeys(missing, None)) if missing else frame
    # The same words up to stopwords, order and a trailing acronym (« Club de chasse et pêche
    # X » / « CLUB CHASSE ET PÊCHE X »).
    others = _other_name_rows(framed, frame, other_names)
    # A register record at each of its sites too (hubs list the site, the register the office).
    frame = pd.concat([frame, site_rows(frame, establishments)], ignore_index=True)
    named = pd.concat(
        [
            frame,
            others,
            site_rows(others, establishments),
            site_name_rows(frame, establishments),
            # the listings' rows, taken once (each variant reads only those)
            town_stripped_rows(listed := frame[frame.source_role != "register"], frame),
            abbreviation_rows(listed),
            operator_rows(listed),
        ],
        ignore_index=True,
    )
    # The main rows are named's first rows: read them there (a view, not a second copy of
    # the register in pandas and in Arrow).
    main_rows, main_columns = len(frame), set(frame.columns)
    frame = named.iloc[:main_rows]
    links: list[Link] = []
    roles: dict[str, str] = {}
    rows: dict[int, _Row] = {}
    con = rule_connection()
    keyed = ["member", "source_role", "municipality_code", *(c for _, cs, _ in RULES for c in cs)]
    keyed = list(dict.fromkeys(keyed))
    try:
        register_rows(con, "named", named, keyed)
        con.execute(f"CREATE TEMP VIEW frame AS SELECT * FROM named WHERE _i < {main_rows}")
        add_core_keys(con, "named", listed_only=True)
        # the rows a name or core rule can group, with their core key: one pass over the
        # register's names for the three rules
        names = add_name_rows(con, "named")
        for rule, cols, need_name in RULES:
            # Name rules read every name a record has (the register's other and former names:
            # « Tourisme X » for « Corporation touristique de X »), and so does the door rule:
            # at one door, « CAB Sept-Îles » is « Centre d'action bénévole de Sept-Îles » and a
            # hub's trade name the register's other name. Phone and website: the main name.
            table = named if cols[0] in ("name_key", "core_key") or rule == _DOOR else frame
            columns = set(named.columns) if table is named else main_columns
            if not set(cols) - {"core_key"} <= columns:
                continue
            excluded = None
            if rule == "same_domain_compatible_name":
                # A shared host or portal (desjardins.com, a city's site) identifies nobody.
                domains = table.website_domain.dropna().unique()
                excluded = ("website_domain", [d for d in domains if shared_host(d)])
            name = "frame" if table is frame else names if cols[0] != "postal_code" else "named"
            unique = rule.endswith("_unique")
            pairs = candidate_pairs(con, name, cols, MAX_GROUP, unique, excluded, need_name)
            rows = _rows(named, pairs, rows)  # frame: named's first rows, same positions
            fields = ",".join(cols) + (",name" if need_name else "")
            for i, j in zip(pairs.a.tolist(), pairs.b.tolist(), strict=True):
                a, b = rows[i], rows[j]
                if _proposes(rule, need_name, a, b):
                    links.append(Link(a.member, b.member, rule, None, fields))
                    roles[a.member], roles[b.member] = a.source_role, b.source_role
        # A shortened name in the one registration's town that contains it (town_names.py).
        town = town_name_links(con, "named", named, _linked_to_register(links, roles))
    finally:
        con.close()
    links += [Link(a, b, TOWN_RULE, None, "name_words,municipality_code") for a, b in town]
    return links
