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
from itertools import pairwise

import duckdb
import pandas as pd

from esq.entities.compat import (
    STOPWORDS,
    _close,
    effective_family,
    families_conflict,
    identity_words,
    kinds_conflict,
    public_body,
)
from esq.entities.name_typo import RULE as TYPO_RULE
from esq.entities.name_typo import typo_links
from esq.entities.name_variants import ABBREVIATIONS

RULES = ("door_kind_phrase", "door_shared_word", "door_sole_domain")
#: Rules whose links the clustering tries last, after the model pairs.
LATE_RULES = (*RULES, TYPO_RULE)
#: Phrases naming one kind of body (home support: « entreprises d'économie sociale en aide à
#: domicile »), folded as name keys write them; each becomes the kind's token.
KIND_PHRASES = {
    "aide a domicile": "~aide-domicile",
    "aide chez soi": "~aide-domicile",
    "soutien a domicile": "~aide-domicile",
    "maintien a domicile": "~aide-domicile",
    "aides familiales": "~aide-domicile",
    "aide familiale": "~aide-domicile",
    "aide domestique": "~aide-domicile",
}
_COLUMNS = (
    "member",
    "name_key",
    "name_family",
    "source_role",
    "legal_form",
    "register_status",
    "municipality_code",
    "municipality",
    "mrc",
    "postal_code",
    "civic_number",
    "street_key",
    "website_domain",
)


_Record = namedtuple("_Record", _COLUMNS)
#: Registrations at one door above which it is an office block (``exact.MAX_GROUP``).
MAX_AT_DOOR = 25
#: A word at most this many register names hold identifies; a commoner one (« café »,
#: « comptoir », a vocabulary's cores) is shared by bodies of one building (medium hard world).
RARE = 3


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def kind_phrase_key(name_key: str | None) -> str | None:
    """The key with a kind phrase as its token, stopwords dropped; None without a phrase."""
    key = _text(name_key)
    if key is None:
        return None
    padded = f" {key} "
    for phrase, token in KIND_PHRASES.items():
        padded = padded.replace(f" {phrase} ", f" {token} ")
    if "~" not in padded:
        return None
    return " ".join(w for w in padded.split() if w not in STOPWORDS)


#: Words of Québec's administrative regions' names: a region is a place, like a town.
# fmt: off
REGION_WORDS = frozenset({
    "mauricie", "estrie", "outaouais", "abitibi", "temiscamingue", "laurentides", "lanaudiere",
    "monteregie", "gaspesie", "madeleine", "saguenay", "chaudiere", "appalaches", "capitale",
    "nationale", "centre", "quebec", "laval", "montreal",
})
# fmt: on
#: Nouns that introduce a place (« secteur Parent », « section Mékinac »): the next word is one.
_PLACE_NOUNS = frozenset({"secteur", "section", "quartier", "district", "region", "territoire"})


#: « du », « des », « de la », « de l' » before a noun: a name's territory (« … de la Pointe »,
#: « … du Cap », « … des Chenaux ») more often than its identity.
_ARTICLES = frozenset({"du", "des", "la", "l"})


def _place_like(name_key: str) -> frozenset[str]:
    """Region words, the word after a place noun, and the word after « du », « des »,
    « de la » in a name key."""
    words = name_key.split()
    after = {b for a, b in pairwise(words) if a in _PLACE_NOUNS}
    after |= {
        c
        for a, b, c in zip(["^", *words], words, words[1:], strict=False)
        if b in ("du", "des") or (a == "de" and b in _ARTICLES)
    }
    return frozenset(after | (set(words) & REGION_WORDS))


def _word_agrees(a: str, b: str) -> bool:
    """One word, up to a typo, or a word of 3+ letters the other begins with (« gym »)."""
    if _close(a, b):
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and len(long_) > len(short) + 2 and long_.startswith(short)


def _run_acronym(word: str, name_key: str) -> bool:
    """« adi » abbreviates three or more consecutive words of the name (stopwords skipped):
    « association pour la déficience intellectuelle »."""
    if not 3 <= len(word) <= 6 or not word.isalpha() or word in ABBREVIATIONS:
        return False  # « CAB » names a kind of body, not which one
    words = [w for w in name_key.split() if w not in STOPWORDS]
    initials = "".join(w[0] for w in words)
    return len(words) >= len(word) and word in initials and word not in words


def shares_word(
    a: str | None, b: str | None, places: frozenset[str], rare: frozenset[str] | None = None
) -> bool:
    """Whether the names share an identifying word (``_word_agrees``; place-like words out),
    or a word of one is an acronym of consecutive words of the other. With ``rare``, a shared
    word counts only when ``b``'s word is one of them (the acronym needs no count)."""
    if not isinstance(a, str) or not isinstance(b, str):
        return False
    places = places | _place_like(a) | _place_like(b)
    wa, wb = identity_words(a, places), identity_words(b, places)
    if any(_word_agrees(x, y) for x in wa for y in wb if rare is None or y in rare):
        return True
    return any(_run_acronym(x, b) for x in wa) or any(_run_acronym(y, a) for y in wb)


def rare_words(register: pd.DataFrame, words: set[str]) -> frozenset[str]:
    """Those of ``words`` that at most ``RARE`` register records' names hold (``register``:
    ``member``, ``name_key``; one streaming pass in DuckDB, the register may be millions)."""
    if not words or register.empty:
        return frozenset()
    with duckdb.connect() as con:
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


def domain_spells(domain: str | None, name_key: str | None) -> bool:
    """The domain's first label spells the name: its words run together, stopwords in or out,
    or its first words as initials and the rest whole (« cabmekinac » for « centre d action
    benevole mekinac »). Three letters at least, and some whole word."""
    domain, key = _text(domain), _text(name_key)
    if domain is None or key is None:
        return False
    label = "".join(c for c in domain.split(".")[0] if c.isalnum())
    words = key.split()
    for k in range(len(words)):  # k leading words as initials (of their non-stopwords)
        initials = "".join(w[0] for w in words[:k] if w not in STOPWORDS)
        for rest in (words[k:], [w for w in words[k:] if w not in STOPWORDS]):
            joined = "".join(rest)
            if len(joined) >= 3 and label == initials + joined:
                return True
    return False


def _same_door(a, b) -> bool:
    pa, pb = _text(a.postal_code), _text(b.postal_code)
    if pa is None or pb is None or pa == pb:
        return True
    sa, sb = _text(a.street_key), _text(b.street_key)
    return sa is not None and sb is not None and (sa in sb or sb in sa)


def _kind(row, family: str | None) -> tuple:
    return (row.name_key, family, _text(row.legal_form), row.source_role)


def door_evidence_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None, linked: set[str]
) -> list[tuple[str, str, str]]:
    """(listing, register, rule) for the listings not in ``linked``; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    from esq.entities.establishments import site_rows
    from esq.entities.exact import pair_places  # exact imports the rule modules

    frame = listings[[c for c in _COLUMNS if c in listings.columns]]
    frame = frame.assign(**{c: None for c in _COLUMNS if c not in frame.columns})
    frame = frame[frame.name_key.notna() & frame.civic_number.notna()]
    frame = frame[frame.municipality_code.notna()]
    is_register = frame.source_role == "register"
    listed = frame[~is_register & ~frame.member.isin(linked)]
    if listed.empty:
        return []
    register = frame[is_register & (frame.register_status.isna() | (frame.register_status == "IM"))]
    register = pd.concat([register, site_rows(register, establishments)], ignore_index=True)
    at = ["municipality_code", "civic_number"]
    register = register[register.set_index(at).index.isin(listed.set_index(at).index)]
    pairs = listed.merge(register, on=at, suffixes=("", "_r"))
    # A door of more registrations than this is an office block: no evidence there.
    size = pairs.groupby("member").member_r.transform("nunique")
    pairs = pairs[size <= MAX_AT_DOOR].sort_values(["member", "member_r"], kind="stable")
    names = frame[is_register & frame.name_key.notna()]
    rare = rare_words(names, {w for k in pairs.name_key_r.unique() for w in k.split()})
    side = [c if c in at else f"{c}_r" for c in _COLUMNS]
    lefts = pairs[list(_COLUMNS)].astype(object).itertuples(index=False, name=None)
    rights = pairs[side].astype(object).itertuples(index=False, name=None)
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
    fl = effective_family(_text(lst.name_family), _text(lst.legal_form), lst.source_role)
    fitting = []
    for r in regs:
        fr = effective_family(_text(r.name_family), _text(r.legal_form), r.source_role)
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
    sharing = [(r, p) for r, _, p in fitting if shares_word(lst.name_key, r.name_key, p)]
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
