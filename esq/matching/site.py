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
- or the two are one typed letter apart, or one has one word more inside it; a kind of body
  and the town's name is the one of that kind and town there (:mod:`esq.matching.agree`).

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

from collections.abc import Iterable

import pandas as pd

from esq.contracts.reference import split_names
from esq.contracts.supplier_evidence import town_key
from esq.entities.compat import place_words
from esq.matching.agree import COMPANY, Words, name_words, names_agree
from esq.normalise.postal import postal_code

__all__ = ["COMPANY", "Sites", "name_words", "names_agree"]


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
        self, name: str | None, town: str | None, neq: str | None = None
    ) -> str | None:
        """The one enterprise of ``town`` that ``name`` names, on stricter terms (module
        docstring); None when none or several. The row's postal code is not read: one in
        town at another code is often the row's supplier at its new address, and setting
        those at another code aside would choose by elimination."""
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
        return self._one(sorted(here), name, neq, strict=True)

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
