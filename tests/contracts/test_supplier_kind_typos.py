"""A kind of body typed with a slip (« Coopéative », « ENFNCE ») is folded away as when typed
right; other words one letter from a kind word are left alone."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.contracts.kind_typos import corrected
from esq.contracts.name_variants import variants_and_family
from esq.contracts.supplier_link import link_suppliers


@pytest.mark.parametrize(
    ("folded", "expected"),
    [
        ("coopeative funeraire de la riviere", "cooperative funeraire de la riviere"),  # dropped
        ("cooperaitve de solidarite le moulin", "cooperative de solidarite le moulin"),  # swap
        ("coooperative de travail x", "cooperative de travail x"),  # added
        ("centre de la petite enfnce les lutins", "centre de la petite enfance les lutins"),
        ("cooperative de travail x", None),  # right already
        ("fondations bergeron", None),  # a plural is another word
        ("boulangerie centrale", None),  # nothing close
    ],
)
def test_corrected(folded: str, expected: str | None) -> None:
    assert corrected(folded) == expected


@pytest.mark.parametrize(
    ("name", "key", "family"),
    [
        ("Coopéative funéraire de la Rivière", "funeraire de la riviere", "cooperative"),
        ("CENTRE DE LA PETITE ENFNCE LES LUTINS", "les lutins", "cpe"),
        ("Habitations Le Partage", None, None),  # no kind of body once corrected: unchanged
    ],
)
def test_variant_and_family(name: str, key: str | None, family: str | None) -> None:
    keys, got = variants_and_family(name)
    assert got == family
    if key:
        assert key in keys


ENTERPRISES = pd.DataFrame(
    {
        "enterprise_id": ["F1", "G1"],
        "name": [
            "Coopérative funéraire de la Rivière-aux-Pins",
            "Coopérative de solidarité Le Grenier bleu",
        ],
        "other_names": None,
        "neq": [None, None],
        "municipality": ["Laval", "Québec"],
    }
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Coopéative funéraire de la Rivière-aux-Pins", "F1"),
        ("COOPERAITVE DE SOLIDARITE LE GRENIER BLEU INC.", "G1"),
        ("Boulangerie funéraire de la Rivière-aux-Pins", None),
    ],
)
def test_linked_despite_the_slip(name: str, expected: str | None) -> None:
    suppliers = pd.DataFrame(
        {"supplier_ref": ["s"], "supplier_name": [name], "supplier_neq": [None]}
    )
    links = link_suppliers(suppliers, ENTERPRISES).links
    got = links.enterprise_id.iloc[0]
    assert (None if pd.isna(got) else got) == expected, links.link_detail.tolist()
