"""Contracts of the eight cities (and a few other buyers), with their true suppliers.

Suppliers are drawn mostly from ordinary companies; about one contract in eight goes to a social
economy enterprise of the buyer's region (listed, a co-op known by legal form only, or a
candidate non-profit). Names are written as buyers' systems write them (capitals without
accents, truncated, « INC. » added, trade names), NEQs published for some SEAO suppliers, a few
with a wrong check digit; natural persons supply too. Some SEAO awards have several lots or
joint suppliers; some contracts get a later update with a settled amount.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from evaluation.hardworld.model import Org
from evaluation.hardworld.names import person_supplier, supplier_spelling
from evaluation.hardworld.neqs import bad_check_digit
from evaluation.hardworld.places import CITY_CODES, Town, strip_accents, town_spelling

CITY_SHARE = {
    "Montréal": 0.3,
    "Québec": 0.16,
    "Laval": 0.11,
    "Gatineau": 0.09,
    "Longueuil": 0.09,
    "Sherbrooke": 0.08,
    "Lévis": 0.08,
    "Saint-Jean-sur-Richelieu": 0.05,
    None: 0.04,
}
OTHER_BUYERS = [
    "Ville de Trois-Rivières",
    "Ville de Montréal-Est",
    "Centre de services scolaire des Découvreurs",
    "Ville de Lavaltrie",
    "Société de transport de Laval",
]
UNITS = [
    "Service des travaux publics",
    "Service de la culture",
    "Service des loisirs",
    "Direction de l'approvisionnement",
    "Service de l'environnement",
    "Arrondissement Ahuntsic-Cartierville",
]
CATEGORIES = [
    "S3 - Services d'architecture et d'ingénierie",
    "S5 - Services de nettoyage",
    "S9 - Services sociaux et communautaires",
    "G25 - Aliments",
    "C01 - Bâtiments",
    "S13 - Services de traiteur",
    "S19 - Services de formation",
]
START = datetime(2024, 1, 1, 9, 0)
DAYS = 730
END = datetime(2026, 1, 1)  # the files cover 2024 and 2025
SE_SHARE = 0.13


@dataclass
class Award:
    supplier: str  # eid of the true supplier
    name: str  # as published
    neq: str | None
    locality: str | None
    amount: float
    final: float | None = None
    phenomena: list[str] = field(default_factory=list)


@dataclass
class Contract:
    channel: str  # seao, conseil, fonctionnaires
    city: str | None  # one of the eight, or None for another buyer
    buyer: str
    number: str
    date: datetime
    title: str
    category: str
    awards: list[Award]
    updated: datetime | None = None  # date of a later contractUpdate release
    joint: bool = False  # one award shared by the suppliers (amount split)
    also_on_montreal: bool = False  # SEAO contract also published in the council CSV
    phenomena: list[str] = field(default_factory=list)


class SupplierPool:
    """Who can supply a city: social economy enterprises by region, companies, persons."""

    def __init__(self, rng: random.Random, orgs: list[Org]):
        self.rng = rng
        self.se_by_region: dict[str, list[Org]] = {}
        self.se_all: list[Org] = []
        for org in orgs:
            if org.role == "se" and org.basis in ("listed", "legal_form", "candidate"):
                self.se_by_region.setdefault(org.town.region, []).append(org)
                self.se_all.append(org)
        self.companies = [o for o in orgs if o.role == "company"]
        self.persons = [o for o in orgs if o.role == "person"]

    def pick(self, region: str) -> Org:
        rng = self.rng
        if rng.random() < SE_SHARE:
            local = self.se_by_region.get(region)
            return rng.choice(local if local and rng.random() < 0.8 else self.se_all)
        return rng.choice(self.persons if rng.random() < 0.06 else self.companies)


def render_supplier(
    rng: random.Random, org: Org, channel: str
) -> tuple[str, str | None, list[str]]:
    """(published name, published NEQ, phenomena) of one award to ``org``."""
    if org.role == "person":
        given, family = org.name.split(" ", 1)
        return person_supplier(rng, given, family), None, ["natural_person"]
    legal = org.registration.name if org.registration and rng.random() < 0.5 else org.name
    name, applied = supplier_spelling(rng, legal, org.trade)
    if channel == "fonctionnaires" and rng.random() < 0.5:
        name = strip_accents(name).upper()
    neq = None
    if channel == "seao" and org.neq and rng.random() < 0.65:
        neq = org.neq
        if rng.random() < 0.05:
            neq, _ = bad_check_digit(neq), applied.append("neq_bad_check_digit")
    return name, neq, applied


def _amount(rng: random.Random, org: Org) -> float:
    median = 18_000 if org.role in ("se", "person") else 55_000
    return round(min(rng.lognormvariate(0, 1.1) * median, 4_000_000), 2)


def _award(rng: random.Random, org: Org, channel: str) -> Award:
    name, neq, applied = render_supplier(rng, org, channel)
    locality = (
        town_spelling(rng, org.town.name) if channel == "seao" and rng.random() < 0.8 else None
    )
    return Award(org.eid, name, neq, locality, _amount(rng, org), phenomena=applied)


def make_contracts(
    rng: random.Random, orgs: list[Org], towns: list[Town], n_seao: int, n_montreal: int
) -> list[Contract]:
    """SEAO contracts of every buyer, then Montréal's own council and officials rows."""
    pool = SupplierPool(rng, orgs)
    city_region = {
        name: t.region for t in towns for code, name in CITY_CODES.items() if t.code == code
    }
    cities, shares = list(CITY_SHARE), list(CITY_SHARE.values())
    out = []
    for i in range(n_seao):
        city = rng.choices(cities, shares)[0]
        buyer = f"Ville de {city}" if city else rng.choice(OTHER_BUYERS)
        if city and rng.random() < 0.4:
            buyer += rng.choice([" - ", " / ", " -  "]) + rng.choice(UNITS)
        region = city_region.get(city, "04") if city else "04"
        lots = 1 if rng.random() > 0.08 else rng.randint(2, 3)
        joint = lots == 1 and rng.random() < 0.02
        suppliers = [pool.pick(region) for _ in range(2 if joint else lots)]
        c = Contract(
            "seao",
            city,
            buyer,
            f"{1_800_000 + i}",
            START + timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600)),
            rng.choice(CATEGORIES),
            rng.choice(CATEGORIES),
            [_award(rng, s, "seao") for s in suppliers],
            joint=joint,
        )
        if lots > 1:
            c.phenomena.append("multi_award")
        if joint:
            c.phenomena.append("joint_award")
        updated = c.date + timedelta(days=rng.randint(20, 200))
        if (
            rng.random() < 0.25 and updated < END
        ):  # an update after the last file is not published yet
            c.updated = updated
            for a in c.awards:
                a.final = round(a.amount * rng.uniform(0.85, 1.25), 2)
            c.phenomena.append("updated_release")
        if city == "Montréal" and rng.random() < 0.2:
            c.also_on_montreal = True
            c.phenomena.append("also_on_montreal_csv")
        out.append(c)
    for i in range(n_montreal):
        channel = "conseil" if rng.random() < 0.4 else "fonctionnaires"
        s = pool.pick(city_region["Montréal"])
        c = Contract(
            channel,
            "Montréal",
            "Ville de Montréal",
            f"{'CE' if channel == 'conseil' else ''}{24_000_000 + i}",
            START + timedelta(days=rng.randrange(DAYS)),
            rng.choice(CATEGORIES),
            rng.choice(UNITS),
            [_award(rng, s, channel)],
        )
        out.append(c)
    return out
