"""Legal forms: REQ codes, hub type slugs and French labels mapped to one vocabulary."""

from __future__ import annotations

import csv
import functools
import re
from importlib import resources

from esq.normalise.text import clean_text, tokens

VOCABULARY = (
    "cooperative",
    "cooperative-de-solidarite",
    "cooperative-de-travail",
    "cooperative-de-consommateurs",
    "cooperative-de-producteurs",
    "cooperative-de-travailleurs-actionnaire",
    "obnl",
    "obnl-a-volet-marchand",
    "association",
    "mutuelle",
    "societe-par-actions",
    "societe-de-personnes",
    "entreprise-individuelle",
    "organisme-public",
    "autre",
)
_SOCIAL_ECONOMY = frozenset(
    v
    for v in VOCABULARY
    if v.startswith(("cooperative", "obnl")) or v in ("association", "mutuelle")
)
# Folded labels and slugs that sources write instead of a code (hub "Type" columns, free text).
_SYNONYMS = {
    "cooperative de solidarite": "cooperative-de-solidarite",
    "cooperative de travail": "cooperative-de-travail",
    "cooperative de travailleurs": "cooperative-de-travail",
    "cooperative de consommateurs": "cooperative-de-consommateurs",
    "cooperative de consommation": "cooperative-de-consommateurs",
    "cooperative de producteurs": "cooperative-de-producteurs",
    "cooperative de travailleurs actionnaire": "cooperative-de-travailleurs-actionnaire",
    "cooperative de travailleurs actionnaires": "cooperative-de-travailleurs-actionnaire",
    "coop": "cooperative",
    "obnl a volet marchand": "obnl-a-volet-marchand",
    "osbl": "obnl",
    "obnl": "obnl",
    "onbl": "obnl",
    "organisme a but non lucratif": "obnl",
    "organisme sans but lucratif": "obnl",
    "mutuelle": "mutuelle",
    "societe mutuelle": "mutuelle",
    "compagnie": "societe-par-actions",
}
# Hub slugs naming a public body (e.g. "mrc-mekinac" in the Mauricie members file).
_PUBLIC_BODY = re.compile(r"^(mrc|municipalite|ville|cldi?|sadc)( |$)")


@functools.cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(REQ code -> vocabulary, folded French label -> vocabulary) from the shipped table."""
    table = resources.files("esq.normalise").joinpath("data/legal_forms.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    codes = {row["code"]: row["vocabulary"] for row in rows}
    labels = {_words(row["label_fr"]): row["vocabulary"] for row in rows}
    return codes, labels


def _words(text: str) -> str:
    return " ".join(tokens(text))


def legal_form(value: object) -> str | None:
    """Map a REQ code (APE, COP, ASS…), a hub slug or a French label to the one vocabulary.

    Vocabulary values map to themselves, so the function is idempotent. Unknown values give
    None (the caller keeps the raw value and flags it), never a guess.
    """
    text = clean_text(value)
    if text is None:
        return None
    if ";" in text:
        return _from_tags(text)
    return _one_form(text)


def _from_tags(text: str) -> str | None:
    """A tag list joined with "; " ("Coopérative; Insertion sociale", "OBNL Insertion; Aînés"):
    the first tag that is a form, else the first tag whose first word is one."""
    tags = [t.strip() for t in text.split(";") if t.strip()]
    for tag in tags:
        found = _one_form(tag)
        if found:
            return found
    for tag in tags:
        first = _words(tag).split(" ")[0]
        if first and (first in VOCABULARY or first in _SYNONYMS):
            return _one_form(first)
    return None


def _one_form(text: str) -> str | None:
    if text in VOCABULARY:
        return text
    codes, labels = _table()
    code = codes.get(text.upper())
    if code is not None:
        return code
    words = _words(text)
    if not words:
        return None
    slug = words.replace(" ", "-")
    if slug in VOCABULARY:
        return slug
    if words in _SYNONYMS:
        return _SYNONYMS[words]
    if words in labels:
        return labels[words]
    if _PUBLIC_BODY.match(words):
        return "organisme-public"
    return None


def is_social_economy_form(form: str | None) -> bool:
    """True for forms that make an organisation social economy by law: co-operatives, OBNLs,
    associations and mutuals. Other forms (or None) need another reason, such as a hub listing."""
    return legal_form(form) in _SOCIAL_ECONOMY
