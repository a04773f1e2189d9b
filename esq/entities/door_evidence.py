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
- ``door_shared_word``: the two names share a rare identifying word (held by at most
  ``word_counts.RARE`` register names; not a stopword, a generic or a place word; one typo in
  long words, or a word of 3+ letters the other begins with: « Gym » / « Gymnase »), or one's
  word is an acronym of 3+ consecutive words of the other, and no other registration at that
  door shares any word;
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

from esq.entities.compat import identity_words
from esq.entities.door_decision import Pending, decide
from esq.entities.door_words import may_share_rare_word
from esq.entities.doors import at_town_civic, isin, plain_rows
from esq.entities.name_typo import RULE as TYPO_RULE
from esq.entities.name_typo import typo_links
from esq.entities.name_words import NameWords, name_words
from esq.entities.rule_pairs import DOOR_COLUMNS, NAME_COLUMNS, TOWN_COLUMNS, register_rows
from esq.entities.word_counts import rare_words
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


def _rows(listings: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``mask`` with every rule column (None where the listings lack one): rows
    first, so the register's millions of rows are never copied whole."""
    rows = listings.loc[mask, [c for c in _COLUMNS if c in listings.columns]]
    return rows.assign(**{c: None for c in _COLUMNS if c not in rows.columns})


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
    listings: pd.DataFrame,
    establishments: pd.DataFrame | None,
    linked: set[str],
    split: NameWords | None = None,
) -> list[tuple[str, str, str]]:
    """(listing, register, rule) for the listings not in ``linked``; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``; ``split``:
    ``name_words(listings)`` when the caller has it."""
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
    register = _rows(listings, at_town_civic(listings, listed) & active)
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
    rare = rare_words(listings, wanted, is_register, split) if wanted else frozenset()
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
    # The names' words split once for both rules' register-wide word lookups.
    split = name_words(listings) if "name_key" in listings else None
    found = door_evidence_links(listings, establishments, with_neq, split)
    out = [Link(a, b, rule, None, "door,evidence") for a, b, rule in found]
    # A name one typo from one registration of the region (name_typo.py).
    typos = typo_links(listings, with_neq, split)
    out += [Link(a, b, TYPO_RULE, None, "name,region") for a, b in typos]
    return out
