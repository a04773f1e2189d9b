"""Suppliers that are natural persons: never linked to an enterprise.

Montréal's officials' files and SEAO name some individuals as suppliers ("ANNA AMARI",
"CHOQUET, JEAN-ROBERT"). Linking a person to an organisation by name is wrong by construction
(and would attach personal data to an enterprise record), so :func:`person_reason` flags them
and the linker skips them. Rules, checked in order on the cleaned name:

1. anything that looks like an organisation is *not* a person: a trailing legal form
   (inc., ltée, s.e.n.c. …) or a family word (coopérative, CPE …) per
   :func:`esq.normalise.names.normalise_name`, a digit, ``& / + @ ( )``, or a word from
   :data:`ORGANISATION_WORDS`;
2. ``"SURNAME, GIVEN"`` — one comma, one to three words on each side, the right side starting
   with a common given name → ``name_comma_pattern``;
3. two to four words, the first a common given name (``given_names.txt``; a compound
   "Jean-Robert" counts by its first part), any other word at least two letters except one
   middle initial → ``given_name_surname``; an honorific (Dr, Dre, M., Mme) may lead.

Unknown given names are missed (the list is short and French/English); a missed person stays
a candidate for name matching, where a register of organisations rarely holds a match.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from esq.normalise.names import normalise_name
from esq.normalise.text import clean_text, fold

GIVEN_NAMES_FILE = Path(__file__).resolve().parent / "given_names.txt"

ORGANISATION_WORDS = frozenset(
    [
        "agence",
        "association",
        "associes",
        "atelier",
        "ateliers",
        "auto",
        "bureau",
        "cabinet",
        "canada",
        "centre",
        "center",
        "club",
        "clinique",
        "college",
        "communications",
        "community",
        "compagnie",
        "conseil",
        "conseils",
        "construction",
        "consultants",
        "corporation",
        "design",
        "distribution",
        "distributions",
        "division",
        "ecole",
        "entreprise",
        "entreprises",
        "equipe",
        "equipement",
        "equipements",
        "experts",
        "festival",
        "garden",
        "fonderie",
        "foundation",
        "gestion",
        "groupe",
        "house",
        "immeubles",
        "industries",
        "international",
        "laboratoire",
        "les",
        "location",
        "marketing",
        "media",
        "montreal",
        "municipal",
        "productions",
        "quebec",
        "recyclage",
        "regie",
        "services",
        "service",
        "societe",
        "society",
        "solutions",
        "studio",
        "systemes",
        "technologies",
        "transport",
        "transports",
        "ville",
    ]
)
_HONORIFICS = frozenset({"dr", "dre", "m", "mme", "me", "mr", "mrs", "ms"})
_ORG_CHARS = re.compile(r"[0-9&/+@()]")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@cache
def given_names() -> frozenset[str]:
    """The folded given names of the shipped list."""
    lines = GIVEN_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("'", " ").replace(".", " "))


def _looks_organisation(text: str, words: list[str]) -> bool:
    parts = normalise_name(text)
    if parts is None or parts.legal_suffix or parts.family or _ORG_CHARS.search(text):
        return True
    return any(part in ORGANISATION_WORDS for w in words for part in w.split("-"))


def _is_given(word: str) -> bool:
    return word.split("-")[0] in given_names()


def person_reason(name: object) -> str | None:
    """Why ``name`` is taken for a natural person (a rule name), or None for an organisation."""
    text = clean_text(name)
    if text is None:
        return None
    words = _words(text)
    if not words or _looks_organisation(text, words):
        return None
    if text.count(",") == 1:
        left, right = (_words(side) for side in text.split(","))
        if 1 <= len(left) <= 3 and 1 <= len(right) <= 3 and _is_given(right[0]):
            return "name_comma_pattern"
        return None
    if "," in text:
        return None
    while words and words[0] in _HONORIFICS:
        words = words[1:]
    if len(words) == 2 and text.isupper() and _is_given(words[1]) and not _is_given(words[0]):
        # « TREMBLAY JEAN »: family name first, in capitals, as city and SEAO files print them
        return "surname_given_name"
    if not 2 <= len(words) <= 4 or not _is_given(words[0]):
        return None
    initials = [w for w in words[1:] if len(w) == 1]
    if len(initials) > 1 or (initials and words[-1] in initials):
        return None
    return "given_name_surname"
