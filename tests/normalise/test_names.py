import pytest

from esq.normalise.names import NameParts, name_key, normalise_name


@pytest.mark.parametrize(
    ("value", "key", "family", "suffix"),
    [
        # Supplier and contractor names from the SEAO and Montréal open data (CC BY 4.0).
        ("Groupe Sélect Ltée", "groupe select", None, "ltee"),
        ("DESCHENES & FILS LTEE", "deschenes fils", None, "ltee"),
        ("DESCHENES & FILS LTÉE", "deschenes fils", None, "ltee"),
        ("Nacev Consultants inc", "nacev consultants", None, "inc"),
        ("Cima+s.e.n.c.", "cima", None, "senc"),
        ("MEDIAS TRANSCONTINENTAL S.E.N.C", "medias transcontinental", None, "senc"),
        (
            "CLINIQUE CHIRURGICALE DE LAVAL S.E.N.C.R.L.",
            "clinique chirurgicale de laval",
            None,
            "sencrl",
        ),
        ("KAMI ENR.", "kami", None, "enr"),
        ("JEAN GUGLIA & FILS ENR.", "jean guglia fils", None, "enr"),
        ("LVM, une division d’EnGlobe Corp.", "lvm une division d englobe", None, "corp"),
        ("9272-4277 QUÉBEC INC.", "9272 4277 quebec", None, "inc"),
        ("AUDIOTOPIE COOP", "audiotopie", None, "coop"),
        ("J.M. Bussières & Fils Ltée", "jm bussieres fils", None, "ltee"),
        ("Les Consultants S.M. inc. Montréal", "les consultants sm inc montreal", None, None),
        ("Dessau", "dessau", None, None),
        # Invented social-economy names.
        ("Coopérative de solidarité du Lac-Brûlé", "lac brule", "cooperative-de-solidarite", None),
        ("Coop de travail La Fourmi", "la fourmi", "cooperative-de-travail", None),
        (
            "Coopérative de travailleurs actionnaire Exemple inc.",
            "exemple",
            "cooperative-de-travailleurs-actionnaire",
            "inc",
        ),
        (
            "Coopérative de consommateurs de Ste-Thècle",
            "sainte thecle",
            "cooperative-de-consommateurs",
            None,
        ),
        ("Coopérative de producteurs maraîchers", "maraichers", "cooperative-de-producteurs", None),
        ("Coopérative d'habitation Les Pignons", "les pignons", "cooperative-d-habitation", None),
        ("CPE Les Petits Pas", "les petits pas", "cpe", None),
        ("Centre de la petite enfance L'Exemple", "l exemple", "cpe", None),
        ("C.P.E. Les Bambins", "les bambins", "cpe", None),
        (
            "Corporation de développement communautaire du Haut-St-Maurice",
            "haut saint maurice",
            "cdc",
            None,
        ),
        ("Mutuelle d'assurance Exemple", "assurance exemple", "mutuelle", None),
        ("Fondation St-Exemple", "saint exemple", "fondation", None),
        ("Les Amis du parc (OBNL)", "les amis du parc", None, "obnl"),
        ("Exemple OSBL", "exemple", None, "obnl"),
        ("Exemple & Cie", "exemple", None, "cie"),
        ("Exemple Ltd.", "exemple", None, "ltd"),
        ("Exemple Incorporée", "exemple", None, "inc"),
        ("Exemple Limitée", "exemple", None, "ltee"),
        ("Exemple s.e.c.", "exemple", None, "sec"),
        # Only family words: the key keeps them rather than becoming empty.
        (
            "Coopérative de solidarité",
            "cooperative de solidarite",
            "cooperative-de-solidarite",
            None,
        ),
        ("Inc.", "inc", None, None),
    ],
)
def test_normalise_name(value, key, family, suffix):
    parts = normalise_name(value)
    assert parts is not None
    assert (parts.key, parts.family, parts.legal_suffix) == (key, family, suffix)
    assert parts.display == " ".join(value.split())


def test_display_is_kept_as_given():
    parts = normalise_name("  L'orchestre   symphonique  inc. ")
    assert parts == NameParts(
        "L'orchestre symphonique inc.", "l orchestre symphonique", None, "inc"
    )


def test_st_and_saint_give_the_same_key():
    assert name_key("Garage St-Pierre") == name_key("GARAGE SAINT PIERRE")


@pytest.mark.parametrize("value", [None, "", "NA", "!!!", "  - ", 3.5j])
def test_nothing_to_name(value):
    assert normalise_name(value) is None
    assert name_key(value) is None
