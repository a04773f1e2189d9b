import pytest

from esq.normalise.phone import Phone, phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4505382664", Phone("+14505382664", None)),  # MUN.csv mtel (Abercorn)
        ("(819) 375-1234", Phone("+18193751234", None)),
        ("819.375.1234", Phone("+18193751234", None)),
        ("1-819-375-1234", Phone("+18193751234", None)),
        ("+1 819 375 1234", Phone("+18193751234", None)),
        ("819 375-1234 poste 23", Phone("+18193751234", "23")),
        ("819 375-1234, poste 23", Phone("+18193751234", "23")),
        ("(819) 375-1234 ext. 23", Phone("+18193751234", "23")),
        ("819-375-1234 #23", Phone("+18193751234", "23")),
        ("819-375-1234 p. 23", Phone("+18193751234", "23")),
        ("819-375-1234 p23", Phone("+18193751234", "23")),
        ("819-375-1234 x23", Phone("+18193751234", "23")),
        ("1 800 263-1234", Phone("+18002631234", None)),
        ("375-1234", None),  # no area code
        ("0000000000", None),  # MUN.csv mfax placeholder
        ("819-375-ABCD", None),
        ("appelez-nous", None),
        (None, None),
        (8193751234, Phone("+18193751234", None)),
    ],
)
def test_phone(value, expected):
    assert phone(value) == expected


def test_parsing_the_e164_form_again_gives_the_same_number():
    first = phone("819 375-1234 poste 23")
    assert first is not None
    assert phone(first.e164) == Phone(first.e164, None)
