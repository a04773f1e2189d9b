"""Readings of a name the register writes otherwise: a two-word kind of body (« Mutuelle de
prévention »), a name cut after a hyphen, a common name with many namesakes of which one of
another kind is in the supplier's town."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.name_ends import cut_short
from esq.contracts.name_score import Candidate
from esq.contracts.name_variants import name_variants
from esq.contracts.namesakes import local_reading, widen
from esq.contracts.supplier_link import link_suppliers


@pytest.mark.parametrize(
    ("name", "cut"),
    [
        ("COMPTOIR ALIMENTAIRE DE SAINT-", True),  # cut inside a compound word
        ("COMPTOIR ALIMENTAIRE DE SAINT-JEAN", False),
        ("Le Jardin du", True),
        ("Le Jardin", False),
    ],
)
def test_cut_short(name: str, cut: bool) -> None:
    assert cut_short(name) is cut


@pytest.mark.parametrize(
    ("name", "key", "present"),
    [
        ("Mutuelle de prévention des Glaneurs", "des glaneurs", True),
        ("Mutuelle de prévention des Glaneurs", "prevention des glaneurs", True),
        ("Fondation Prévention des Glaneurs", "des glaneurs", False),  # not a mutual's kind
    ],
)
def test_mutual_kind(name: str, key: str, present: bool) -> None:
    assert (key in name_variants(name)) is present


def _c(ref: str, score: float, key: str) -> Candidate:
    return Candidate(ref, score, "les glaneurs", key)


@pytest.mark.parametrize(
    ("same", "raised"),
    [
        ({"A", "B"}, False),  # every equal key is one of its enterprise's names word for word
        ({"A"}, True),  # « B » reads the name with its kind folded away: so may « C »
        (set(), True),
    ],
)
def test_widen_when_one_equal_key_is_a_reading(same: set[str], raised: bool) -> None:
    found = [_c("A", 1.0, "les glaneurs"), _c("B", 1.0, "les glaneurs"),
             _c("C", 0.975, "des glaneurs")]  # fmt: skip
    out = widen("Les Glaneurs", found, lambda _, ref: ref in same)
    assert (next(c.score for c in out if c.ref == "C") == 1.0) is raised


@pytest.mark.parametrize(
    ("same", "raised"),
    [
        ({"A"}, False),  # « A » is named so word for word: « Café Les Glaneurs » is not read
        (set(), True),  # no enterprise is: the kind word may have been left out
    ],
)
def test_widen_kind_word_added(same: set[str], raised: bool) -> None:
    found = [_c("A", 1.0, "les glaneurs"), _c("B", 1.0, "les glaneurs"),
             _c("K", 0.8, "cafe les glaneurs")]  # fmt: skip
    out = widen("Les Glaneurs", found, lambda _, ref: ref in same)
    assert (next(c.score for c in out if c.ref == "K") == 1.0) is raised


ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["N1", "N2", "M1", "P1"],
        "name": [
            "Les Glaneurs",
            "Centre de la petite enfance des Glaneurs",
            "Mutuelle de prévention des Glaneurs",
            "COMPTOIR ALIMENTAIRE DE SAINT-ÉPHREM-DE-BEAUCE",
        ],
        "other_names": [None, "CPE Les Glaneurs", None, None],
        "neq": None,
        "municipality": ["Québec", "Longueuil", "Sainte-Catherine", "Saint-Éphrem-de-Beauce"],
    }
)


@pytest.mark.parametrize(
    ("name", "locality", "buyer", "expected"),
    [
        # the mutual is in the supplier's town: it wins the tie over the namesakes
        ("Les Glaneurs INC.", "Sainte-Catherine", "Longueuil", "M1"),
        ("MUTUELLE DE PREVENTION LES GLANEURS", None, "Laval", "M1"),
        ("COMPTOIR ALIMENTAIRE DE SAINT-", "St-Éphrem-de-Beauce", "Québec", "P1"),
    ],
)
def test_linked(name: str, locality: str | None, buyer: str, expected: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None],
         "supplier_locality": [locality], "buyer_cities": [buyer]}
    )  # fmt: skip
    links = link_suppliers(suppliers, ENTERPRISES).links
    got = links.enterprise_id.iloc[0]
    assert (None if pd.isna(got) else got) == expected, links.link_detail.tolist()


TRADE = pd.DataFrame(
    {
        "enterprise_id": ["K1", "T1"],
        "name": ["Café Le Jardin des Glaneurs", "Théâtre Le Jardin des Glaneurs"],
        "other_names": None,
        "neq": None,
        "municipality": ["Saint-Jean-sur-Richelieu", "Gatineau"],
    }
)


@pytest.mark.parametrize(
    ("locality", "buyer", "expected"),
    [
        ("Gatineau", "Montréal", "T1"),  # the one trade-name reading in the supplier's town
        (None, "Saint-Jean-sur-Richelieu", "K1"),  # … or, its town unknown, a buying city
        ("Laval", "Saint-Jean-sur-Richelieu", None),  # its town known and another: no
        (None, "Montréal", None),
    ],
)
def test_trade_name_tie_confirmed_by_town(
    locality: str | None, buyer: str, expected: str | None
) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": ["Le Jardin des Glaneurs"],
         "supplier_neq": [None], "supplier_locality": [locality], "buyer_cities": [buyer]}
    )  # fmt: skip
    links = link_suppliers(suppliers, TRADE).links
    got = links.enterprise_id.iloc[0]
    assert (None if pd.isna(got) else got) == expected, links.link_detail.tolist()


@pytest.mark.parametrize(
    ("local", "raised"),
    [
        ({"C"}, True),  # the close reading is in the supplier's town, no exact match is
        ({"A", "C"}, False),  # an exact match is in town: it keeps the name
        (set(), False),  # the town says nothing
    ],
)
def test_local_reading(local: set[str], raised: bool) -> None:
    found = [_c("A", 1.0, "les glaneurs"), _c("C", 0.975, "des glaneurs"),
             _c("D", 0.9, "les glaneuses")]  # fmt: skip
    out = local_reading(found, lambda ref: ref in local | {"D"})
    assert (next(c.score for c in out if c.ref == "C") == 1.0) is raised
    assert next(c.score for c in out if c.ref == "D") == 0.9  # too far to take the town's side
