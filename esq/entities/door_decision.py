"""The door evidence rules' decision for one listing (``door_evidence.py``): the registrations
at its door, tested one by one (families, kinds of body, the name tests of ``door_words``).

A registration's kinds of body are tested only where the outcome reads them: the registrations
sharing the listing's kind phrase or a word with it, and the sole one at the door (its website
domain); the others can decide nothing, and most registrations at a door share no word.
The word tests themselves run only for a listing some registration at its door may share a
rare word with (``door_words.may_share_rare_word``, the rare-word counts read first): at
50 000 listings × 3 M register names, most listings' names share only common words with
their door's (27 123 decisions, none ending in a shared word).
"""

from __future__ import annotations

from collections import namedtuple

from esq.entities.compat import effective_family, families_conflict, kinds_conflict, public_body
from esq.entities.door_words import (
    agreeing_words,
    domain_spells,
    kind_phrase_key,
    may_share_word,
    shares_word,
    text_value,
)


class Pending(namedtuple("Pending", "shared places words sole")):
    """A decision waiting on the rare-word counts: one registration shares a word; ``sole``:
    the only registration at the door when it fits (the website domain's test)."""

    def finish(self, lst, rare: frozenset[str]) -> tuple[str, str] | None:
        if shares_word(lst.name_key, self.shared.name_key, self.places, rare):
            return self.shared.member, "door_shared_word"
        return _sole_domain(lst, self.sole)


def _sole_domain(lst, sole) -> tuple[str, str] | None:
    if sole is not None and domain_spells(lst.website_domain, sole.name_key):
        return sole.member, "door_sole_domain"
    return None


def _kind(row, family: str | None) -> tuple:
    return (row.name_key, family, text_value(row.legal_form), row.source_role)


def _fits(lst, family: str | None, r, places: frozenset[str]) -> bool:
    """The registration may be the listing's body: families and kinds of body agree, and the
    listing is no public body."""
    fr = effective_family(text_value(r.name_family), text_value(r.legal_form), r.source_role)
    if families_conflict(family, fr) or kinds_conflict(_kind(lst, family), _kind(r, fr), places):
        return False
    return not public_body(lst.name_key, places)


def decide(lst, regs: list, pair_places, words: bool = True) -> tuple[str, str] | Pending | None:
    """The registration and rule the evidence gives this listing (``regs``: the registrations
    at its door, in order), None, or the test left for the rare-word counts. ``words=False``:
    the caller knows no registration there can share a rare word with it
    (``door_words.may_share_rare_word``), so the shared-word test is skipped (it could only
    end in the website domain's test, which follows)."""
    fl = effective_family(text_value(lst.name_family), text_value(lst.legal_form), lst.source_role)
    phrase = kind_phrase_key(lst.name_key)
    if phrase:
        same_phrase = [
            r
            for r in regs
            if kind_phrase_key(r.name_key) == phrase and _fits(lst, fl, r, pair_places(lst, r))
        ]
        if len(same_phrase) == 1:
            return same_phrase[0].member, "door_kind_phrase"
    # The sole registration at the door, when it fits: the website domain's test.
    sole = None
    if len(regs) == 1 and text_value(lst.website_domain) is not None:
        sole = regs[0] if _fits(lst, fl, regs[0], pair_places(lst, regs[0])) else None
    # One registration at the door shares a rare word (or an acronym) and no other any word.
    # The name test first: most registrations at a door share none, and only those sharing
    # one need the kinds of body.
    if not words:
        return _sole_domain(lst, sole)
    sharing = []
    key = lst.name_key
    for r in regs:
        # the places-free test first: most names at a door fail it, before their places
        if not (isinstance(key, str) and isinstance(r.name_key, str)):
            continue
        if not may_share_word(key, r.name_key):
            continue
        places = pair_places(lst, r)
        if shares_word(key, r.name_key, places) and _fits(lst, fl, r, places):
            sharing.append((r, places))
            if len(sharing) > 1:  # two share a word: no evidence, the others need no test
                break
    if len(sharing) == 1:
        shared, places = sharing[0]
        words = agreeing_words(lst.name_key, shared.name_key, places)
        return Pending(shared, places, words, sole)
    return _sole_domain(lst, sole)
