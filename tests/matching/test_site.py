"""The enterprise a row's postal code and name agree on (esq.matching.site, settle.at_site)."""

from __future__ import annotations

import pandas as pd
import pytest

from esq.matching.settle import at_site
from esq.matching.site import Sites, names_agree

SAINT_CONSTANT = frozenset({"saint", "constant"})


@pytest.mark.parametrize(
    ("row", "name", "agree"),
    [
        # the kind of body before the name, on either side
        ("CENTRE D'ACTION BENEVOLE LA PASSERELLE BLEU", "La Passerelle bleu", True),
        ("L'Éclaircie", "CAFÉ L'ÉCLAIRCIE", True),
        ("CAFE FERME LE GRENIER D'ABORD", "Ferme Le Grenier d'Abord", True),
        ("LA FOURMILIERE", "LA FOURMILIÈRE (ENTREPRISE D'INSERTION)", True),
        # a word typed differently, a name cut (and typed)
        ("CDC Le rTemplin", "Corporation de développement communautaire Le Tremplin", True),
        ("CENTRE D'AACTION BENEVOLE LA CI", "Centre d'action bénévole La Cigale du Carré", True),
        ("MAISON DES JEUNES SAINTE-ANNE", "MAISON DES JEUNES SAINTE-ANNE DES PRÉS", True),
        # not: words before a name whose own kind was folded away
        ("IMMEUBLES SAINT-LAURENT ENR.", "Coopérative de travail Saint-Laurent", False),
        # not: two kinds of body, a foundation and what it funds
        ("Fondation La Ruche", "Coopérative de solidarité La Ruche", False),
        # not: words shared at the end only
        ("Corporation touristique Le Phare", "Maison des jeunes Le Phare", False),
        ("Le Phare du Nord", "Le Phare du Sud", False),
        # one letter typed differently, a short word's or spaces aside
        ("JARDIN COMMUNAUTAIRE DES PINS SD", "Jardin communautaire des Pins Sud", True),
        ("PORTE-N-PORTE DES ILES", "Porte-en-porte des Îles", True),
        ("COP LE SENTIER DU LAC", "Coop Le Sentier du Lac", True),
        # never in a number: two numbered companies
        ("9123-4567 Québec inc.", "9123-4568 Québec inc.", False),
        # one word inside the name, at a site
        ("RESSOURCERIE VERTE DU LAC BLEU", "Ressourcerie du Lac bleu", True),
        ("RESSOURCERIE VERTE DU LAC", "Ressourcerie du Lac", False),  # two words shared only
        ("Transport Le Rocher blanc ltée", "Transport adapté Le Rocher blanc", False),  # a company
    ],
)
def test_names_agree(row: str, name: str, agree: bool) -> None:
    assert names_agree(row, [name], frozenset()) is agree


def test_a_town_alone_names_nobody() -> None:
    row, name = "CDC de Saint-Constant", "Maison des jeunes de Saint-Constant"
    assert not names_agree(row, [name], SAINT_CONSTANT)


def test_the_towns_body_of_one_kind_at_its_site() -> None:
    # the same kind and the town's name, nothing else: at a postal code, not in a whole town
    row, name = (
        "CDC DE SAINT-CONSTANT",
        "Corporation de développement communautaire de Saint-Constant",
    )
    assert names_agree(row, [name], SAINT_CONSTANT)
    assert not names_agree(row, [name], SAINT_CONSTANT, strict=True)


def test_a_space_typed_a_letter_away_in_town() -> None:
    row, name = "LA MARELLE ED LA COLLINE BLEUE", "La Marelle de la Colline bleue"
    assert names_agree(row, [name], frozenset(), strict=True)


def test_a_word_inside_is_no_town_evidence() -> None:
    row, name = "RESSOURCERIE VERTE DU LAC BLEU", "Ressourcerie du Lac bleu"
    assert not names_agree(row, [name], frozenset(), strict=True)


ENTERPRISES = pd.DataFrame(
    {
        "name": [
            "La Passerelle bleu", "Coopérative La Passerelle", "Maison des jeunes La Passerelle",
            "Café L'Éclaircie", "Coopérative de consommateurs L'Éclaircie",
            "Centre de la petite enfance Le Relais", "CPE Le Relais",
        ],
        "other_names": [None] * 7,
        "neq": [None, "1140000001", None, None, "1140000002", "1140000003", None],
        "postal_code": ["J0E 3L4"] * 3 + ["G1R 5W5", "G1R 7N7", "G5X 1A1", "G5X 2B2"],
        "municipality": ["Waterloo"] * 3 + ["Québec"] * 2 + ["Beauceville"] * 2,
        "social_economy_basis": ["listed", "both", "listed", "listed", "legal_form", "candidate",
                                 "listed"],
    },
    index=[f"E{i}" for i in range(1, 8)],
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "postal", "neq", "chosen"),
    [
        ("CAB La Passerelle bleu", "j0e3l4", None, "E1"),
        ("La Passerelle", "J0E 3L4", None, None),  # two there the name names
        ("Fondation La Passerelle", "J0E 3L4", None, None),  # a foundation is another body
        ("La Passerelle bleu", "J0E 3L5", None, None),  # nobody at that code
        ("La Passerelle bleu", None, None, None),
        ("Coop La Passerelle", "J0E 3L4", "1140000009", None),  # another NEQ
    ],
)
def test_sites_named(name: str, postal: str | None, neq: str | None, chosen: str | None) -> None:
    assert Sites(ENTERPRISES).named(name, postal, neq) == chosen


LINKED_AWAY = {"enterprise_id": "E5", "link_method": "name_exact", "link_detail": "l eclaircie"}
TO_CANDIDATE = {"enterprise_id": "E6", "link_method": "neq", "link_detail": "1140000003"}


@pytest.mark.parametrize(
    ("row", "key", "chosen"),
    [
        # left by the linker: the site settles it
        ({"link_method": "no_match"}, ("CAB La Passerelle bleu", None, None, "J0E3L4", None), "E1"),
        # … never a natural person's row, whatever the site holds
        ({"link_method": "person"}, ("CAB La Passerelle bleu", None, None, "J0E3L4", None), None),
        # linked by name to an enterprise at another postal code: the site wins
        (LINKED_AWAY, ("L'Éclaircie", None, "Québec", "G1R 5W5", None), "E4"),
        # … not when the row's code is the linked enterprise's
        (LINKED_AWAY, ("L'Éclaircie", None, "Québec", "G1R 7N7", None), "E5"),
        # a NEQ that goes to a candidate: its listing without NEQ at the row's site
        (TO_CANDIDATE, ("CPE Le Relais", "1140000003", None, "G5X 2B2", None), "E7"),
        # a NEQ that goes to an enterprise stays
        (
            {**TO_CANDIDATE, "enterprise_id": "E2"},
            ("La Passerelle bleu", "1140000001", None, "J0E 3L4", None),
            "E2",
        ),
    ],
)
def test_at_site(row: dict, key: tuple, chosen: str | None) -> None:
    info = ENTERPRISES.to_dict("index").get
    assert at_site(row, Sites(ENTERPRISES), info, key).get("enterprise_id") == chosen


TOWN = pd.DataFrame(
    {
        "name": [
            "Coopérative funéraire Le Trait d'union des Bois", "Café Le Pignon bleu",
            "Coopérative de solidarité La Fourmilière en fête", "Le Grenier",
        ],
        "other_names": [None, None, "La Fourmilière en fête", None],
        "neq": [None] * 4,
        "postal_code": [None] * 4,
        "municipality": ["Longueuil", "Montréal", "Montréal", "Montréal"],
    },
    index=["T1", "T2", "T3", "T4"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "town", "chosen"),
    [
        ("Le Trait d'union des Bois", "LONGUEUIL", "T1"),  # a trade name: the kind left out
        ("Le Trait d'union des Bois", "Montréal", None),  # not in that town
        ("Le Pignon bleu", "Montreal (Québec)", "T2"),
        ("Gestion Le Pignon bleu inc.", "Montréal", None),  # words before: a company's, often
        ("Mutuelle de prévention La Fourmilière en fête", "Montréal", None),  # another kind
        ("Grenier", "Montréal", None),  # one word is not enough in a town
        ("Le Pignon bleue", "Montréal", "T2"),  # the last word typed differently
        ("La Fourmilere en fête", "Montréal", "T3"),
    ],
)
def test_named_in_town(name: str, town: str, chosen: str | None) -> None:
    assert Sites(TOWN).named_in_town(name, town) == chosen


def test_a_company_form_adds_no_words() -> None:
    # « enr. », « ltée »: a company's forms; the words before a name are its trade
    assert not names_agree("Immeubles Sainte-Anne enr.", ["Sainte-Anne du Carré"], frozenset())
    assert names_agree("Café Sainte-Anne du Carré", ["Sainte-Anne du Carré"], frozenset())
