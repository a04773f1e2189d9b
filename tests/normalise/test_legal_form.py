import csv
from importlib import resources

import pytest

from esq.normalise.legal_form import VOCABULARY, is_social_economy_form, legal_form


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # REQ COD_FORME_JURI codes seen in the Mauricie extract, and other REQ codes.
        ("APE", "obnl"),
        ("ASS", "association"),
        ("COP", "cooperative"),
        ("cop", "cooperative"),
        ("PMSBL", "obnl"),
        ("SMU", "mutuelle"),
        ("CIE", "societe-par-actions"),
        # Type slugs of the Pôle d'économie sociale de la Mauricie members file.
        ("obnl-a-volet-marchand", "obnl-a-volet-marchand"),
        ("cooperative-de-solidarite", "cooperative-de-solidarite"),
        ("cooperative-de-travail", "cooperative-de-travail"),
        ("cooperative-de-consommateurs", "cooperative-de-consommateurs"),
        ("autre", "autre"),
        ("mrc-mekinac", "organisme-public"),
        # Labels written out.
        ("Coopérative de solidarité", "cooperative-de-solidarite"),
        ("Coopérative de travailleurs actionnaire", "cooperative-de-travailleurs-actionnaire"),
        ("Personne morale sans but lucratif", "obnl"),
        ("OSBL", "obnl"),
        ("OBNL à volet marchand", "obnl-a-volet-marchand"),
        ("Société mutuelle", "mutuelle"),
        ("pas une forme", None),
        ("NA", None),
        (None, None),
    ],
)
def test_legal_form(value, expected):
    assert legal_form(value) == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("cooperative-de-solidarite", True),
        ("obnl-a-volet-marchand", True),
        ("APE", True),
        ("association", True),
        ("mutuelle", True),
        ("societe-par-actions", False),
        ("autre", False),
        ("organisme-public", False),
        (None, False),
    ],
)
def test_is_social_economy_form(form, expected):
    assert is_social_economy_form(form) is expected


def test_shipped_table_maps_into_the_vocabulary():
    table = resources.files("esq.normalise").joinpath("data/legal_forms.csv")
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"APE", "ASS", "COP", "PMSBL", "SMU"} <= {r["code"] for r in rows}
    assert all(r["vocabulary"] in VOCABULARY and r["label_fr"] for r in rows)
