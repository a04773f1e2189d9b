"""Pair tests shared by the rules and the clustering: compatible names, province of a record."""

from __future__ import annotations

from functools import lru_cache

from esq.entities.name_vocabulary import (  # re-exported: the rules import them from here
    GENERIC,
    POSTAL_PROVINCE,
    PUBLIC_BODY_WORDS,
    SHARED_HOSTS,
    STOPWORDS,
)
from esq.normalise.text import expand_saints, fold, tokens


# The pair tests below run on every candidate pair of every rule and model pair; a record's
# name comes back in many pairs, so its words are worked out once (pure functions of their
# arguments, all hashable).
@lru_cache(maxsize=1 << 18)
def name_tokens(name_key: str | None) -> frozenset[str]:
    """The identity-bearing words of a name key."""
    if not isinstance(name_key, str):
        return frozenset()
    return frozenset(w for w in name_key.split() if w not in STOPWORDS)


def _edits_within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (banded, stops early)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


@lru_cache(maxsize=1 << 18)
def _close(a: str, b: str) -> bool:
    """Equal words, or one edit apart when both are long enough to carry a typo (two edits
    for long words: « entrepreneuriat » / « entreprenariat »)."""
    if a == b:
        return True
    if min(len(a), len(b)) >= 9:
        # Two edits leave one of a's three thirds whole, somewhere in b: a substring test (in
        # C) spares the quadratic distance for most pairs of long words.
        third = len(a) // 3
        if a[:third] not in b and a[third : 2 * third] not in b and a[2 * third :] not in b:
            return False
        return _edits_within(a, b, 2)
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=1 << 16)  # a few thousand towns, asked for every pair
def place_words(municipality: str | None) -> frozenset[str]:
    """Words of a municipality name as name keys write them (« Lac-Édouard » -> lac, edouard)."""
    if not isinstance(municipality, str):
        return frozenset()
    return frozenset(expand_saints(tokens(fold(municipality)))) - STOPWORDS


def token_overlap(a: str | None, b: str | None, places: frozenset[str] = frozenset()) -> float:
    """Share of the shorter name's words found (exactly or with one typo) in the other name;
    0 when the words found are all generic ones (« centre », « maison »…) or words of the
    records' municipality (« Centre X Shawinigan » vs « Y de Shawinigan » in Shawinigan)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # _close holds only for words of 5+ letters within two letters of length: tested first,
    # they spare most calls (this runs on every candidate pair of the door and name rules)
    hits = [
        w
        for w in small
        if w in big
        or (len(w) >= 5 and any(abs(len(w) - len(v)) <= 2 and _close(w, v) for v in big))
    ]
    if all(w in GENERIC or w in places for w in hits):
        return 0.0
    return len(hits) / len(small)


def words_cover(a: str | None, b: str | None) -> bool:
    """Every word of the shorter name is found in the other (exactly or with one typo), as
    ``token_overlap`` finds them: ``token_overlap(a, b, places) >= 1.0`` holds exactly when
    this does and the shorter name's words are not all generic or place words. No places, so
    a pair of names is asked once whatever its records' towns; stops at the first word not
    found (most pairs at a door)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    small, big, short = (
        (ta, tb, _short_tokens(a)) if len(ta) <= len(tb) else (tb, ta, _short_tokens(b))
    )
    if not short <= big:  # a short word carries no typo: it must be there (a set test)
        return False
    # the long words missing: each within a typo of one of the other's
    return all(_typo_of_one(w, big) for w in small - big)


def _typo_of_one(word: str, words: frozenset[str]) -> bool:
    """``_close(word, v)`` for some ``v`` of ``words`` within two letters of its length. Below
    9 letters ``_close`` allows one edit: the two words then share their first two letters or
    their last two (the edit is after the first two or before the last two), a test spared
    of the call for most words."""
    for v in words:
        gap = abs(len(word) - len(v))
        if gap > 2:
            continue
        if min(len(word), len(v)) < 9 and (gap > 1 or (word[:2] != v[:2] and word[-2:] != v[-2:])):
            continue
        if _close(word, v):
            return True
    return False


@lru_cache(maxsize=1 << 18)
def _short_tokens(name_key: str | None) -> frozenset[str]:
    """The words of ``name_tokens`` too short to carry a typo (under 5 letters)."""
    return frozenset(w for w in name_tokens(name_key) if len(w) < 5)


def may_overlap(a: str | None, b: str | None, share: float = 1.0) -> bool:
    """False when ``token_overlap(a, b, places) >= share`` cannot hold, whatever the places:
    too many words of the shorter name are missing from the other and too short for a typo.
    A few set operations, where ``token_overlap`` tries typos word by word: asked first, it
    spares the pair checks of most pairs that fail."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # the most words token_overlap can find: the shared ones and the missing long ones
    most = len(small) - sum(1 for w in small - big if len(w) < 5)
    return most / len(small) >= share


def shared_host(domain: str | None) -> bool:
    """A website domain that identifies nobody: a shared host, a network's or a city's portal."""
    if not isinstance(domain, str) or not domain:
        return False
    first = domain.split(".")[0]
    return domain in SHARED_HOSTS or first.startswith(("ville", "municipalite", "mrc"))


def is_place_word(word: str, places: frozenset[str]) -> bool:
    """A word of the places, or one typo away from one (« MRC de Sherboroke » in Sherbrooke
    is the MRC as much as « MRC de Sherbrooke »)."""
    return word in places or (len(word) >= 5 and any(_close(word, p) for p in places))


@lru_cache(maxsize=1 << 18)
def identity_words(name_key: str | None, places: frozenset[str] = frozenset()) -> frozenset[str]:
    """Words of a name key that identify: not stopwords, generic words or place words."""
    return frozenset(w for w in name_tokens(name_key) if w not in GENERIC and w not in places)


def degenerate_key(name_key: str | None, places: frozenset[str] = frozenset()) -> bool:
    """A key made only of a place (municipality, MRC) and generic words carries no identity:
    « Coop de solidarité de Mékinac » and « CDC Mékinac » both reduce to « mekinac »."""
    return not identity_words(name_key, places)


@lru_cache(maxsize=1 << 18)
def public_body(name_key: str | None, places: frozenset[str] = frozenset()) -> bool:
    """A municipality or MRC by its name (« MRC de Maskinongé », « Municipalité de X »): public
    bodies are not social economy enterprises and never take a register entry of the economy."""
    if not isinstance(name_key, str) or not name_key.split():
        return False
    first = name_key.split()[0]
    rest = identity_words(name_key, places) - {first}
    return first in PUBLIC_BODY_WORDS and all(is_place_word(w, places) for w in rest)


def is_cooperative(family: str | None) -> bool:
    return isinstance(family, str) and family.startswith("cooperative")


def form_class(legal_form: str | None) -> str | None:
    """The kind of body a legal form makes (``esq.normalise.legal_form`` vocabulary): a
    co-operative, a mutual or a non-profit (an OBNL or an association). None otherwise: hub
    labels for companies and public bodies are too loose to hold records apart (a members file
    writes its members' MRC as a slug that reads like a public body)."""
    if not isinstance(legal_form, str):
        return None
    if legal_form.startswith("cooperative"):
        return "cooperative"
    if legal_form.startswith("obnl") or legal_form == "association":
        return "non-profit"
    return "mutuelle" if legal_form == "mutuelle" else None


def effective_family(family: str | None, legal_form: str | None, role: str | None) -> str | None:
    """The family a record's name gives, corrected by the register's legal form: an association
    whose name contains « coopérative » (« Association coopérative d'économie familiale ») is
    not a co-operative when the register says it is a non-profit."""
    family = family if isinstance(family, str) else None
    if role == "register" and is_cooperative(family) and isinstance(legal_form, str):
        return family if legal_form.startswith("cooperative") else None
    return family


@lru_cache(maxsize=1 << 18)
def is_union(name_key: str | None) -> bool:
    """A union by its name, « syndicat » written with a typo too (« Synndicat des … »)."""
    return any(_close(w, "syndicat") for w in name_tokens(name_key))


def kinds_conflict(
    a: tuple[str | None, str | None, str | None, str | None],
    b: tuple[str | None, str | None, str | None, str | None],
    places: frozenset[str] = frozenset(),
) -> bool:
    """Two records of incompatible legal kinds, each given as (name_key, family, legal_form,
    role): a union and another body (« Syndicat des travailleurs X » and « Coop de travail X »
    at one door); a listing named as a co-operative and a register entry that is not one (a
    non-profit at the same door) unless their names are the same words, or a public body (MRC,
    municipality) and a register entry, or any body with a name of its own."""
    # A union and the co-op (or any body) whose name it carries are two organisations; so
    # are a public body and a body named otherwise (« MRC de X », « Corporation touristique
    # de X »); a listing named only « X » may be the MRC.
    if is_union(a[0]) != is_union(b[0]):
        return True
    for x, y in ((a, b), (b, a)):
        # the other has a name of its own, not just the place
        named = identity_words(y[0], places)
        if named and public_body(x[0], places) and not public_body(y[0], places):
            return True
    for x, y in ((a, b), (b, a)):
        key, family, _, role = x
        _, _, y_form, y_role = y
        if role == "register" or y_role != "register":
            continue
        if public_body(key, places):
            return True
        # The same words on both sides outweigh a listing calling itself a co-op loosely.
        if (
            is_cooperative(family)
            and isinstance(y_form, str)
            and not y_form.startswith("cooperative")
            and core_key(key) != core_key(y[0])
        ):
            return True
    return False


def name_similarity(a: str | None, b: str | None) -> float:
    """Jaccard similarity of the two names' words (stopwords left out): ranks competing
    candidates sharing one key (two registrations at one door)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def families_conflict(a: str | None, b: str | None) -> bool:
    """Two different kinds of organisation (a CPE and its foundation), not a variant spelling.

    "cooperative" and "cooperative-de-solidarite" are one family written more or less fully.
    A foundation is a separate body from the organisation it funds (« Fondation du musée X »
    vs « Musée X »), so « fondation » on one side only is a conflict too.
    """
    a = a if isinstance(a, str) else None
    b = b if isinstance(b, str) else None
    if (a == "fondation") != (b == "fondation"):
        return True
    if a is None or b is None or a == b:
        return False
    return not (a.startswith(b) or b.startswith(a))


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w not in STOPWORDS)


def acronym_of(short: str | None, long_: str | None) -> bool:
    """« ide tr » is the acronym of « innovation et développement économique trois rivières »:
    the short key's letters are the initials of the long key's words (3 letters or more)."""
    if not isinstance(short, str) or not isinstance(long_, str):
        return False
    letters = short.replace(" ", "")
    words = long_.split()
    return (
        len(letters) >= 3
        and letters.isalpha()
        and len(words) >= 3
        and (_initials(words) == letters)
    )


def core_key(name_key: str | None) -> str | None:
    """The name's words without stopwords or an acronym of the others, sorted: « Corporation de
    transport adapté … (CTACHSM) » and « Corporation de transport adapté … » share it."""
    if not isinstance(name_key, str):
        return None
    words = [w for w in name_key.split() if w not in STOPWORDS]
    if len(words) >= 4 and _initials(words[:-1]) == words[-1]:
        words = words[:-1]
    return " ".join(sorted(set(words))) or None


def compatible_names(
    key_a: str | None,
    key_b: str | None,
    family_a: str | None = None,
    family_b: str | None = None,
    places: frozenset[str] = frozenset(),
) -> bool:
    """Names that may be one organisation: at least half of the shorter name's words (and at
    least one) appear in the other, and the family words do not name two kinds of body.

    A shared phone, website or door alone is not enough (hubs share offices and switchboards);
    together with a compatible name it is.
    """
    if families_conflict(family_a, family_b):
        return False
    if _kind_phrases.cores_disagree(key_a, key_b):  # « Maison des jeunes X » / « … Y »
        return False
    return (
        token_overlap(key_a, key_b, places) >= 0.5
        or acronym_of(key_a, key_b)
        or acronym_of(key_b, key_a)
    )


def province_of(postal_code: str | None, region_code: str | None) -> str | None:
    """Province of a record: Québec when a Québec region was resolved, else from the postal code."""
    if isinstance(region_code, str) and region_code:
        return "QC"
    if isinstance(postal_code, str) and postal_code:
        return POSTAL_PROVINCE.get(postal_code[0].upper())
    return None


# Last: kind_phrases reads STOPWORDS and _close from this module (erq, issue 12).
from esq.entities import kind_phrases as _kind_phrases  # noqa: E402
