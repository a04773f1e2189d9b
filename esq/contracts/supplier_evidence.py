"""What tells apart enterprises a supplier name ties between (equal names: namesakes, two
registrations, an enterprise and a candidate), strongest first:

- ``neq_digits``: the supplier's published NEQ fails its check digit, but its first nine digits
  are the enterprise's (a typo in the last digit, corroborated by the name);
- ``locality``: the enterprise's town is one of the supplier's localities (SEAO's address);
- ``kind``: the supplier's name says its kind of body (« Centre de la petite enfance Le Boisé »)
  and the enterprise's names do not say another one: neither a kind the keys fold (« Café Le
  Boisé » is not named a CPE… but « Coopérative d'habitation Le Boisé » is named another kind)
  nor words the keys keep around the supplier's (« Café Le Boisé », « Le Boisé (entreprise
  d'insertion) »), the name they share being only a trade name of theirs;
- ``qualified_name``: the supplier's name carries a qualifier in brackets (« La Marée du Mont
  (entreprise d'insertion) inc. ») and is, legal form aside, word for word one of the
  enterprise's names: the key folds the qualifier away, and its namesakes (« Coopérative de
  solidarité La Marée du Mont », « CPE La Marée du Mont ») do not bear it. Unlike
  ``same_name`` it decides away from the buyers too (hard worlds v3, small seeds 1–5, medium
  and large: 7 rows linked, all right; the whole name without a qualifier, « Coop La Grande
  Ourse », « Corporation de développement communautaire X », in the same place: 18 right,
  4 wrong on the large world, as hubs record such trade names for several namesakes);
- ``buyer_city``: it is one of the buying cities — it tells a local namesake from namesakes
  away, not from a neighbouring town's: when a tied enterprise left out is in the same region
  (:meth:`EnterpriseStanding.neighbours`), the tie is not broken;
- ``same_name``: the supplier's whole name, legal form aside, is word for word one of the
  enterprise's names (its name, a hub's name for it, a name it registered), or one typo from
  it: the keys compared so far fold the kind of body and the articles away, and a trade name
  the register or a hub records (« Coop Les Jardins ») tells its owner from namesakes;
- ``same_kind``: the supplier's name says its kind of body (« Coop de travail ») and one of
  the enterprise's names says the same kind, more or less fully;
- ``listed``: a source lists it (not only a register entry or a candidate);
- ``active``: its registration is active (IM) or it has none.

``same_name``, ``same_kind``, ``listed`` and ``active`` say little about which namesake
supplied: they decide only for an enterprise in a buying city's region
(:meth:`EnterpriseStanding.in_buyer_region`; any, when no buying city's region is known), or
against a namesake of the chosen one's own town (:meth:`EnterpriseStanding.same_town`: the
region tells towns apart, not namesakes of one town; hard worlds v3, all seeds: ``listed``
+11 rows right, none wrong). ``buyer_city`` and ``same_name`` decide among at most
``supplier_link.FEW_NAMESAKES`` (8) tied enterprises: each namesake away is one more chance
that the supplier is not the local one (v3, small seeds 1–5, medium and large, rows right /
wrong by number tied: ``same_name`` 2–8: 24 / 2, 9 and more: 28 / 14; ``buyer_city`` 2–8:
190 / 14, 9 and more: 18 / 8); ``buyer_city`` never when the supplier's own town is known and
is none of theirs (0 right, 7 wrong).
Each tied enterprise left out must have lost on evidence allowed to beat it (``buyer_city``
filtering the tie before ``same_name`` chooses among the city's namesakes is a choice by
``buyer_city`` too: 13 wrong links and 12 right ones fewer on the large world). On
the large hard world, ``listed`` choosing a namesake away from every buyer was wrong 14 times
in 40, ``buyer_city`` choosing against a tied enterprise of the same region 28 times in 39,
and 11 of the ``buyer_city`` wrong choices there were kinds of body the supplier's name
contradicts (« Centre de la petite enfance Le Boisé » taken for the « Café Le Boisé » of the
buying city, whose trade name is « Le Boisé »), hence ``kind`` first.

The NEQ the same name (word for word) was published with in other rows was tried and dropped:
on the hard benchmark (medium world and
small seeds 1–2) it decided 7 ties and 4 wrongly, as namesakes of one town both supply
(« Coopérative de solidarité de Montréal » with its NEQ, its namesake without). The region of
the buying city was tried and dropped too: on the hard benchmark (seeds 1–3) it chose
the wrong namesake more often than the right one (5 of 8), as namesakes are often both local.
Measured again on the v2 hard worlds (seeds 1–5 and medium, rows right / wrong):
``neq_digits`` 12 / 0, ``locality`` 103 / 2, ``buyer_city`` 44 / 5, ``same_name`` 26 / 5,
``same_kind`` 1 / 0, ``listed`` 24 / 6; ``same_name`` before ``buyer_city`` was tried and
dropped (seed 3: precision 0.983 → 0.974). With ``kind`` and the regional limits, on all v2
worlds (small seeds 1–5, medium and large; before → after): ``kind`` – → 52 / 1,
``buyer_city`` 216 / 53 → 207 / 24, ``same_name`` 128 / 27 → 53 / 16, ``same_kind`` 7 / 0 →
2 / 0, ``listed`` 128 / 35 → 90 / 8, ``locality`` 378 / 2, ``neq_digits`` 47 / 1.
On the v3 worlds (small seeds 1–5, medium, large), merged main a7e8370 → the same-town
relief, the 8-namesake cap and the located limit: ``buyer_city`` 208 / 24 → 190 / 14,
``same_name`` 52 / 16 → 25 / 2, ``listed`` 91 / 8 → 90 / 4, ``locality`` 379 / 2, ``kind``
53 / 1, ``neq_digits`` 46 / 0, ``same_kind`` 1 / 0 (unchanged). Letting ``same_name`` choose
a namesake away from every buyer when none of the tied is near one (31 ties, truth the
same-named one in 30 of those whose truth is tied) was tried: s4 and medium precision fell
(1.000 → 0.990, 0.980 → 0.977), as the truth is often not among the tied at all.
Dropping ``listed`` and ``active`` altogether instead was tried (with ``kind`` and the
``buyer_city`` limit): large precision 0.958 → 0.970 for recall 0.847 → 0.801 and WAPE
0.134 → 0.176; they stay, limited to the buyers' regions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import pandas as pd

from esq.contracts.kind_typos import one_edit
from esq.contracts.name_variants import core, name_family
from esq.contracts.reference import split_names
from esq.entities.compat import families_conflict
from esq.normalise.names import normalise_name
from esq.normalise.places import place_key
from esq.normalise.text import fold

#: What breaks a tie between enterprises of the same name, strongest first.
EVIDENCE_NAMES = (
    "neq_digits", "locality", "kind", "qualified_name", "buyer_city", "same_name", "same_kind",
    "listed", "active",
)  # fmt: skip

Evidence = Callable[[str], tuple]


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``frame``, or Nones when it lacks it."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), dtype="object")


def town_key(value: object) -> str | None:
    """A town name folded for comparison (« Trois-Rivières (Québec) » -> « trois rivieres »)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return place_key(value.split("(")[0]) or None


def _towns(values: object) -> set[str]:
    """The towns of a ' | '-separated list."""
    return {t for t in map(town_key, str(values or "").split(" | ")) if t}


def plain(name: object) -> str:
    """A whole name folded, legal form and punctuation aside, for a word-for-word comparison."""
    words = re.sub(r"[^0-9a-z]+", " ", fold(str(name or "")).lower()).split()
    while words and words[-1] in ("inc", "ltee", "limitee", "enr"):
        words.pop()
    return " ".join(words)


#: Whole names at least this long may carry one typo and still be the same name.
TYPO_LENGTH = 8


@lru_cache(maxsize=65536)
def core_words(name: object) -> tuple[str, ...]:
    """The words of a name's key, stopwords and the kinds the key folds aside."""
    parts = normalise_name(name) if isinstance(name, str) else None
    return tuple(core(parts.key).split()) if parts else ()


def _within(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """``short`` is a run of consecutive words of ``long``."""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _digits(value: object) -> str | None:
    text = "".join(ch for ch in str(value or "") if ch.isdigit())
    return text if len(text) == 10 else None


class EnterpriseStanding:
    """Per enterprise, what can break a name tie (module docstring). Columns the frame lacks
    count for nobody."""

    def __init__(self, enterprises: pd.DataFrame):
        ids = list(enterprises.enterprise_id)
        self.town = dict(zip(ids, map(town_key, column(enterprises, "municipality")), strict=True))
        self.region = {e: r for e, r in zip(ids, column(enterprises, "region_code"), strict=True)
                       if isinstance(r, str) and r}  # fmt: skip
        counts = Counter((self.town[e], r) for e, r in self.region.items() if self.town.get(e))
        self.town_region: dict[str, str] = {}
        for (town, region), _ in counts.most_common():
            self.town_region.setdefault(town, region)
        self.neq = dict(zip(ids, column(enterprises, "neq"), strict=True))
        basis = column(enterprises, "social_economy_basis")
        self.listed = {e: b in ("listed", "both") for e, b in zip(ids, basis, strict=True)}
        status = column(enterprises, "register_status")
        self.active = {e: x in (None, "IM") or x != x for e, x in zip(ids, status, strict=True)}
        names = zip(ids, enterprises.name, column(enterprises, "other_names"), strict=True)
        self.plain, self.kinds, self.legal_core = {}, {}, {}
        for e, n, o in names:
            every = [n, *split_names(o)]
            self.plain[e] = frozenset(p for p in map(plain, every) if p)
            self.kinds[e] = frozenset(k for k in map(name_family, every) if k)
            self.legal_core[e] = core_words(n)

    def in_buyer_region(self, buyer_cities: object) -> Callable[[str], bool] | None:
        """Whether an enterprise is in the region of one of these buying cities (' | '-separated;
        a city's region is the one most enterprises of that town are in); None when no buying
        city's region is known."""
        regions = {self.town_region.get(t) for t in _towns(buyer_cities)} - {None}
        if not regions:
            return None
        return lambda enterprise_id: self.region.get(enterprise_id) in regions

    def neighbours(self, a: str, b: str) -> bool:
        """Both enterprises are in one region (unknown regions are nobody's neighbours)."""
        region = self.region.get(a)
        return region is not None and self.region.get(b) == region

    def same_town(self, a: str, b: str) -> bool:
        """Both enterprises are in one town (unknown towns are nobody's)."""
        town = self.town.get(a)
        return town is not None and self.town.get(b) == town

    def other_kind(self, family: str | None, words: tuple[str, ...], enterprise_id: str) -> bool:
        """The supplier's name says the kind of body ``family`` (its other words ``words``,
        stopwords aside) and the enterprise's names say another: a kind the keys fold, or
        words its name has around the supplier's (« Café » in « Café Le Boisé »)."""
        if family is None:
            return False
        kinds = self.kinds.get(enterprise_id, frozenset())
        if kinds:
            return all(families_conflict(family, k) for k in kinds)
        legal = self.legal_core.get(enterprise_id, ())
        return len(legal) > len(words) > 0 and _within(words, legal)

    def same_kind(self, family: str | None, enterprise_id: str) -> bool:
        """One of the enterprise's names says the kind of body ``family`` says."""
        kinds = self.kinds.get(enterprise_id, frozenset())
        return family is not None and any(not families_conflict(family, k) for k in kinds)

    def same_name(self, name: object, enterprise_id: str) -> bool:
        """``name`` is word for word one of the enterprise's names (one typo allowed in a
        name of ``TYPO_LENGTH`` letters or more)."""
        mine = plain(name)
        known = self.plain.get(enterprise_id, frozenset())
        if not mine or mine in known:
            return bool(mine)
        return len(mine) >= TYPO_LENGTH and any(one_edit(mine, k) for k in known)

    def qualified_name(self, name: object, enterprise_id: str) -> bool:
        """``name`` has a qualifier in brackets and is word for word (legal form aside, no
        typo) one of the enterprise's names (module docstring)."""
        mine = plain(name) if "(" in str(name or "") else ""
        return bool(mine) and mine in self.plain.get(enterprise_id, frozenset())

    def in_town(self, localities: object) -> Callable[[str], bool]:
        """Whether an enterprise is in one of these towns (' | '-separated)."""
        here = _towns(localities)
        return lambda enterprise_id: bool(here) and self.town.get(enterprise_id) in here

    def evidence(
        self,
        raw_neq: object,
        localities: object,
        buyer_cities: object,
        name: object = None,
    ) -> Evidence:
        """Evidence of one supplier (localities and cities ' | '-separated), per enterprise id."""
        here, cities = _towns(localities), _towns(buyer_cities)
        digits = _digits(raw_neq)
        family = name_family(name) if isinstance(name, str) else None
        words = core_words(name) if family else ()
        qualified = isinstance(name, str) and "(" in name

        def of(enterprise_id: str) -> tuple:
            town, neq = self.town.get(enterprise_id), self.neq.get(enterprise_id)
            return (
                digits is not None and isinstance(neq, str) and neq[:9] == digits[:9],
                town is not None and town in here,
                not self.other_kind(family, words, enterprise_id),
                qualified and self.qualified_name(name, enterprise_id),
                town is not None and town in cities,
                name is not None and self.same_name(name, enterprise_id),
                self.same_kind(family, enterprise_id),
                self.listed.get(enterprise_id, False),
                self.active.get(enterprise_id, False),
            )

        return of
