"""A supplier's name with one word slipped (a letter dropped, added, replaced or swapped) into a
word no enterprise's name has links to the one enterprise named so with the word put right,
however low the name scores; not when the slip could be read two ways, nor when the word is
a name's word, short, or one of two unknown words."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.slipped_names import SlipIndex
from esq.contracts.supplier_link import link_suppliers

ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["F1", "A1", "A2", "A3", "A4", "G1", "G2", "P1", "P2"],
        "name": [
            "Fondation Le Couchant partagé, inc.",
            "Les Artisans partagés",
            "Les Voisins partagés",
            "Les Glaneurs partagés",
            "Le Tilleul partagé",
            "La Grange du Moulin",
            "La Frange du Moulin",
            "Coopérative Le Pin du Nord",
            "Coopérative Le Pic Rouge",
        ],
        "other_names": ["Le Couchant partagé", *[None] * 8],
        "neq": [None, None, None, None, None, None, None, "1170960208", None],
        "municipality": "Québec",
    }
)


@pytest.mark.parametrize(
    ("name", "neq", "expected"),
    [
        # « coucant »: one letter dropped from « couchant », a word no name has
        ("LE COUCANT PARTAGÉ", None, "F1"),
        ("Le Cuochant partagé", None, "F1"),  # two letters swapped
        ("Fondation Le Couchhant partagé", None, "F1"),  # one added, on its legal name
        # « rrange » is one letter from « grange » and from « frange »: two readings
        ("La Rrange du Moulin", None, None),
        # « pic » is a word of names: « Le Pic du Nord » is maybe another body
        ("Coopérative Le Pic du Nord", None, None),
        ("Le Coucant partgé", None, None),  # two words no name has
        ("LE COUCANT PARTAGÉ", "2242429993", "F1"),  # F1 has no NEQ: the supplier's is no bar
        ("Coopérative Le Pin du Nourd", None, "P1"),
        ("Coopérative Le Pin du Nourd", "2242429993", None),  # two NEQs never link
    ],
)  # fmt: skip
def test_slipped_words(name: str, neq: str | None, expected: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [neq],
         "buyer_cities": ["Laval"]}
    )  # fmt: skip
    links = link_suppliers(suppliers, ENTERPRISES).links
    got = links.enterprise_id.iloc[0]
    assert (None if pd.isna(got) else got) == expected, links.link_detail.tolist()


def test_slip_index_neighbours() -> None:
    index = SlipIndex([("la grange", "G1")], ["la grange"], {"la": 1, "grange": 1, "frange": 1})
    assert index.neighbours("garnge") == {"grange"}
    assert index.neighbours("rrange") == {"grange", "frange"}
    assert index.refs("LA GARNGE") == {"G1"}
    assert index.refs("LA GRANGE") == set()  # no word to put right
