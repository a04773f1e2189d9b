import pytest

from esq.normalise.sector import is_sector_slug, scian_code, sector


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("soins-de-sante-et-assistance-sociale", "soins-de-sante-et-assistance-sociale"),
        ("autre", "autre"),
        ("SERVICE DE GARDE À L'ENFANCE", "SERVICE DE GARDE À L'ENFANCE"),
        ("ORGANISER DES JEUX\nPOUR PETITS", "ORGANISER DES JEUX POUR PETITS"),
        ("6244", "6244"),
        ("NA", None),
        (None, None),
    ],
)
def test_sector(value, expected):
    assert sector(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("hebergement-et-restauration", True),
        ("autre", True),
        ("SERVICE DE GARDE", False),
        ("62", False),
        (None, False),
    ],
)
def test_is_sector_slug(value, expected):
    assert is_sector_slug(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"), [("62", "62"), ("624410", "624410"), ("6", None), ("abc", None)]
)
def test_scian_code(value, expected):
    assert scian_code(value) == expected
