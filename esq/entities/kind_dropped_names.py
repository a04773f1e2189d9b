"""The name tests of ``kind_dropped.py``: a registration's name that ends with a listing's.

« Le Pignon bleu » ends « Comptoir alimentaire Le Pignon bleu »; « ACH Montréal » is the
acronym of the kind phrase of « Association des coopératives d'habitation de Montréal »;
« Centre de la pette enfance X » is the CPE « X » with a slip in the family's phrase. Pure
functions of the two keys and families, and ``last_words``, the keys' last words vectorised
(``place_doors.py`` reads them too).
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.compat import STOPWORDS
from esq.normalise.names import FAMILIES  # the parser's family phrases: one vocabulary


def plain_words(key: object) -> tuple[str, ...]:
    return tuple(w for w in key.split() if w not in STOPWORDS) if isinstance(key, str) else ()


#: Keys whose last word Arrow reads exactly as ``last_word`` does: ASCII words, single spaces.
_PLAIN_KEY = r"^[a-z0-9]+( [a-z0-9]+)*$"
_STOPWORDS = pa.array(sorted(STOPWORDS), pa.string())


def last_words(keys: pd.Series) -> pd.Series:
    """The last word of each key, stopwords left out (None when it has none), as ``last_word``
    gives it; vectorised: the register's keys at the listings' postal codes are many."""
    arr = pa.array(keys, from_pandas=True)
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return pd.Series([last_word(k) for k in keys.tolist()], index=keys.index, dtype=object)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    # after the last space: the last piece of a split from the right (a regex costs twice)
    pieces = pc.split_pattern(pc.fill_null(arr, ""), " ", max_splits=1, reverse=True)
    ends = pieces.offsets.to_numpy()[1:] - 1
    last = pc.if_else(pc.is_null(arr), None, pc.list_flatten(pieces).take(pa.array(ends)))
    # A key that is not plain, or whose last word is a stopword, goes through ``last_word``.
    odd = pc.or_kleene(
        pc.invert(pc.match_substring_regex(arr, _PLAIN_KEY)), pc.is_in(last, _STOPWORDS)
    )
    odd = pc.fill_null(odd, False).to_numpy(zero_copy_only=False)
    out = pd.Series(last.to_numpy(zero_copy_only=False), index=keys.index, dtype=object)
    if odd.any():
        values = keys.to_numpy(dtype=object)[odd]
        out[odd] = [last_word(k) for k in values]
    return out.where(out.notna(), None)


def last_word(key: object) -> str | None:
    if isinstance(key, str):
        for word in reversed(key.split()):  # from the end: most names end with a word
            if word not in STOPWORDS:
                return word
    return None


def ends_with_listing(
    listing_key: str,
    register_key: str,
    register_family: str | None,
    listing_family: str | None = None,
) -> bool:
    """The registration's words end with every word of the listing's, and it says more: leading
    words or a family word when the listing names no kind, the family written out in full when
    the listing writes it short (« Coop de X » / « Coopérative de solidarité de X »)."""
    mine, theirs = plain_words(listing_key), plain_words(register_key)
    if listing_family is None and (
        _acronym_of_kind(mine, theirs) or _misspelt_family(mine, theirs, register_family)
    ):
        return True
    if not mine or theirs[-len(mine) :] != mine:
        return False
    if listing_family is not None:
        return (
            isinstance(register_family, str)
            and register_family != listing_family
            and register_family.startswith(listing_family)
        )
    return len(theirs) > len(mine) or isinstance(register_family, str)


def _acronym_of_kind(mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """The listing's first word is the acronym of the registration's leading words and the rest
    of its words end the registration's name (« ACH Montréal » for « Association des
    coopératives d'habitation de Montréal »)."""
    if len(mine) < 2 or len(mine[0]) < 3 or len(theirs) < len(mine) + 2:
        return False
    head, tail = mine[0], mine[1:]
    lead = theirs[: len(theirs) - len(tail)]
    return theirs[len(lead) :] == tail and "".join(w[0] for w in lead) == head


#: Each family's phrases, stopwords left out (« centre de la petite enfance » for ``cpe``).
_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase, _slug in FAMILIES:
    _PHRASES.setdefault(_slug, []).append(tuple(w for w in _phrase if w not in STOPWORDS))


def _one_edit(a: str, b: str) -> bool:
    """The same word up to one dropped, added or changed letter; a short word (an acronym:
    « CDCC » for « CDC ») only up to one letter typed twice."""
    if a == b:
        return True
    if abs(len(a) - len(b)) == 1 and _doubled(a, b):
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _doubled(a: str, b: str) -> bool:
    """The longer word is the shorter with one of its letters typed twice."""
    short, long_ = sorted((a, b), key=len)
    return any(
        long_[i] == long_[i + 1] and long_[:i] + long_[i + 1 :] == short
        for i in range(len(long_) - 1)
    )


def _misspelt_family(mine: tuple[str, ...], theirs: tuple[str, ...], family: str | None) -> bool:
    """The listing's words are the registration's, after a phrase of its family written with a
    slip the name parser did not read as the family (« Centre de la pette enfance X » for the
    CPE « X », « Fodation X »)."""
    if family is None or not theirs or mine[-len(theirs) :] != theirs:
        return False
    lead = mine[: len(mine) - len(theirs)]
    return any(
        len(phrase) == len(lead) and all(map(_one_edit, lead, phrase))
        for phrase in _PHRASES.get(family, ())
    )
