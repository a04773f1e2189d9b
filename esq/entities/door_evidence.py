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

import pandas as pd

from esq.entities.compat import effective_family, families_conflict, kinds_conflict, public_body
from esq.entities.door_words import domain_spells, kind_phrase_key, shares_word, text_value
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


def _same_door(a, b) -> bool:
    pa, pb = text_value(a.postal_code), text_value(b.postal_code)
    if pa is None or pb is None or pa == pb:
        return True
    sa, sb = text_value(a.street_key), text_value(b.street_key)
    return sa is not None and sb is not None and (sa in sb or sb in sa)


def _kind(row, family: str | None) -> tuple:
    return (row.name_key, family, text_value(row.legal_form), row.source_role)


def door_evidence_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None, linked: set[str]
) -> list[tuple[str, str, str]]:
    """(listing, register, rule) for the listings not in ``linked``; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    from esq.entities.establishments import site_rows
    from esq.entities.exact import pair_places  # exact imports the rule modules

    frame = listings[[c for c in _COLUMNS if c in listings.columns]]
    frame = frame.assign(**{c: None for c in _COLUMNS if c not in frame.columns})
    door = frame.name_key.notna() & frame.civic_number.notna() & frame.municipality_code.notna()
    is_register = door & (frame.source_role == "register")
    listed = frame[door & ~is_register & ~frame.member.isin(linked)]
    if listed.empty:
        return []
    # Masks first, one copy of the rows kept (a copy of every register row costs).
    active = frame.register_status.isna() | (frame.register_status == "IM")
    at = ["municipality_code", "civic_number"]
    register = frame[is_register & active & frame.civic_number.isin(set(listed.civic_number))]
    register = pd.concat(
        [register, site_rows(frame[is_register & active], establishments)], ignore_index=True
    )
    register = register[register.set_index(at).index.isin(listed.set_index(at).index)]
    pairs = listed.merge(register, on=at, suffixes=("", "_r"))
    # A door of more registrations than this is an office block: no evidence there.
    size = pairs.groupby("member").member_r.transform("nunique")
    pairs = pairs[size <= MAX_AT_DOOR].sort_values(["member", "member_r"], kind="stable")
    names = frame.loc[is_register, ["member", "name_key"]]
    rare = rare_words(names, {w for k in pairs.name_key_r.unique() for w in k.split()})
    side = [c if c in at else f"{c}_r" for c in _COLUMNS]
    # plain values, a column at a time (an Arrow column read value by value is slow)
    lefts = zip(*(pairs[c].astype(object).tolist() for c in _COLUMNS), strict=True)
    rights = zip(*(pairs[c].astype(object).tolist() for c in side), strict=True)
    out: list[tuple[str, str, str]] = []
    lst, regs = None, {}
    for left, right in zip(lefts, rights, strict=True):
        if lst is None or left[0] != lst.member:
            _decide(lst, regs, pair_places, rare, out)
            lst, regs = _Record(*left), {}
        r = _Record(*right)
        if _same_door(lst, r):
            regs.setdefault(r.member, r)
    _decide(lst, regs, pair_places, rare, out)
    return out


def _decide(lst, regs: dict, pair_places, rare: frozenset[str], out: list) -> None:
    if lst is not None and regs:
        rule = _rule(lst, list(regs.values()), pair_places, rare)
        if rule is not None:
            out.append((lst.member, rule[0], rule[1]))


def _rule(lst, regs: list, pair_places, rare: frozenset[str]) -> tuple[str, str] | None:
    """The registration and rule the evidence gives this listing, or None."""
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
    if len(sharing) == 1 and shares_word(lst.name_key, sharing[0][0].name_key, sharing[0][1], rare):
        return sharing[0][0].member, "door_shared_word"
    if len(regs) != 1 or len(fitting) != 1:
        return None
    r = fitting[0][0]
    if domain_spells(lst.website_domain, r.name_key):
        return r.member, "door_sole_domain"
    return None


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
