"""A kind of body typed with one slip (« Coopéative », « COOPERAITVE », « Cooopérative », « petite
enfnce »), put right so that the name's key folds it away as it does the well-typed phrase.

:func:`esq.normalise.names.normalise_name` removes a kind phrase (« coopérative de travail »,
« centre de la petite enfance »…) only when typed right; with a slip, its words stay in the key
and the name scores far from the register's (« coopeative funeraire de laval » against
« funeraire de laval »). :func:`corrected` replaces, among a name's first words, a word one
letter (dropped, added, replaced or swapped) from a word of the kind phrases; the caller keeps
the result only when it then says a kind of body, which the slipped name did not.
"""

from __future__ import annotations

#: The words of the kind phrases (esq.normalise.names), long enough for one slip to be a typo.
KIND_WORDS = frozenset({
    "cooperative", "solidarite", "travail", "travailleurs", "consommateurs", "consommation",
    "producteurs", "habitation", "centre", "petite", "enfance", "corporation", "developpement",
    "communautaire", "mutuelle", "fondation",
})  # fmt: skip
#: Shorter words are left alone: one letter apart, they are often other words.
MIN_LENGTH = 6
#: A kind phrase opens the name: only its first words are looked at.
FIRST_WORDS = 6


def one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` are equal or one letter dropped, added, replaced or swapped apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) == len(b):
        swapped = a[i + 1 : i + 2] + a[i : i + 1] == b[i : i + 2]
        return a[i + 1 :] == b[i + 1 :] or (swapped and a[i + 2 :] == b[i + 2 :])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long_[i + 1 :]


#: Kind words by first letter and length: a word is compared only with those as long, one
#: letter longer or shorter, starting alike (every name of the reference goes through here).
_BY_START: dict[tuple[str, int], tuple[str, ...]] = {}
for _word in sorted(KIND_WORDS):
    for _size in (len(_word) - 1, len(_word), len(_word) + 1):
        _BY_START[(_word[0], _size)] = (*_BY_START.get((_word[0], _size), ()), _word)


def _fix(word: str) -> str:
    near = _BY_START.get((word[:1], len(word)), ())
    if not near or len(word) < MIN_LENGTH or word in KIND_WORDS:
        return word
    if word[-1] == "s" and word[:-1] in KIND_WORDS:
        return word  # a plural (« Fondations Bérubé », « Habitations X ») is another word
    return next((k for k in near if one_edit(word, k)), word)


def corrected(folded: str) -> str | None:
    """``folded`` (a folded name) with its first words' slips from kind words put right, or
    None when none was found."""
    words = folded.split(" ", FIRST_WORDS)  # the first words, then the rest in one piece
    changed = False
    for i, word in enumerate(words[:FIRST_WORDS]):
        if (word[:1], len(word)) in _BY_START and (fixed := _fix(word)) != word:
            words[i], changed = fixed, True
    return " ".join(words) if changed else None
