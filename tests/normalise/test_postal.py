import pytest

from esq.normalise.postal import fsa, is_quebec_postal_code, postal_code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("G9A5K8", "G9A 5K8"),  # Pôle de la Mauricie spelling
        ("g9a5k8", "G9A 5K8"),
        ("G9A-5K8", "G9A 5K8"),
        ("G9A  5K8", "G9A 5K8"),
        ("J0E1B0", "J0E 1B0"),  # MUN.csv mcodpos (Abercorn)
        ("K1A 0B1", "K1A 0B1"),
        ("D9A 5K8", None),  # D never used
        ("G9A 5K8 1", None),
        ("W1A 1A1", None),  # W never first
        ("Z1A 1A1", None),
        ("G9O 5K8", None),  # O never used
        ("G9A 5U8", None),
        ("NA", None),
        (None, None),
        (12345, None),
    ],
)
def test_postal_code(value, expected):
    assert postal_code(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("G0X 3H0", True), ("H2Y1C6", True), ("J8X3Y9", True), ("K1A 0B1", False), ("bad", False)],
)
def test_is_quebec_postal_code(value, expected):
    assert is_quebec_postal_code(value) is expected


def test_fsa():
    assert fsa("g0x3e0") == "G0X"
    assert fsa("nope") is None
