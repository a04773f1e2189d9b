"""Names of one kind of body that name two bodies (kind_phrases.py), table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.entities.compat import compatible_names
from esq.entities.exact import rule_links
from esq.entities.kind_phrases import cores_disagree, kind_and_core

TOWN = {"municipality": "Granby", "municipality_code": "47017", "mrc": None, "region_code": "05"}


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("maison des jeunes l escale", ("mdj", "l escale")),
        ("la maison des jeunes du coteau", ("mdj", "du coteau")),  # a leading article
        ("habitations la cle des champs", ("habitation", "la cle des champs")),
        ("societe d habitation communautaire le phare", ("habitation", "le phare")),
        ("le phare", (None, "le phare")),
        (None, (None, "")),
    ],
)  # fmt: skip
def test_kind_and_core(key, expected) -> None:
    assert kind_and_core(key) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # one kind phrase, two names: two bodies of one building
        ("maison des jeunes l escale", "maison des jeunes le trait d union", True),
        ("centre d action benevole de sainte anne", "centre d action benevole le tremplin", True),
        ("maison des jeunes saint eustache", "maison des jeunes la cigale de la rive", True),
        ("corporation touristique de repentigny", "tourisme l entraide d or", True),
        # the rests agree: one word, a typo, a generic word or a place shared is enough here
        ("corporation touristique de quebec", "tourisme de quebec", False),
        ("maison des jeunes la bonn emine de l estuaire",
         "maison des jeunes la bonne mine de l estuaire", False),
        ("theatre l atelier", "theatre l ateleir", False),
        # not decided here: another kind, no kind phrase, or nothing after the phrase
        ("theatre le phare", "cafe le relais", False),
        ("le phare", "maison des jeunes le relais", False),
        ("ressourcerie", "ressourcerie du rucher", False),
    ],
)  # fmt: skip
def test_cores_disagree(a, b, expected) -> None:
    assert cores_disagree(a, b) is expected
    assert cores_disagree(b, a) is expected


def _row(source: str, key: str, name_key: str, role: str) -> dict:
    return {"source_id": source, "record_key": key, "source_role": role, "name_key": name_key,
            "name_family": None, "legal_form": None, "postal_code": "J2G 1A1",
            "civic_number": "640", **TOWN}  # fmt: skip


@pytest.mark.parametrize(
    ("hub_name", "linked"),
    [
        ("centre d action benevole sainte anne", False),  # another CAB of the building
        ("centre d action benevole le tremplin", True),  # the registration's own name, shortened
    ],
)
def test_door_rule_keeps_two_bodies_of_one_kind_apart(hub_name, linked) -> None:
    records = [
        _row("req", "1", "centre d action benevole le tremplin bleu", "register"),
        _row("hub", "h", hub_name, "listing"),
    ]
    links = rule_links(pd.DataFrame(records))
    door = {(lk.left, lk.right) for lk in links if lk.rule == "same_postal_civic_compatible_name"}
    assert (("hub:h", "req:1") in door) is linked


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # the model guard and the supplier linker read the same test (compat.compatible_names)
        ("comptoir alimentaire le sentier des berges", "comptoir alimentaire de saint apollinaire",
         False),
        ("comptoir le sentier des berges", "comptoir alimentaire le sentier des berges", True),
        ("theatre le phare", "le phare", True),
    ],
)  # fmt: skip
def test_compatible_names_reads_the_kind_phrase_apart(a, b, expected) -> None:
    assert compatible_names(a, b) is expected
