"""The supplier's postal code names its site: of the enterprises there, the one the row's name
names — its kind of body added or left out, a word typed differently, or the name cut.

A postal code is one side of a street block or one building; SEAO publishes none, so the
contracts' linker never reads one, while a city's vendor file often holds the payee's. At one
postal code there are a handful of enterprises at most, and a name that agrees with exactly
one of them is that one, on looser terms than a name alone over the whole register:

- one name is the other with words before it (« Centre d'action bénévole La Passerelle bleu »
  and « La Passerelle bleu »; « L'Éclaircie » and « Café L'Éclaircie »), the words compared
  without articles, each equal or one typo apart (« rTemplin », « Tremplin »);
- or the row's name begins the other, its last word maybe cut (« Centre d'aaction bénévole
  La Ci » and « Centre d'action bénévole La Cigale du Carré »).

Never when the words they share are only a town's (« … de Saint-Constant » names every body
of Saint-Constant), when the names state two kinds of body that are not one (a foundation
and what it funds), or when the enterprise holds another NEQ than the row's valid one. Two
enterprises there that the name agrees with (an organisation and its foundation, a listing
and its registration left apart): the postal code does not tell, nothing is decided.

In a town (the row without a postal code, or none there agreeing) the terms are stricter: two
words shared at least and none of the row's before them, as a town's companies bear the same
words as its social economy bodies (« Gestion Le Pignon bleu inc. »: 39 wrong links on
the medium hard world when the row's words could come first).

On the hard benchmark's lists (v3, small seeds 1–5 and medium) this changed 30 rows — 22 by
postal code, 8 by town; 9 of them set apart as candidates — and none wrongly; on the large one
no wrong link comes from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from esq.contracts.kind_typos import one_edit
from esq.contracts.name_variants import variants_and_family
from esq.contracts.reference import split_names
from esq.contracts.supplier_evidence import plain, town_key
from esq.entities.compat import STOPWORDS, families_conflict, place_words
from esq.normalise.postal import postal_code
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
    others = [name_words(o) for o in others]
    if family and any(f and families_conflict(family, f) for _, f in others):
        return False  # the row's kind is not the enterprise's (by any of its names)
    company = bool(COMPANY.search(fold(name).lower()))
    row_adds = not (strict or company)
    for readings, other_family in others:
        if families_conflict(family, other_family):
            continue
        adds = (row_adds and other_family is None, family is None or other_family is not None)
        least = 2 if strict else 1
        site = not (strict or company)
        own_kind = site and family is not None and family == other_family
        if any(
            words_agree(r, o, places, adds, least, site, own_kind) for r in rows for o in readings
        ):
            return True
    return False


class Sites:
    """The enterprises by postal code and by town, with their names and NEQ."""

    def __init__(self, enterprises: pd.DataFrame):
        """``enterprises`` indexed by enterprise_id, with name, other_names, neq, postal_code
        and municipality."""
        self.enterprises = enterprises
        self.at: dict[str, list[str]] = {}
        self._words: dict[tuple[str, str], set[str]] | None = None
        self._records: dict[str, tuple[list[str], str | None, frozenset[str]]] = {}
        for eid, value in _column(enterprises, "postal_code").items():
            code = postal_code(value) if isinstance(value, str) else None
            if code:
                self.at.setdefault(code, []).append(str(eid))

    def named(self, name: str | None, code: str | None, neq: str | None = None) -> str | None:
        """The one enterprise at postal code ``code`` that ``name`` names (module docstring),
        none holding another NEQ than ``neq``; None when none or several."""
        here = self.at.get(postal_code(code) or "", []) if code and name else []
        return self._one(here, name or "", neq, strict=False)

    def named_in_town(
        self, name: str | None, town: str | None, neq: str | None = None, code: str | None = None
    ) -> str | None:
        """The one enterprise of ``town`` that ``name`` names, on stricter terms (module
        docstring), less those at another postal code than the row's ``code``; None when none
        or several."""
        place = town_key(town)
        if not (place and name):
            return None
        by_word = self._town_words()
        here = {
            e
            for r in name_words(name)[0]
            for w in {r[0], r[-1]}
            for e in by_word.get((place, w), ())
        }
        own = postal_code(code) if code else None
        if own:  # « CDC de Terrebonne » at J6W 4N8 is not the one at J6W 6P0
            here = {e for e in here if self._code(e) in (None, own)}
        return self._one(sorted(here), name, neq, strict=True)

    def _code(self, eid: str) -> str | None:
        value = (
            self.enterprises.at[eid, "postal_code"] if "postal_code" in self.enterprises else None
        )
        return postal_code(value) if isinstance(value, str) else None

    def _town_words(self) -> dict[tuple[str, str], set[str]]:
        """(town, word of a reading of a name, :func:`_ends`) -> enterprises, built once, on
        the first town asked about."""
        if self._words is None:
            self._words = {}
            frame = self.enterprises
            towns = map(town_key, _column(frame, "municipality"))
            names = zip(frame.index, towns, frame.name, _column(frame, "other_names"), strict=True)
            for eid, place, name, others in names:
                for n in [name, *split_names(others)] if place else []:
                    for r in name_words(n)[0] if isinstance(n, str) else ():
                        for word in _ends(r):
                            self._words.setdefault((place, word), set()).add(str(eid))
        return self._words

    def _one(self, ids: Iterable[str], name: str, neq: str | None, strict: bool) -> str | None:
        found = [e for e in ids if self._names(e, name, neq, strict)]
        return found[0] if len(found) == 1 else None

    def _names(self, eid: str, name: str, neq: str | None, strict: bool) -> bool:
        names, other_neq, places = self._record(eid)
        if neq and other_neq and other_neq != neq:
            return False  # two NEQs are two organisations
        return names_agree(name, names, places, strict)

    def names(self, eid: str) -> list[str]:
        """An enterprise's name and other names."""
        return self._record(eid)[0]

    def _record(self, eid: str) -> tuple[list[str], str | None, frozenset[str]]:
        """An enterprise's names, NEQ and town words, read once."""
        if eid not in self._records:
            rec = self.enterprises.loc[eid]
            neq = rec.get("neq")
            self._records[eid] = (
                [rec["name"], *split_names(rec.get("other_names"))],
                neq if isinstance(neq, str) and neq else None,
                place_words(rec.get("municipality")),
            )
        return self._records[eid]


def _ends(reading: Words) -> set[str]:
    """The words a town's enterprises are found by: the first (a cut name begins another) and
    the last two (one name is the other with words before it) — a slip in one of them leaves
    another to find it by."""
    return {reading[0], *reading[-2:]}


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)
