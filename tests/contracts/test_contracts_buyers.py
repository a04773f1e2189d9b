"""Buyer names → (city, unit): every spelling found in the real SEAO rows, and near misses."""

from __future__ import annotations

import csv

import pytest
from contracts_shared_data import shared_real

from esq.contracts.buyers import normalise_buyer

MTL = "Montréal"
# All 25 distinct buyer spellings of ../shared/data/real/seao (column 3), verbatim.
REAL_SPELLINGS = [
    ("Ville de Gatineau.", "Gatineau", None),
    ("Ville de Laval", "Laval", None),
    ("Ville de Longueuil .", "Longueuil", None),
    ("Ville de Lévis.", "Lévis", None),
    ("Ville de Montréal -  Service de la culture", MTL, "Service de la culture"),
    ("Ville de Montréal - Arrondissement Lasalle", MTL, "Arrondissement Lasalle"),
    ("Ville de Montréal - Arrondissement Montréal-Nord.", MTL, "Arrondissement Montréal-Nord"),
    (
        "Ville de Montréal - Arrondissement Rivière-des-Prairies- Pointe-aux-Trembles",
        MTL,
        "Arrondissement Rivière-des-Prairies- Pointe-aux-Trembles",
    ),
    ("Ville de Montréal - Arrondissement Saint-Laurent.", MTL, "Arrondissement Saint-Laurent"),
    (
        "Ville de Montréal - Arrondissement d'Ahuntsic-Cartierville",
        MTL,
        "Arrondissement d'Ahuntsic-Cartierville",
    ),
    ("Ville de Montréal - Arrondissement d'Anjou", MTL, "Arrondissement d'Anjou"),
    (
        "Ville de Montréal - Arrondissement de Mercier–Hochelaga-Maisonneuve",
        MTL,
        "Arrondissement de Mercier–Hochelaga-Maisonneuve",
    ),
    (
        "Ville de Montréal - Arrondissement de Pierrefonds-Roxboro",
        MTL,
        "Arrondissement de Pierrefonds-Roxboro",
    ),
    (
        "Ville de Montréal - Arrondissement de Saint-Léonard.",
        MTL,
        "Arrondissement de Saint-Léonard",
    ),
    ("Ville de Montréal - Arrondissement de Verdun.", MTL, "Arrondissement de Verdun"),
    ("Ville de Montréal - Arrondissement de Ville-Marie", MTL, "Arrondissement de Ville-Marie"),
    (
        "Ville de Montréal - Arrondissement du Plateau-Mont-Royal",
        MTL,
        "Arrondissement du Plateau-Mont-Royal",
    ),
    ("Ville de Montréal - Service de l'approvisionnement", MTL, "Service de l'approvisionnement"),
    (
        "Ville de Montréal - Service de l'eau - Direction de l'épuration des eaux usées",
        MTL,
        "Service de l'eau - Direction de l'épuration des eaux usées",
    ),
    ("Ville de Montréal - Service de l'environnement", MTL, "Service de l'environnement"),
    (
        "Ville de Montréal - Service de la mise en valeur du territoire",
        MTL,
        "Service de la mise en valeur du territoire",
    ),
    (
        "Ville de Montréal / SITE - Direction des infrastructures",
        MTL,
        "SITE - Direction des infrastructures",
    ),
    ("Ville de Québec", "Québec", None),
    ("Ville de Saint-Jean-sur-Richelieu.", "Saint-Jean-sur-Richelieu", None),
    ("Ville de Sherbrooke", "Sherbrooke", None),
]

VARIANTS = [
    ("VILLE DE MONTREAL", MTL, None),
    ("ville de quebec - Service des finances", "Québec", "Service des finances"),
    ("Ville de Levis", "Lévis", None),
    ("Ville de St-Jean-sur-Richelieu", "Saint-Jean-sur-Richelieu", None),
    ("  Ville  de  Laval , Service de l'ingénierie ", "Laval", "Service de l'ingénierie"),
    ("Ville de Montréal—Arrondissement de Verdun", MTL, "Arrondissement de Verdun"),  # em dash
    # different municipalities or bodies: never one of the eight cities
    ("Ville de Montréal-Est", None, None),
    ("Ville de Montréal-Ouest", None, None),
    ("Ville de Lavaltrie", None, None),
    ("Ville de Québec-Ouest", None, None),
    ("Société de transport de Montréal", None, None),
    ("Communauté métropolitaine de Québec", None, None),
    ("Ville de Trois-Rivières", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("raw", "city", "unit"), REAL_SPELLINGS + VARIANTS)
def test_normalise_buyer(raw: str, city: str | None, unit: str | None) -> None:
    buyer = normalise_buyer(raw)
    assert (buyer.city, buyer.unit, buyer.raw) == (city, unit, raw)


def test_table_covers_every_real_spelling() -> None:
    with shared_real("seao", "contrats-nb3_8villes_subset.csv").open(encoding="utf-8") as fh:
        found = {row[2] for row in csv.reader(fh)}
    assert found == {raw for raw, _, _ in REAL_SPELLINGS}
