import pytest

from esq.normalise.email import email


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dg@abercorn.ca", "dg@abercorn.ca"),  # MUN.csv mcourriel
        ("Info@Coop.QC.CA", "Info@coop.qc.ca"),
        ("mailto:info@example.coop", "info@example.coop"),
        ("MAILTO:info@example.coop?subject=Bonjour", "info@example.coop"),
        ("<info@example.coop>", "info@example.coop"),
        ("prenom.nom+tag@exemple.qc.ca", "prenom.nom+tag@exemple.qc.ca"),
        ("info@exemple", None),
        ("info@@exemple.ca", None),
        ("info exemple@exemple.ca", None),
        (".info@exemple.ca", None),
        ("info@-exemple.ca", None),
        ("www.alafut.qc.ca", None),
        ("NA", None),
        (None, None),
    ],
)
def test_email(value, expected):
    assert email(value) == expected
