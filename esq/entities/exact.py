"""Deterministic links: each candidate pair with the rule that proposes it.

Rules (most specific first): same NEQ; same business number (when a source gives one); same
name key in the same municipality; same phone, website domain, or postal code + civic number
together with a compatible name (see ``compat.compatible_names``). Unions happen later, in the
clustering, where the cannot-link constraints are checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from esq.entities.column_take import take_rows
from esq.entities.compat import shared_host
from esq.entities.establishments import site_name_rows, site_rows
from esq.entities.key_checks import ROW_COLUMNS, add_rows, places, proposes
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
    member = _arrow_member(listings)
    if member is None:
        member = listings.source_id.astype(str) + ":" + listings.record_key.astype(str)
    if "member" in listings:
        return listings.assign(member=member)
    # The other columns are shared with ``listings``, not copied (the caller still holds it:
    # at register size a copy is ~250 MiB of pointers). Nothing here writes into them.
    return pd.concat([listings, member.rename("member")], axis=1, copy=False)


def _arrow_member(listings: pd.DataFrame) -> pd.Series | None:
    """``member`` joined in Arrow when both key columns are Arrow strings with no value
    missing (the same text), else None: Python strings for a register's millions of rows cost
    ~1.5 s at 3 M, and each DuckDB registration of them a conversion back to Arrow."""
    source, record = listings.source_id, listings.record_key
    arrow = (
        isinstance(c.dtype, pd.StringDtype) and c.dtype.storage == "pyarrow"
        for c in (source, record)
    )
    if not all(arrow) or source.isna().any() or record.isna().any():
        return None
    return source + ":" + record


def pair_places(a: object, b: object) -> frozenset[str]:
    """Words of both records' municipality and MRC: in a name they say where, not who."""
    # unrolled: asked for every candidate pair of every rule (no helper call per value)
    m, r = getattr(a, "municipality", None), getattr(a, "mrc", None)
    n, s = getattr(b, "municipality", None), getattr(b, "mrc", None)
    return places(
        m if isinstance(m, str) else None,
        r if isinstance(r, str) else None,
        n if isinstance(n, str) else None,
        s if isinstance(s, str) else None,
    )


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


def _listed_at(frame: pd.DataFrame) -> np.ndarray:
    """Positions of the listings' rows (not the register's) in ``frame``."""
    listed = frame.source_role != "register"
    return np.flatnonzero(listed.to_numpy(dtype=bool, na_value=False))


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
        *ROW_COLUMNS,
        *(c for _, cols, _ in RULES for c in cols),
    }
    frame = framed[[c for c in framed.columns if c in wanted]]
    missing = [c for c in ROW_COLUMNS if c not in frame.columns]
    frame = frame.assign(**dict.fromkeys(missing, None)) if missing else frame
    # The same words up to stopwords, order and a trailing acronym (« Club de chasse et pêche
    # X » / « CLUB CHASSE ET PÊCHE X »).
    others = _other_name_rows(framed, frame, other_names)
    # A register record at each of its sites too (hubs list the site, the register the office).
    frame = pd.concat([frame, site_rows(frame, establishments)], ignore_index=True)
    more = [
        others,
        site_rows(others, establishments),
        site_name_rows(frame, establishments),
        # the listings' rows, taken once (each variant reads only those)
        town_stripped_rows(listed := take_rows(frame, _listed_at(frame)), frame),
        abbreviation_rows(listed),
        operator_rows(listed),
    ]
    if isinstance(frame.name_key.dtype, pd.StringDtype):
        # the variants' keys in the register's Arrow strings: a column of Python strings
        # among them made the whole column Python strings (the register's millions)
        more = [
            m.astype({"name_key": frame.name_key.dtype}) if "name_key" in m else m for m in more
        ]
    named = pd.concat([frame, *more], ignore_index=True)
    # The main rows are named's first rows: read them there (a view, not a second copy of
    # the register in pandas and in Arrow).
    main_rows, main_columns = len(frame), set(frame.columns)
    frame = named.iloc[:main_rows]
    links: list[Link] = []
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
        found = []
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
            found.append((rule, cols, need_name, pairs.a.to_numpy(), pairs.b.to_numpy()))
        # every rule's rows read at once (frame: named's first rows, same positions)
        at = np.unique(np.concatenate([np.empty(0, np.int64), *(p for f in found for p in f[3:])]))
        rows = add_rows(named, at, {})
        registered: set[str] = set()  # listings a rule links to a register record
        for rule, cols, need_name, left, right in found:
            fields = ",".join(cols) + (",name" if need_name else "")
            for i, j in zip(left.tolist(), right.tolist(), strict=True):
                a, b = rows[i], rows[j]
                if proposes(rule, need_name, a, b):
                    links.append(Link(a.member, b.member, rule, None, fields))
                    if (a.source_role == "register") != (b.source_role == "register"):
                        registered.add(b.member if a.source_role == "register" else a.member)
        # A shortened name in the one registration's town that contains it (town_names.py).
        town = town_name_links(con, "named", named, frozenset(registered))
    finally:
        con.close()
    links += [Link(a, b, TOWN_RULE, None, "name_words,municipality_code") for a, b in town]
    return links
