"""The name tests of the door evidence rules (``door_evidence.py``): pure functions of name
keys and website domains, no frame."""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from esq.entities.compat import STOPWORDS, _close, identity_words
from esq.entities.name_variants import ABBREVIATIONS

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


def text_value(value: object) -> str | None:
    """``value`` when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value else None


@lru_cache(maxsize=1 << 18)  # a listing's phrase is compared with every name at its door
def kind_phrase_key(name_key: str | None) -> str | None:
    """The key with a kind phrase as its token, stopwords dropped; None without a phrase."""
    key = text_value(name_key)
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


@lru_cache(maxsize=1 << 18)  # a listing's name is tested against every name at its door
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


@lru_cache(maxsize=1 << 18)  # word pairs come back in many name pairs (``may_share_word``)
def _word_agrees(a: str, b: str) -> bool:
    """One word, up to a typo, or a word of 3+ letters the other begins with (« gym »)."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    gap = len(long_) - len(short)
    if gap > 2:  # too far apart for a typo (``_close``): a beginning only
        return len(short) >= 3 and long_.startswith(short)
    # ``_close`` allows one edit from 5 letters, two from 9; no beginning this close
    return len(short) >= (5 if gap < 2 else 9) and _close(a, b)


def _run_acronym(word: str, name_key: str) -> bool:
    """« adi » abbreviates three or more consecutive words of the name (stopwords skipped):
    « association pour la déficience intellectuelle »."""
    if not 3 <= len(word) <= 6 or not word.isalpha() or word in ABBREVIATIONS:
        return False  # « CAB » names a kind of body, not which one
    words, initials = _initials(name_key)
    return len(words) >= len(word) and word in initials and word not in words


@lru_cache(maxsize=1 << 18)  # asked for each short word of the other name of every pair
def _initials(name_key: str) -> tuple[tuple[str, ...], str]:
    """The name's words (stopwords out) and their initials run together."""
    words = tuple(w for w in name_key.split() if w not in STOPWORDS)
    return words, "".join(w[0] for w in words)


def may_share_word(a: str, b: str) -> bool:
    """False when ``shares_word(a, b, places, rare)`` cannot hold, whatever the places and
    ``rare``: its test on the words places can only remove (``identity_words`` without
    places), with no place unions and the word pairs' answers cached. Most names at a door
    share no word, and this spares them the full test."""
    wa, wb = identity_words(a), identity_words(b)
    if not wa.isdisjoint(wb):
        return True
    if any(_word_agrees(x, y) for x in wa for y in wb):
        return True
    return _initials_hold(a, b) or _initials_hold(b, a)


def may_share_rare_word(a: str, b: str, rare_b: frozenset[str]) -> bool:
    """False when ``shares_word(a, b, places, rare)`` cannot hold, whatever the places
    (``rare_b``: the words of ``identity_words(b)`` in ``rare``): a word of ``b`` in
    ``rare`` agreeing with one of ``a``, or a word of one within the other's initials run
    together. Mostly set operations on cached sets: the words of most names are common."""
    if rare_b and any(_word_agrees(x, y) for x in identity_words(a) for y in rare_b):
        return True
    return _initials_hold(a, b) or _initials_hold(b, a)


def _initials_hold(a: str, b: str) -> bool:
    """A word of ``a`` that ``_run_acronym`` may take is in ``b``'s initials run together."""
    words = _acronym_like(a)
    if not words:
        return False
    initials = _initials(b)[1]
    return any(x in initials for x in words)


@lru_cache(maxsize=1 << 18)
def _acronym_like(name_key: str) -> frozenset[str]:
    """The identifying words of the name (no places) ``_run_acronym`` may take: 3 to 6
    letters, not a kind's abbreviation."""
    return frozenset(
        w
        for w in identity_words(name_key)
        if 3 <= len(w) <= 6 and w.isalpha() and w not in ABBREVIATIONS
    )


def shares_word(
    a: str | None, b: str | None, places: frozenset[str], rare: frozenset[str] | None = None
) -> bool:
    """Whether the names share an identifying word (``_word_agrees``; place-like words out),
    or a word of one is an acronym of consecutive words of the other. With ``rare``, a shared
    word counts only when ``b``'s word is one of them (the acronym needs no count)."""
    if not isinstance(a, str) or not isinstance(b, str) or not may_share_word(a, b):
        return False
    places = places | _place_like(a) | _place_like(b)
    wa, wb = identity_words(a, places), identity_words(b, places)
    if rare is None and not wa.isdisjoint(wb):
        return True  # an equal word agrees
    if any(_word_agrees(x, y) for x in wa for y in wb if rare is None or y in rare):
        return True
    return any(_run_acronym(x, b) for x in wa) or any(_run_acronym(y, a) for y in wb)


def agreeing_words(a: str, b: str, places: frozenset[str]) -> frozenset[str]:
    """The words of ``b`` that ``shares_word(a, b, places, rare)`` asks ``rare`` about: those
    agreeing with an identifying word of ``a`` (the acronym test needs no count)."""
    places = places | _place_like(a) | _place_like(b)
    wa, wb = identity_words(a, places), identity_words(b, places)
    return frozenset(y for y in wb if any(_word_agrees(x, y) for x in wa))


def domain_spells(domain: str | None, name_key: str | None) -> bool:
    """The domain's first label spells the name: its words run together, stopwords in or out,
    or its first words as initials and the rest whole (« cabmekinac » for « centre d action
    benevole mekinac »). Three letters at least, and some whole word."""
    domain, key = text_value(domain), text_value(name_key)
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
