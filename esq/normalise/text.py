"""Text primitives shared by every normaliser: cleaning for display, folding for comparison."""

from __future__ import annotations

import functools
import math
import numbers
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

# Values that sources use to say "nothing here" (R writes NA, pandas NaN, spreadsheets "N/A").
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "none", "null", "-"})
_SPACE = re.compile(r"\s+")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u00ad\ufeff\u2060")
# Control and format characters (zero-width spaces, soft hyphens, BOMs) carry no meaning in a name.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf"})


T = TypeVar("T")


def text_cache(normaliser: Callable[[object], T]) -> Callable[[object], T]:
    """Memoise a pure one-argument normaliser for text values (others are computed as usual)."""
    cached = functools.lru_cache(maxsize=1 << 16)(normaliser)

    @functools.wraps(normaliser)
    def wrapper(value: object) -> T:
        return cached(value) if isinstance(value, str) else normaliser(value)

    return wrapper


def _clean_char(ch: str) -> str:
    if ch in _ZERO_WIDTH:
        return ""
    # Other control/format characters (tabs, newlines, bidi marks) separate words.
    return " " if unicodedata.category(ch) in _INVISIBLE_CATEGORIES else ch


def _non_text(value: object) -> str | None:
    """``clean_text``'s start for a value that is not a plain str: numbers rendered, bytes
    decoded, missing values None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        value = str(int(value))
    elif isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return None
        value = str(int(number)) if number.is_integer() else repr(number)
    elif isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    elif not isinstance(value, str | int):
        return None
    return unicodedata.normalize("NFC", str(value))


def clean_text(value: object) -> str | None:
    """Return `value` as display text: NFC, whitespace runs collapsed to one space, stripped.

    None, NaN, non-text containers and the usual "missing" markers ("", "NA", "N/A", "nan",
    "null", "-") give None. Numbers are rendered with `str` (ints stay ints).
    """
    if type(value) is str:  # the usual case first: ABC isinstance checks cost more than NFC
        # NFC leaves ASCII text as it is.
        text = value if value.isascii() else unicodedata.normalize("NFC", value)
    else:
        text = _non_text(value)
        if text is None:
            return None
    # Fast path: a printable string holds no control or format character (categories Cc and
    # Cf, zero-width characters included), so the character loop would change nothing.
    if not text.isprintable():
        text = "".join(_clean_char(ch) for ch in text)
    # NFC again: dropping a zero-width character can leave a decomposed accent behind.
    text = _SPACE.sub(" ", text).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if text.casefold() in MISSING_MARKERS:
        return None
    return text


def fold(value: str) -> str:
    """Lower-case `value` and remove accents (NFKD, combining marks dropped), for comparisons.

    Ligatures are expanded (œ -> oe, æ -> ae, ß -> ss) so "Cœur" and "Coeur" fold alike.
    """
    if value.isascii():  # nothing to decompose, no ligature: the loop below gives lower()
        return value.lower()
    text = value
    # Case folding can produce combining marks and decomposition can produce capitals
    # (e.g. "İ", "ℌ"): repeat until stable so that fold(fold(x)) == fold(x).
    for _ in range(4):
        folded = unicodedata.normalize("NFKD", text).casefold()
        folded = folded.translate(_combining_marks())
        folded = folded.replace("œ", "oe").replace("æ", "ae")
        if folded == text or folded.isascii():
            # Lower-case ASCII is stable: another pass would give it back unchanged.
            return folded
        text = folded
    return text


class _CombiningMarks(dict):
    """A ``str.translate`` table deleting every combining character, filled as characters are
    met (one lookup in C per character instead of a Python test; building it for all of
    Unicode up front cost ~0.8 s of CPU in every process that folds a name)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


@functools.cache
def _combining_marks() -> _CombiningMarks:
    return _CombiningMarks()


_NON_ALNUM = re.compile(r"[^0-9a-z]+")


# Saint abbreviations as they appear in place, street and organisation names.
SAINTS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def expand_saints(words: list[str]) -> list[str]:
    """Folded words with St/Ste/Sts/Stes spelt out (saint, sainte…)."""
    return [SAINTS.get(w, w) for w in words]


def tokens(value: str) -> list[str]:
    """Folded words of `value`: apostrophes, hyphens, dashes and punctuation split words."""
    return [t for t in _NON_ALNUM.split(fold(value)) if t]
