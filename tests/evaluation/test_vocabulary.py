"""VERSION 6: past the small vocabulary, organisations take composed cores of ordinary words."""

from __future__ import annotations

import random

import pytest

from evaluation.hardworld import vocabulary as v
from evaluation.hardworld.names import SYLLABLES
from evaluation.hardworld.phenomena import new_population
from evaluation.hardworld.population import VOCABULARY, bare_core, slug
from evaluation.hardworld.world import load_towns, town_weights

NOUN_HEADS = {noun for noun, _ in v.NOUNS}
FEATURE_HEADS = set(v.FEATURES)
GIVEN = set(v.GIVEN_M) | set(v.GIVEN_F)
ADJECTIVES = {form for pair in v.ADJECTIVES for form in pair}


def shape(core: str) -> str:
    """Which written list a composed core comes from; « ? » if none (an invented word)."""
    head = next((n for n in NOUN_HEADS if core.startswith(f"{n} ")), None)
    if head:
        rest = core[len(head) + 1 :]
        return "noun" if rest in v.COMPLEMENTS or rest.rstrip("s") in ADJECTIVES else "?"
    if any(core.startswith(f"{f}-") for f in FEATURE_HEADS):
        return "feature"
    first, _, family = core.partition(" ")
    if (first in GIVEN or first.split("-")[0] in GIVEN) and (not family or family in v.FAMILY):
        return "person"
    return "?"


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        ("Le Jardin des Saules", "noun"),
        ("L'Arbre enchanté", "noun"),
        ("Les Copains enjoués", "noun"),
        ("du Lac-aux-Sables", "feature"),
        ("de la Rivière-Saint-Jean", "feature"),
        ("Marie-Lune", "person"),
        ("Jean-Noël Trudel", "person"),
        ("Vergeais", "?"),  # VERSION 5's invented word
        ("Le Jardin Vergeais", "?"),
    ],
)
def test_shape_tells_composed_cores_from_invented_ones(core: str, expected: str) -> None:
    assert shape(core) == expected


def test_composed_cores_are_ordinary_words_and_never_the_vocabulary() -> None:
    rng = random.Random("cores/1")
    cores = [v.composed_core(rng) for _ in range(5_000)]
    shapes = [shape(c) for c in cores]
    assert "?" not in shapes
    assert {s: shapes.count(s) > 500 for s in ("noun", "feature", "person")} == {
        "noun": True,
        "feature": True,
        "person": True,
    }
    assert len(set(cores)) > 3_000  # room for tens of thousands of organisations
    again = random.Random("cores/1")
    assert cores == [v.composed_core(again) for _ in range(5_000)]
    # a feminine noun never takes a masculine adjective (« La Brise doré »)
    feminine = {n for n, g in v.NOUNS if g == "f"}
    masculine_only = {m for m, f in v.ADJECTIVES if m != f}
    assert not [
        c for c in cores if c.rsplit(" ", 1)[0] in feminine and c.split()[-1] in masculine_only
    ]


def test_population_past_the_vocabulary_has_no_invented_core() -> None:
    """A medium-sized population spends the vocabulary; its names stay unique per core and
    carry no invented word, and the same seed draws the same names."""
    towns = load_towns()
    weights = town_weights(towns)
    pop = new_population(random.Random(1), towns, weights, 3_000, 1)
    again = new_population(random.Random(1), towns, weights, 3_000, 1)
    other = new_population(random.Random(1), towns, weights, 3_000, 2)
    assert pop.composed > 300
    names = [o.name for o in pop.orgs]
    assert names == [o.name for o in again.orgs]
    assert names != [o.name for o in other.orgs]
    # the other stream's seed changes names only: the shared stream is untouched
    # (but for « trade_name_in_register », tallied where a trade name differs from the name)
    assert [_drawn(o.phenomena) for o in pop.orgs] == [_drawn(o.phenomena) for o in other.orgs]
    invented = {a + b + c for a in SYLLABLES[0] for b in SYLLABLES[1] for c in SYLLABLES[2]}
    invented -= set(v.FAMILY)  # « Bergeron » is both
    words = {w.strip("(),") for n in names for w in n.split()}
    assert not words & invented
    natural = [o for o in pop.orgs if o.role == "se" and not o.phenomena]
    assert len(natural) > 100
    assert len({o.name for o in natural}) == len(natural)
    composed = [o.name for o in natural if shape(o.name.split(" ", 2)[-1]) != "?"]
    assert all(slug(bare_core(c)) not in VOCABULARY for c in composed)


def _drawn(phenomena: list[str]) -> list[str]:
    return [p for p in phenomena if p != "trade_name_in_register"]
