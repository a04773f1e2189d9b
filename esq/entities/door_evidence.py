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

from collections import namedtuple

import numpy as np
import pandas as pd

from esq.entities.compat import effective_family, families_conflict, kinds_conflict, public_body
from esq.entities.door_words import (
    agreeing_words,
    domain_spells,
    kind_phrase_key,
    shares_word,
    text_value,
)
from esq.entities.doors import isin, town_civic
from esq.entities.name_typo import RULE as TYPO_RULE
from esq.entities.name_typo import typo_links
from esq.entities.rule_pairs import DOOR_COLUMNS, NAME_COLUMNS, TOWN_COLUMNS
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


_Record = namedtuple("_Record", _COLUMNS)
#: Registrations at one door above which it is an office block (``exact.MAX_GROUP``).
MAX_AT_DOOR = 25
#: A word at most this many register names hold identifies; a commoner one (« café »,
#: « comptoir », a vocabulary's cores) is shared by bodies of one building (medium hard world).
RARE = 3


def rare_words(register: pd.DataFrame, words: set[str]) -> frozenset[str]:
    """Those of ``words`` that at most ``RARE`` register records' names hold (``register``:
    ``member``, ``name_key``; one streaming pass in DuckDB, the register may be millions)."""
    if not words or register.empty:
        return frozenset()
    with rule_connection() as con:
        # one thread: a single streaming pass, the parallel plan costs more CPU than it saves
        con.execute("SET threads = 1")
        con.register("r_names", register[["member", "name_key"]])
        con.register("wanted", pd.DataFrame({"word": sorted(words)}))
        counts = con.execute(
            """
            SELECT word, count(DISTINCT member) AS n
            FROM (SELECT member, unnest(string_split(name_key, ' ')) AS word FROM r_names)
            JOIN wanted USING (word) GROUP BY word
            """
        ).fetchall()
    return frozenset(w for w, n in counts if n <= RARE)


def _given(values: np.ndarray) -> np.ndarray:
    """``text_value`` is not None, vectorised over plain values (None, NaN, NA, "")."""
    return np.fromiter((isinstance(v, str) and v != "" for v in values), bool, len(values))


def _same_door(pairs: pd.DataFrame) -> np.ndarray:
    """Per pair: the postal codes agree or one is missing, or both streets are given and one
    holds the other (a hub's wrong postal code on the same street)."""
    postal = pairs.postal_code.astype(object).to_numpy()
    postal_r = pairs.postal_code_r.astype(object).to_numpy()
    given, given_r = _given(postal), _given(postal_r)
    same = ~given | ~given_r
    same[~same] = postal[~same] == postal_r[~same]
    rest = np.flatnonzero(~same)
    streets = pairs.street_key.astype(object).to_numpy()[rest]
    streets_r = pairs.street_key_r.astype(object).to_numpy()[rest]
    same[rest] = [
        text_value(s) is not None and text_value(r) is not None and (s in r or r in s)
        for s, r in zip(streets, streets_r, strict=True)
    ]
    return same


def _kind(row, family: str | None) -> tuple:
    return (row.name_key, family, text_value(row.legal_form), row.source_role)


def _rows(listings: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The rows of ``mask`` with every rule column (None where the listings lack one): rows
    first, so the register's millions of rows are never copied whole."""
    rows = listings.loc[mask, [c for c in _COLUMNS if c in listings.columns]]
    return rows.assign(**{c: None for c in _COLUMNS if c not in rows.columns})


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
    at = ["municipality_code", "civic_number"]
    doors = listed.set_index(at).index
    # the joined town|civic key of a listing's door (equal whenever the two parts are: the
    # exact test on the two columns follows, on these rows only)
    near = active & isin(town_civic(listings), set(town_civic(listed)))
    register = _rows(listings, near)
    if establishments is not None and len(establishments) and "member" in establishments:
        # site_rows reads only the records with a site: the others are not copied
        with_site = active & isin(listings.member, set(establishments.member))
        sites = site_rows(_rows(listings, with_site), establishments)
        register = pd.concat([register, sites], ignore_index=True)
    register = register[register.set_index(at).index.isin(doors)]
    pairs = listed.merge(register, on=at, suffixes=("", "_r"))
    # A door of more registrations than this is an office block: no evidence there.
    size = pairs.groupby("member").member_r.transform("nunique")
    pairs = pairs[size <= MAX_AT_DOOR].sort_values(["member", "member_r"], kind="stable")
    # Each listing's registrations at its door, the first row of each (its head office or a
    # site) as the loop below once kept them.
    pairs = pairs[_same_door(pairs)].drop_duplicates(["member", "member_r"])
    side = [c if c in at else f"{c}_r" for c in _COLUMNS]
    # plain values, a column at a time (an Arrow column read value by value is slow)
    lefts = zip(*(pairs[c].astype(object).tolist() for c in _COLUMNS), strict=True)
    rights = zip(*(pairs[c].astype(object).tolist() for c in side), strict=True)
    decided: list[tuple] = []
    lst, regs = None, []
    for left, right in zip(lefts, rights, strict=True):
        if lst is None or left[0] != lst.member:
            if lst is not None:
                decided.append((lst, _rule(lst, regs, pair_places)))
            lst, regs = _Record(*left), []
        regs.append(_Record(*right))
    if lst is not None:
        decided.append((lst, _rule(lst, regs, pair_places)))
    # The rare-word counts, for only the words a decision still waits on (one pass over the
    # register's names, skipped when none does).
    wanted = {w for _, rule in decided if isinstance(rule, _Pending) for w in rule.words}
    names = listings.loc[is_register, ["member", "name_key"]] if wanted else None
    rare = rare_words(names, wanted) if wanted else frozenset()
    out: list[tuple[str, str, str]] = []
    for lst, rule in decided:
        if isinstance(rule, _Pending):
            rule = rule.finish(lst, rare)
        if rule is not None:
            out.append((lst.member, rule[0], rule[1]))
    return out


class _Pending(namedtuple("_Pending", "shared places words regs fitting")):
    """A decision waiting on the rare-word counts: one registration shares a word."""

    def finish(self, lst, rare: frozenset[str]) -> tuple[str, str] | None:
        if shares_word(lst.name_key, self.shared.name_key, self.places, rare):
            return self.shared.member, "door_shared_word"
        return _sole_domain(lst, self.regs, self.fitting)


def _sole_domain(lst, regs: list, fitting: list) -> tuple[str, str] | None:
    if len(regs) != 1 or len(fitting) != 1:
        return None
    r = fitting[0][0]
    if domain_spells(lst.website_domain, r.name_key):
        return r.member, "door_sole_domain"
    return None


def _rule(lst, regs: list, pair_places) -> tuple[str, str] | _Pending | None:
    """The registration and rule the evidence gives this listing, None, or the test left
    for the rare-word counts."""
    fl = effective_family(text_value(lst.name_family), text_value(lst.legal_form), lst.source_role)
    fitting = []
    for r in regs:
        fr = effective_family(text_value(r.name_family), text_value(r.legal_form), r.source_role)
        places = pair_places(lst, r)
        if families_conflict(fl, fr) or kinds_conflict(_kind(lst, fl), _kind(r, fr), places):
            continue
        if public_body(lst.name_key, places):
            continue
        fitting.append((r, fr, places))
    phrase = kind_phrase_key(lst.name_key)
    same_phrase = [r for r, _, _ in fitting if phrase and kind_phrase_key(r.name_key) == phrase]
    if len(same_phrase) == 1:
        return same_phrase[0].member, "door_kind_phrase"
    # One registration at the door shares a rare word (or an acronym) and no other any word.
    sharing = []
    for r, _, p in fitting:
        if shares_word(lst.name_key, r.name_key, p):
            sharing.append((r, p))
            if len(sharing) > 1:  # two share a word: no evidence, the others need no test
                break
    if len(sharing) == 1:
        shared, places = sharing[0]
        words = agreeing_words(lst.name_key, shared.name_key, places)
        return _Pending(shared, places, words, regs, fitting)
    return _sole_domain(lst, regs, fitting)


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
