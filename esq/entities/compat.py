"""Pair tests shared by the rules and the clustering: compatible names, province of a record."""

from __future__ import annotations

from esq.normalise.text import expand_saints, fold, tokens

#: Words that carry no identity in a name key.
STOPWORDS = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "d",
        "et",
        "the",
        "of",
        "a",
        "au",
        "aux",
        "en",
        "pour",
        "sur",
        "and",
    }
)

#: Words many unrelated organisations share: a name overlap made only of them proves nothing.
GENERIC = frozenset(
    {
        "centre",
        "maison",
        "service",
        "services",
        "association",
        "club",
        "comite",
        "groupe",
        "societe",
        "corporation",
        "entreprise",
        "ateliers",
        "atelier",
        "regional",
        "regionale",
        "quebec",
        "communautaire",
        "cooperative",
        "coop",
    }
)

#: First letter of a Canadian postal code -> province (the FSA's first letter is provincial).
POSTAL_PROVINCE = {
    "A": "NL",
    "B": "NS",
    "C": "PE",
    "E": "NB",
    "G": "QC",
    "H": "QC",
    "J": "QC",
    "K": "ON",
    "L": "ON",
    "M": "ON",
    "N": "ON",
    "P": "ON",
    "R": "MB",
    "S": "SK",
    "T": "AB",
    "V": "BC",
    "X": "NT",
    "Y": "YT",
}


def name_tokens(name_key: str | None) -> frozenset[str]:
    """The identity-bearing words of a name key."""
    if not isinstance(name_key, str):
        return frozenset()
    return frozenset(w for w in name_key.split() if w not in STOPWORDS)


def _close(a: str, b: str) -> bool:
    """Equal words, or one edit apart when both are long enough to carry a typo."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 1 or (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def place_words(municipality: str | None) -> frozenset[str]:
    """Words of a municipality name as name keys write them (« Lac-Édouard » -> lac, edouard)."""
    if not isinstance(municipality, str):
        return frozenset()
    return frozenset(expand_saints(tokens(fold(municipality)))) - STOPWORDS


def token_overlap(a: str | None, b: str | None, places: frozenset[str] = frozenset()) -> float:
    """Share of the shorter name's words found (exactly or with one typo) in the other name;
    0 when the words found are all generic ones (« centre », « maison »…) or words of the
    records' municipality (« Centre X Shawinigan » vs « Y de Shawinigan » in Shawinigan)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    small, big = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    hits = [w for w in small if any(_close(w, v) for v in big)]
    if all(w in GENERIC or w in places for w in hits):
        return 0.0
    return len(hits) / len(small)


def families_conflict(a: str | None, b: str | None) -> bool:
    """Two different kinds of organisation (a CPE and its foundation), not a variant spelling.

    "cooperative" and "cooperative-de-solidarite" are one family written more or less fully.
    A foundation is a separate body from the organisation it funds (« Fondation du musée X »
    vs « Musée X »), so « fondation » on one side only is a conflict too.
    """
    a = a if isinstance(a, str) else None
    b = b if isinstance(b, str) else None
    if (a == "fondation") != (b == "fondation"):
        return True
    if a is None or b is None or a == b:
        return False
    return not (a.startswith(b) or b.startswith(a))


def compatible_names(
    key_a: str | None,
    key_b: str | None,
    family_a: str | None = None,
    family_b: str | None = None,
    places: frozenset[str] = frozenset(),
) -> bool:
    """Names that may be one organisation: at least half of the shorter name's words (and at
    least one) appear in the other, and the family words do not name two kinds of body.

    A shared phone, website or door alone is not enough (hubs share offices and switchboards);
    together with a compatible name it is.
    """
    if families_conflict(family_a, family_b):
        return False
    return token_overlap(key_a, key_b, places) >= 0.5


def province_of(postal_code: str | None, region_code: str | None) -> str | None:
    """Province of a record: Québec when a Québec region was resolved, else from the postal code."""
    if isinstance(region_code, str) and region_code:
        return "QC"
    if isinstance(postal_code, str) and postal_code:
        return POSTAL_PROVINCE.get(postal_code[0].upper())
    return None
