"""The cheap name tests the rules ask first agree with the full ones they stand for."""

from __future__ import annotations

import random

import pytest

from esq.entities.compat import _close, _edits_within, may_overlap, token_overlap


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("entrepreneuriat", "entreprenariat", True),  # two edits in a long word
        ("developpement", "developement", True),
        ("xbcdefghiy", "abcdefghij", True),  # an edit at each end: the middle third is whole
        ("abcdefghij", "jihgfedcba", False),
        ("communautaire", "communication", False),
    ],
)
def test_close_long_words(a, b, expected):
    assert _close(a, b) is expected


def test_close_long_words_agrees_with_the_distance():
    """The substring test before the distance changes no answer (seeded random edits)."""
    rng = random.Random(7)
    letters = "abcde"  # few letters: many near misses
    for _ in range(3000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(9, 14)))
        b = list(a)
        for _ in range(rng.randint(0, 4)):
            i = rng.randrange(len(b))
            op = rng.choice("sid")
            if op == "s":
                b[i] = rng.choice(letters)
            elif op == "i":
                b.insert(i, rng.choice(letters))
            elif len(b) > 9:
                del b[i]
        word = "".join(b)
        assert _close(a, word) == (a == word or _edits_within(a, word, 2)), (a, word)


@pytest.mark.parametrize(
    ("a", "b", "share", "possible"),
    [
        ("jardins du partage", "les jardins partage de l est", 1.0, True),
        ("grenier populaire", "grenier populair", 1.0, True),  # a typo in a long word
        ("cafe grenier", "grenier populaire", 1.0, False),  # « cafe »: too short for a typo
        ("cafe grenier", "grenier populaire", 0.5, True),
        ("abc def", "ghi jkl", 0.5, False),
        (None, "grenier populaire", 0.5, False),
    ],
)
def test_may_overlap(a, b, share, possible):
    assert may_overlap(a, b, share) is possible
    # never False where the full test holds
    if token_overlap(a, b) >= share:
        assert may_overlap(a, b, share)
