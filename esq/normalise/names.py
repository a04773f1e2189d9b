"""Organisation names: display text, comparison key, legal suffix and family (type) words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from esq.normalise.text import MISSING_MARKERS, clean_text, expand_saints, fold, tokens

# Trailing legal forms, as folded token sequences -> canonical suffix. General-purpose libraries
# (cleanco, etc.) do not know the Québec ones (ltée, enr., s.e.n.c., OBNL…).
_LEGAL_SUFFIXES: dict[tuple[str, ...], str] = {
    ("inc",): "inc",
    ("incorporee",): "inc",
    ("incorporated",): "inc",
    ("ltee",): "ltee",
    ("limitee",): "ltee",
    ("ltd",): "ltd",
    ("limited",): "ltd",
    ("enr",): "enr",
    ("enregistree",): "enr",
    ("senc",): "senc",
    ("sencrl",): "sencrl",
    ("senc", "rl"): "sencrl",
    ("sec",): "sec",
    ("obnl",): "obnl",
    ("osbl",): "obnl",
    ("onbl",): "obnl",
    ("cie",): "cie",
    ("et", "cie"): "cie",
    ("corp",): "corp",
    ("llc",): "llc",
    ("coop",): "coop",
    ("co", "op"): "coop",
}
_MAX_SUFFIX = max(len(k) for k in _LEGAL_SUFFIXES)

# Family words carry the kind of organisation, not its identity: removed from the key and
# returned as a slug. Longer phrases first so "cooperative de solidarite" wins over "cooperative".
FAMILIES: list[tuple[tuple[str, ...], str]] = sorted(
    [
        (("cooperative", "de", "solidarite"), "cooperative-de-solidarite"),
        (("coop", "de", "solidarite"), "cooperative-de-solidarite"),
        (
            ("cooperative", "de", "travailleurs", "actionnaire"),
            "cooperative-de-travailleurs-actionnaire",
        ),
        (
            ("cooperative", "de", "travailleurs", "actionnaires"),
            "cooperative-de-travailleurs-actionnaire",
        ),
        (("cooperative", "de", "travail"), "cooperative-de-travail"),
        (("coop", "de", "travail"), "cooperative-de-travail"),
        (("cooperative", "de", "travailleurs"), "cooperative-de-travail"),
        (("cooperative", "de", "consommateurs"), "cooperative-de-consommateurs"),
        (("cooperative", "de", "consommation"), "cooperative-de-consommateurs"),
        (("coop", "de", "consommateurs"), "cooperative-de-consommateurs"),
        (("cooperative", "de", "producteurs"), "cooperative-de-producteurs"),
        (("coop", "de", "producteurs"), "cooperative-de-producteurs"),
        (("cooperative", "d", "habitation"), "cooperative-d-habitation"),
        (("coop", "d", "habitation"), "cooperative-d-habitation"),
        (("cooperative",), "cooperative"),
        (("coop",), "cooperative"),
        (("co", "op"), "cooperative"),
        (("centre", "de", "la", "petite", "enfance"), "cpe"),
        (("cpe",), "cpe"),
        (("corporation", "de", "developpement", "communautaire"), "cdc"),
        (("cdc",), "cdc"),
        (("mutuelle",), "mutuelle"),
        (("fondation",), "fondation"),
    ],
    key=lambda item: -len(item[0]),
)
#: Family phrases by first word, longest first: only those can match at a position.
_FAMILIES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _slug in FAMILIES:
    _FAMILIES_BY_FIRST.setdefault(_phrase[0], []).append((_phrase, _slug))
_EDGE_PARTICLES_START = frozenset({"de", "du", "des", "d"})
_EDGE_PARTICLES_END = frozenset({"de", "du", "des", "d", "et", "l"})
# Dotted initialisms ("s.e.n.c.", "c.p.e.") become one word before punctuation splits words.
_INITIALISM = re.compile(r"\b[a-z0-9](?:\.[a-z0-9])+\.?")


@dataclass(frozen=True)
class NameParts:
    """`display` as given (cleaned); `key` for comparisons; `family` slug; `legal_suffix`."""

    display: str
    key: str
    family: str | None
    legal_suffix: str | None


def _words(text: str) -> list[str]:
    folded = _INITIALISM.sub(lambda m: m.group().replace(".", ""), fold(text))
    return expand_saints(tokens(folded))


def _strip_suffixes(words: list[str]) -> tuple[list[str], str | None]:
    suffix = None
    changed = True
    while changed and words:
        changed = False
        for size in range(_MAX_SUFFIX, 0, -1):
            tail = tuple(words[-size:])
            if len(words) > size and tail in _LEGAL_SUFFIXES:
                suffix = suffix or _LEGAL_SUFFIXES[tail]
                words = words[:-size]
                changed = True
                break
    return words, suffix


def _remove_families(words: list[str]) -> tuple[list[str], str | None]:
    family = None
    kept: list[str] = []
    i = 0
    while i < len(words):
        for phrase, slug in _FAMILIES_BY_FIRST.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                family = family or slug
                i += len(phrase)
                break
        else:
            kept.append(words[i])
            i += 1
    return kept, family


def _trim_particles(words: list[str]) -> list[str]:
    while words and words[0] in _EDGE_PARTICLES_START:
        words = words[1:]
    while words and words[-1] in _EDGE_PARTICLES_END:
        words = words[:-1]
    return words


def normalise_name(value: object) -> NameParts | None:
    """Split an organisation name into display text, comparison key, family and legal suffix.

    The key folds case and accents, turns apostrophes and punctuation into spaces, expands
    St/Ste to saint/sainte, strips trailing legal forms (inc., ltée, enr., s.e.n.c., OBNL…)
    and removes family words (coopérative de solidarité, CPE, fondation…), which are returned
    as `family`. If removing them would leave nothing, the key keeps them. Values with no
    letter or digit give None.
    """
    display = clean_text(value)
    if display is None:
        return None
    words = _words(display)
    family = suffix = None
    # Repeat until stable: "Coop X inc. (OBNL)" needs suffixes stripped after families go.
    for _ in range(4):
        stripped, found_suffix = _strip_suffixes(words)
        remaining, found_family = _remove_families(stripped)
        remaining = _trim_particles(remaining)
        suffix = suffix or found_suffix
        family = family or found_family
        # Never let the key become empty or read as a missing marker ("Coopérative NA").
        remaining = next((w for w in (remaining, stripped, words) if _usable(w)), words)
        if remaining == words:
            break
        words = remaining
    if not _usable(words):
        return None
    return NameParts(display=display, key=" ".join(words), family=family, legal_suffix=suffix)


def _usable(words: list[str]) -> bool:
    # The words are folded [0-9a-z] tokens: clean_text would change nothing but the missing check.
    return bool(words) and " ".join(words) not in MISSING_MARKERS


def name_fields(value: object) -> tuple[str, str, str | None, str | None] | None:
    """`normalise_name` as a plain tuple (display, key, family, legal_suffix): a tuple crosses a
    pipe between processes ~5x cheaper than the dataclass."""
    parts = normalise_name(value)
    if parts is None:
        return None
    return parts.display, parts.key, parts.family, parts.legal_suffix


def name_key(value: object) -> str | None:
    """Comparison key of an organisation name (see `normalise_name`), or None."""
    parts = normalise_name(value)
    return parts.key if parts else None
