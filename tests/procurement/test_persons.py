"""Natural persons are recognised (and organisations are not), on spellings seen in real files."""

from __future__ import annotations

import pytest

from esq.contracts.persons import person_reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("ANNA AMARI", "given_name_surname"),
        ("ALEXANDRA M. VAILLANCOURT", "given_name_surname"),
        ("ANDRE  ROUSSEAU", "given_name_surname"),
        ("CHOQUET, JEAN-ROBERT", "name_comma_pattern"),
        ("Dre Julie Tremblay", "given_name_surname"),
        ("Jean-François Côté", "given_name_surname"),
        ("BOUCHARD JEAN", "surname_given_name"),
        ("PELLETIER MICHEL", "surname_given_name"),
        ("COTE ANDRE-ANNE", "surname_given_name"),
        # organisations
        ("DR NATHALIE HAMEL INC", None),
        ("BERNARD & BRASSARD", None),
        ("ENTREPRISE ROBERT GREEN INC", None),
        ("EQUIPE DENIS CODERRE POUR MONTREAL", None),
        ("Coop Grenier populaire", None),
        ("Centre de la petite enfance Marie Soleil", None),
        ("Dessau", None),
        ("Lavoie Luc", None),  # not in capitals: could be a trade name
        ("CPE MARIE", None),
        ("Johanne Lajoie Community Garden", None),  # English names of bodies
        ("MARIE JEAN", "given_name_surname"),
        ("Les Services exp inc.", None),
        ("9175-2998 QUÉBEC INC.", None),
        ("Construction, Martin et associés", None),
        ("Semence du Quartier, ressourcerie", None),
        ("Laval, Ville de", None),
        ("", None),
        (None, None),
    ],
)
def test_person_reason(name: str | None, reason: str | None) -> None:
    assert person_reason(name) == reason
