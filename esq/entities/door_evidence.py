"""Door rules for listings nothing else links: evidence at the door beyond the address alone.

A hub lists a service, a trade name or a programme at its operator's door, and the register
knows only the legal name (issue 12's gold set). The address agrees, the names disagree, and a
door alone never merges names that disagree: a CDC's building holds its member groups. These
rules add a second, independent agreement. Their links are tried last, after the model pairs
(``cluster.py``), so they decide only for a listing no other edge joined to a register record;
all read the listing's door (same civic number in the same municipality, and the same postal
code, a postal code missing, or the same street; a register record at its head office and its
sites) and take only an active registration:

- ``door_kind_phrase``: the names are one kind of body for one place, the kind written with
  another phrase (« Aide chez soi X » / « Soutien à domicile X », home-support enterprises);
- ``door_shared_word``: the two names share a rare identifying word (held by at most ``RARE``
  register names; not a stopword, a generic or a place word; one typo in long words, or a word
  of 3+ letters the other begins with: « Gym » / « Gymnase »), or one's word is an acronym of
  3+ consecutive words of the other, and no other registration at that door shares any word;
- ``door_sole_domain``: the only registration at the door, whose name the listing's website
  domain spells, whole or with leading words as initials (« cabx.org » for « Centre d'action
  bénévole X »).

Families and kinds of body must agree in every rule (``compat``). The sole registration at
the door of the kind the listing names (« CPE X » and the one CPE there) is no evidence: on the
large hard world it joined another CPE or co-op of the building 13 times.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.compat import identity_words
from esq.entities.door_decision import Pending, decide
from esq.entities.door_words import may_share_rare_word
from esq.entities.doors import isin, plain_rows
from esq.entities.name_typo import RULE as TYPO_RULE
from esq.entities.name_typo import typo_links
from esq.entities.rule_pairs import DOOR_COLUMNS, NAME_COLUMNS, TOWN_COLUMNS, register_rows
from esq.scratch_db import rule_connection

RULES = ("door_kind_phrase", "door_shared_word", "door_sole_domain")
#: Rules whose links the clustering tries last, after the model pairs.
LATE_RULES = (*RULES, TYPO_RULE)
_COLUMNS = (
    *NAME_COLUMNS,
    "register_status",
    *TOWN_COLUMNS,
    *DOOR_COLUMNS,
    "street_key",
    "website_domain",
)
_AT = ["municipality_code", "civic_number"]


#: Registrations at one door above which it is an office block (``exact.MAX_GROUP``).
MAX_AT_DOOR = 25
#: A word at most this many register names hold identifies; a commoner one (« café »,
#: « comptoir », a vocabulary's cores) is shared by bodies of one building (medium hard world).
RARE = 3


def _strings(values: pd.Series) -> pa.Array:
    """A string column as one Arrow array (no copy when Arrow-backed)."""
    column = pa.array(values, from_pandas=True)
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = column.cast(pa.string())
    return column


def rare_words(
    register: pd.DataFrame, words: set[str], among: np.ndarray | None = None
) -> frozenset[str]:
    """Those of ``words`` that at most ``RARE`` register records' names hold (``register``:
    ``member``, ``name_key``; ``among``: a mask of the register's rows among ``register``'s,
    all when None, so a caller's frame need not be copied; the register may be millions: the
    names are split and the words looked up in Arrow; a word's records are read only until
    more than ``RARE`` are found)."""
    if not words or register.empty or (among is not None and not among.any()):
        return frozenset()
    names = pc.split_pattern(_strings(register.name_key), " ")
    found = pc.list_flatten(names)
    wanted = sorted(words)
    ids = pc.index_in(found, value_set=pa.array(wanted, found.type))
    hit = pc.is_valid(ids).to_numpy(zero_copy_only=False)
    parents = pc.list_parent_indices(names).to_numpy()
    if among is not None:
        hit &= among[parents]
    ids = pc.fill_null(ids, 0).to_numpy()[hit].astype(np.int64)
    rows = parents[hit]  # in register order
    counts = np.bincount(ids, minlength=len(wanted))
    # count(DISTINCT member), a missing member none: a word in 1..RARE names is rare whatever
    # its records; the first RARE + 1 names of a commoner one tell when they are as many
    # records (most words), else all its names are read (a word twice in a name, a record's
    # two rows)
    rare = (counts > 0) & (counts <= RARE)
    heavy = counts > RARE
    members = _strings(register.member)
    first = _first_hits(ids, rows, heavy, RARE + 1)
    unsure = heavy & (_records_per_word(*first, members, len(wanted)) <= RARE)
    if unsure.any():
        every = unsure[ids]
        rare |= unsure & (_records_per_word(ids[every], rows[every], members, len(wanted)) <= RARE)
    return frozenset(np.asarray(wanted, dtype=object)[rare].tolist())


def _first_hits(
    ids: np.ndarray, rows: np.ndarray, words: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` hits (in order) of each word where ``words``: read a slice at a time,
    most words are done within the first slices (no sort of every hit)."""
    left = np.where(words, k, 0).astype(np.int64)
    out_ids, out_rows = [], []
    step = 1 << 16
    for start in range(0, len(ids), step):
        chunk = ids[start : start + step]
        wanted = left[chunk] > 0
        if not wanted.any():
            continue
        got, at = chunk[wanted], rows[start : start + step][wanted]
        order = np.argsort(got, kind="stable")
        got, at = got[order], at[order]
        rank = np.arange(len(got)) - np.searchsorted(got, got, "left")
        keep = rank < left[got]
        out_ids.append(got[keep])
        out_rows.append(at[keep])
        left -= np.bincount(got[keep], minlength=len(left))
    if not out_ids:
        return np.zeros(0, dtype=ids.dtype), np.zeros(0, dtype=rows.dtype)
    return np.concatenate(out_ids), np.concatenate(out_rows)


def _records_per_word(ids: np.ndarray, rows: np.ndarray, members: pa.Array, n: int) -> np.ndarray:
    """Per word (0..n-1), the distinct non-missing members of the rows it was found in
    (``members``: the register's, as Arrow strings; only the rows read are encoded)."""
    codes = pc.dictionary_encode(pc.take(members, pa.array(rows))).indices
    given = pc.is_valid(codes).to_numpy(zero_copy_only=False)
    codes = pc.fill_null(codes, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    both = np.unique(ids[given].astype(np.int64) * (int(codes.max(initial=0)) + 1) + codes[given])
    return np.bincount(both // (int(codes.max(initial=0)) + 1), minlength=n)


def _rows(listings: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``mask`` with every rule column (None where the listings lack one): rows
    first, so the register's millions of rows are never copied whole."""
    rows = listings.loc[mask, [c for c in _COLUMNS if c in listings.columns]]
    return rows.assign(**{c: None for c in _COLUMNS if c not in rows.columns})


def _at_doors(listings: pd.DataFrame, active: np.ndarray, listed: pd.DataFrame) -> np.ndarray:
    """The ``active`` rows of ``listings`` at the town and civic number of a ``listed`` row:
    a semi join in DuckDB on the two columns as they are (Arrow, no copy)."""
    with rule_connection() as con:
        con.register(
            "t",
            pa.table(
                {
                    "_i": pa.array(np.arange(len(listings), dtype=np.int64)),
                    "active": pa.array(active),
                    **{c: _strings(listings[c]) for c in _AT},
                }
            ),
        )
        con.register("doors", pa.table({c: _strings(listed[c]) for c in _AT}))
        found = con.sql(
            "SELECT _i FROM t SEMI JOIN doors USING (municipality_code, civic_number) WHERE active"
        ).fetchnumpy()["_i"]
    mask = np.zeros(len(listings), dtype=bool)
    mask[np.asarray(found, dtype=np.int64)] = True
    return mask


def _door_pairs(listed: pd.DataFrame, register: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in ``listed``, in ``register``) of each listing's registrations at its door,
    sorted by listing and registration member: the same town and civic number, at most
    ``MAX_AT_DOOR`` registrations there, the postal codes agreeing (or one missing) or both
    streets given and one holding the other (a hub's wrong postal code on the same street);
    a registration met at its head office and a site, the first row (the head office)."""
    given = "coalesce({0}, '') <> ''"
    with rule_connection() as con:
        columns = ["member", *_AT, "postal_code", "street_key"]
        register_rows(con, "l", listed, columns)
        register_rows(con, "r", register, columns)
        same_door = f"""
            NOT ({given.format("l.postal_code")} AND {given.format("r.postal_code")})
            OR l.postal_code = r.postal_code
            OR ({given.format("l.street_key")} AND {given.format("r.street_key")}
                AND (contains(r.street_key, l.street_key) OR contains(l.street_key, r.street_key)))
        """
        # A listing at a door of more than MAX_AT_DOOR registrations is out whatever its
        # other doors: the doors' sizes first, so the pairs of office blocks are never made.
        found = con.sql(f"""
            WITH crowded AS (
                SELECT DISTINCT l.member FROM l JOIN (
                    SELECT municipality_code, civic_number FROM r GROUP BY ALL
                    HAVING count(DISTINCT member) > {MAX_AT_DOOR}
                ) USING (municipality_code, civic_number)
                WHERE l.member IS NOT NULL
            ),
            p AS (
                SELECT l._i AS li, r._i AS ri, l.member, r.member AS member_r,
                       ({same_door}) AS same,
                       count(DISTINCT r.member) OVER (PARTITION BY l.member) AS size
                FROM (SELECT * FROM l ANTI JOIN crowded USING (member)) AS l
                JOIN r USING (municipality_code, civic_number)
                WHERE l.member IS NOT NULL
            )
            SELECT li, ri FROM p WHERE size <= {MAX_AT_DOOR} AND same
            QUALIFY row_number() OVER (PARTITION BY member, member_r ORDER BY li, ri) = 1
            ORDER BY member, member_r
        """).fetchnumpy()
    return np.asarray(found["li"], dtype=np.int64), np.asarray(found["ri"], dtype=np.int64)


def _records(frame: pd.DataFrame, at: np.ndarray) -> Iterator[tuple]:
    """The rows at positions ``at``, the decision's columns (``doors.plain_rows``)."""
    return plain_rows(frame.iloc[at][list(_COLUMNS)])


def door_evidence_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None, linked: set[str]
) -> list[tuple[str, str, str]]:
    """(listing, register, rule) for the listings not in ``linked``; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    from esq.entities.establishments import site_rows
    from esq.entities.exact import pair_places  # exact imports the rule modules

    if not {"name_key", "civic_number", "municipality_code"} <= set(listings.columns):
        return []  # no door
    # Masks on the few columns they read; the rows are copied only where they are needed.
    door = (
        listings.name_key.notna().to_numpy(dtype=bool)
        & listings.civic_number.notna().to_numpy(dtype=bool)
        & listings.municipality_code.notna().to_numpy(dtype=bool)
    )
    role = (listings.source_role == "register").to_numpy(dtype=bool, na_value=False)
    is_register = door & role
    listed = _rows(listings, door & ~role & ~isin(listings.member, linked))
    if listed.empty:
        return []
    status = listings.get("register_status")
    active = is_register.copy()
    if status is not None:
        active &= (status.isna() | (status == "IM")).to_numpy(dtype=bool, na_value=False)
    register = _rows(listings, _at_doors(listings, active, listed))
    if establishments is not None and len(establishments) and "member" in establishments:
        # site_rows reads only the records with a site: the others are not copied
        with_site = active & isin(listings.member, set(establishments.member))
        sites = site_rows(_rows(listings, with_site), establishments)
        register = pd.concat([register, sites], ignore_index=True)
    li, ri = _door_pairs(listed, register)
    groups: list[tuple] = []  # (listing, its registrations at the door, in order)
    for left, right in zip(_records(listed, li), _records(register, ri), strict=True):
        if not groups or left.member != groups[-1][0].member:
            groups.append((left, []))
        groups[-1][1].append(right)
    # The rare-word counts first, for every identifying word of the registrations' names
    # (one pass over the register's names either way): a listing none of whose registrations
    # has a rare word agreeing with its words, or an acronym, can take no shared word, and
    # its decision skips the word tests (most listings: the words of most names are common).
    keys = {r.name_key for _, regs in groups for r in regs if isinstance(r.name_key, str)}
    wanted = set().union(*map(identity_words, keys))
    rare = rare_words(listings, wanted, is_register) if wanted else frozenset()
    rare_of = {k: identity_words(k) & rare for k in keys}
    out: list[tuple[str, str, str]] = []
    for lst, regs in groups:
        key = lst.name_key
        words = isinstance(key, str) and any(
            isinstance(r.name_key, str)
            and may_share_rare_word(key, r.name_key, rare_of[r.name_key])
            for r in regs
        )
        rule = decide(lst, regs, pair_places, words)
        if isinstance(rule, Pending):
            rule = rule.finish(lst, rare)
        if rule is not None:
            out.append((lst.member, rule[0], rule[1]))
    return out


def evidence_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None, links: list
) -> list:
    """``door_evidence_links`` as ``exact.Link`` rows. The clustering tries them last, after
    the model pairs: a listing some other edge joined to a registration keeps it (one register
    record a cluster), so they act for the listings nothing else links (other rules' links may
    be refused there). A listing giving a valid NEQ is left to it."""
    from esq.entities.exact import Link

    with_neq = {m for lk in links if lk.rule == "same_neq" for m in (lk.left, lk.right)}
    found = door_evidence_links(listings, establishments, with_neq)
    out = [Link(a, b, rule, None, "door,evidence") for a, b, rule in found]
    # A name one typo from one registration of the region (name_typo.py).
    out += [Link(a, b, TYPO_RULE, None, "name,region") for a, b in typo_links(listings, with_neq)]
    return out
