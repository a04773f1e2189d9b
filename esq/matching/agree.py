"""Whether a list's supplier name and an enterprise's name agree, word by word, on the terms of
a site or of a town (:mod:`esq.matching.site`, whose docstring states the rules).

Besides one name being the other with a kind of body before it, or cut, two names agree when
they are one typed letter apart, spaces aside (« ARC-N-CIEL », « SD » for « Sud ») — never in a
number, as numbered companies differ by one digit — and, at a postal code only, when one has
one word more inside it (« Comptoir alimentaire X » and « Comptoir X »); three words shared at
least, not only a town's. At a postal code, a name that is a kind of body and the town's name
(« CDC de Terrebonne ») agrees with the enterprise of that same kind and town.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from esq.contracts.kind_typos import one_edit
from esq.contracts.name_variants import variants_and_family
from esq.contracts.supplier_evidence import plain
from esq.entities.compat import STOPWORDS, families_conflict
from esq.normalise.text import fold

Words = tuple[str, ...]
#: A word this long may carry one typo; shorter ones must be equal.
TYPO_LENGTH = 4
#: The words of « Québec », in every numbered company's name.
PROVINCE = frozenset({"quebec"})
#: A name one letter off another is this long at least, spaces aside.
SLIP_LENGTH = 10
#: Words shared at least by two names a slip or an inserted word apart.
MIN_NEAR = 3
_DIGITS = re.compile(r"\D")
_NUMBER = re.compile(r"\d")
#: Legal forms of companies and partnerships, never a non-profit's or a co-operative's.
COMPANY = re.compile(r"\b(?:ltee|limitee|ltd|enr|s\.?\s?e\.?\s?n\.?\s?c)\b")


@lru_cache(maxsize=1 << 16)
def name_words(name: str) -> tuple[frozenset[Words], str | None]:
    """Each reading of ``name`` (the linker's variants, and the whole name word for word) as
    its words less the articles, and the name's family word (« cooperative », « cpe »…)."""
    keys, family = variants_and_family(name)
    readings = {tuple(w for w in k.split() if w not in STOPWORDS) for k in {*keys, plain(name)}}
    return frozenset(r for r in readings if r), family


@lru_cache(maxsize=1 << 16)
def _spelt(name: str) -> str:
    """The whole name's letters, articles kept, spaces left out."""
    return plain(name).replace(" ", "")


def _same(a: str, b: str) -> bool:
    """Equal words, or long ones one typo apart — never numbers: « 9123 » and « 9124 » are the
    numbers of two companies."""
    if a == b:
        return True
    typo = min(len(a), len(b)) >= TYPO_LENGTH and one_edit(a, b)
    return typo and not (_NUMBER.search(a) or _NUMBER.search(b))


def _tail(a: Words, b: Words) -> int:
    """How many last words ``a`` and ``b`` share, from the end."""
    n = 0
    while n < min(len(a), len(b)) and _same(a[-1 - n], b[-1 - n]):
        n += 1
    return n


def _begins(cut: Words, whole: Words) -> bool:
    """``cut`` is the beginning of ``whole``, its last word maybe cut short."""
    if not 2 <= len(cut) <= len(whole):
        return False
    *head, last = cut
    return all(_same(a, b) for a, b in zip(head, whole, strict=False)) and (
        whole[len(cut) - 1].startswith(last) or _same(last, whole[len(cut) - 1])
    )


def _slip(a: Words, b: Words) -> bool:
    """``a`` and ``b`` are one typed letter apart, spaces aside (« arc n ciel » and « arc ciel »
    once « en » is dropped as an article, « saint joseph sd » and « saint joseph sud »), never
    in a number (« 9211 8295 » and « 9211 8296 » are two companies): a name of
    :data:`SLIP_LENGTH` letters at least."""
    x, y = "".join(a), "".join(b)
    if min(len(x), len(y)) < SLIP_LENGTH or _DIGITS.sub("", x) != _DIGITS.sub("", y):
        return False
    return one_edit(x, y)


def _inserted(a: Words, b: Words) -> bool:
    """One of ``a`` and ``b`` is the other with one word inside it (neither first nor last:
    those are a kind of body or a cut), the others equal or one typo apart (« comptoir
    alimentaire coccinelle joie » and « comptoir coccinelle joie »)."""
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) != len(short) + 1 or len(short) < 2:
        return False
    return any(
        all(_same(x, y) for x, y in zip(short, long_[:i] + long_[i + 1 :], strict=True))
        for i in range(1, len(long_) - 1)
    )


def words_agree(
    row: Words, other: Words, places: frozenset[str], adds: tuple[bool, bool], least: int = 1,
    site: bool = False, own_kind: bool = False,
) -> bool:  # fmt: skip
    """One reading is the other with words before it (the row's words, the other's: as
    ``adds`` allows), or ``row`` begins ``other``, or the two are one typed letter apart, or
    (at a ``site``) one word inside one of them apart; the words shared are at least
    ``least`` and not only ``places``' — unless (``own_kind``, at a site) both names say the
    same kind of body and nothing else but the town (« CDC de Terrebonne » at the postal code
    of « Corporation de développement communautaire de Terrebonne »)."""
    shared = _tail(row, other)
    if shared and shared == min(len(row), len(other)):
        if not (len(row) == len(other) or adds[len(row) < len(other)]):
            return False
        kept = row[len(row) - shared :]
        if own_kind and len(row) == len(other):
            return True
    elif _begins(row, other):
        kept = row
    elif _slip(row, other) or (site and _inserted(row, other)):
        kept = min(row, other, key=len)
        least = max(least, MIN_NEAR)
    else:
        return False
    return len(kept) >= least and not set(kept) <= places | PROVINCE


def names_agree(
    name: str, others: Iterable[str], places: frozenset[str], strict: bool = False
) -> bool:
    """``name`` agrees with one of ``others`` (an enterprise's names), kinds not in conflict.
    The words one name has before the other are its kind of body, which the other may not
    contradict: the row's words may come before an enterprise's name that states no kind
    (« Café » before « Ferme Le Grenier »), not before what is left of a name once its kind is
    folded away (« Immeubles Saint-Laurent » is not « Coopérative de travail Saint-Laurent »);
    an enterprise's words may come before a row's name that states no kind, or the same
    (« Coop La Passerelle » is not « Maison des jeunes La Passerelle »), nor an enterprise one
    of whose names states another kind (« Mutuelle de prévention La Fourmilière » is not
    « Coopérative de solidarité La Fourmilière », trade name « La Fourmilière »). ``strict``
    (a town, not a site): two words shared at least, and none of the row's before them — as
    many companies of a town as social economy bodies bear their words (« Gestion Le Pignon
    bleu inc. » is not « Le Pignon bleu »). Nor, anywhere, before a name when the row's ends
    with a company's legal form (« Immeubles Sainte-Anne enr. »)."""
    rows, family = name_words(name)
    names = list(others)
    others = [name_words(o) for o in names]
    if family and any(f and families_conflict(family, f) for _, f in others):
        return False  # the row's kind is not the enterprise's (by any of its names)
    company = bool(COMPANY.search(fold(name).lower()))
    row_adds = not (strict or company)
    for whole, (readings, other_family) in zip(names, others, strict=True):
        if families_conflict(family, other_family):
            continue
        if _slip((_spelt(name),), (_spelt(whole),)) and any(
            len(r) >= MIN_NEAR and not set(r) <= places | PROVINCE for r in rows
        ):
            return True  # a space typed a letter away: « La Coccinell ede la Colline »
        adds = (row_adds and other_family is None, family is None or other_family is not None)
        least = 2 if strict else 1
        site = not (strict or company)
        own_kind = site and family is not None and family == other_family
        if any(
            words_agree(r, o, places, adds, least, site, own_kind) for r in rows for o in readings
        ):
            return True
    return False
