"""Seeded synthetic labelled set: enterprises, their appearances in several sources, a register.

Each appearance is a raw record (listing field -> text, as a source would publish it) with the
true enterprise id in ``truth``; ``frames.listing_frame`` normalises them like staging does.
Perturbations: accents dropped, upper case, legal-suffix variants, « Coop X » vs « Coopérative
de solidarité X », typos, St/Saint, street-type and municipality spellings, missing fields,
homonyms in other cities, several organisations in one building, and a noisy register (extra
enterprises, homonyms, former names, upper case).
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from esq.register.neq import luhn_check_digit

_NOUNS = [
    "Ressourcerie",
    "Atelier",
    "Maison",
    "Centre",
    "Marché",
    "Jardins",
    "Café",
    "Cuisine",
    "Friperie",
    "Boulangerie",
    "Théâtre",
    "Transport",
    "Auberge",
    "Épicerie",
    "Radio",
    "Service",
    "Carrefour",
    "Ferme",
    "Librairie",
    "Garderie",
    "Coopérative funéraire",
]
_QUALIFIERS = [
    "du Bonheur",
    "des Bois-Francs",
    "de la Vallée",
    "l'Envolée",
    "des Trois-Rives",
    "du Rucher",
    "la Grande Ourse",
    "le Tournesol",
    "des Chenaux",
    "l'Éclaircie",
    "du Partage",
    "la Ruche",
    "de l'Entraide",
    "le Phare",
    "des Moulins",
    "l'Arc-en-ciel",
    "du Vieux-Moulin",
    "la Passerelle",
    "des Érables",
    "le Cormoran",
]
_SYLLABLES = ["ka", "lo", "mi", "ra", "ve", "to", "su", "na", "bel", "cor", "fu", "ti", "al", "dor"]
FAMILIES = [("", 40), ("coop", 20), ("cpe", 10), ("fondation", 5), ("ste", 10), ("obnl", 15)]
_STREET_TYPES = [
    ("rue", "r."),
    ("boulevard", "boul."),
    ("chemin", "ch."),
    ("avenue", "av."),
    ("rang", "rang"),
]
_STREET_NAMES = [
    "Principale",
    "Saint-Pierre",
    "des Forges",
    "du Lac",
    "Notre-Dame",
    "Laviolette",
    "Sainte-Anne",
    "de l'Église",
    "Royale",
    "Saint-Laurent",
    "des Pins",
    "Papineau",
]
_LEGAL_FORMS = {
    "coop": "COP",
    "cpe": "APE",
    "fondation": "APE",
    "ste": "APE",
    "obnl": "APE",
    "": "ASS",
}


@dataclass(frozen=True)
class Town:
    name: str
    postal_prefix: str
    area_code: str


@dataclass
class Enterprise:
    truth: str
    neq: str
    family: str
    core: str
    former_core: str | None
    town: Town
    civic: int
    street: tuple[str, str, str]  # type, short type, name
    unit: str | None
    postal: str
    phone: str | None
    domain: str | None


def read_towns(mun_csv: Path, limit: int = 200, seed: int = 0) -> list[Town]:
    """Towns (name, postal prefix, area code) from the MAMH MUN.csv, a seeded sample."""
    with Path(mun_csv).open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("munnom") and len(r.get("mcodpos", "")) == 6]
    towns = [Town(r["munnom"], r["mcodpos"][:3], (r.get("mtel") or "8190000000")[:3]) for r in rows]
    return random.Random(seed).sample(towns, min(limit, len(towns)))


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _core(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.35:
        return f"{rng.choice(_NOUNS)} {rng.choice(_QUALIFIERS)}"
    if shape < 0.7:
        return f"{rng.choice(_NOUNS)} {_invented(rng)}"
    if shape < 0.85:
        return f"{_invented(rng)} {rng.choice(_QUALIFIERS)}"
    return _invented(rng) + " " + _invented(rng)


def _neq(rng: random.Random, taken: set[str]) -> str:
    while True:
        body = rng.choice(["11", "114", "116", "117", "33"])
        body += "".join(rng.choice("0123456789") for _ in range(9 - len(body)))
        neq = body + luhn_check_digit(body[2:])
        if neq not in taken:
            taken.add(neq)
            return neq


def _postal(rng: random.Random, town: Town) -> str:
    return (
        f"{town.postal_prefix}{rng.randint(0, 9)}{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}"
        f"{rng.randint(0, 9)}"
    )


def make_enterprises(rng: random.Random, n: int, towns: list[Town]) -> list[Enterprise]:
    """``n`` enterprises; some homonyms in other towns, some sharing a building and a phone."""
    taken: set[str] = set()
    out: list[Enterprise] = []
    for i in range(n):
        family = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
        town = rng.choice(towns)
        homonym = out and rng.random() < 0.08
        twin = rng.choice(out) if homonym else None
        core = twin.core if twin else _core(rng)
        if twin:  # same name, another town
            town = rng.choice([t for t in towns if t != twin.town])
        st = rng.choice(_STREET_TYPES)
        ent = Enterprise(
            truth=f"T{i:06d}",
            neq=_neq(rng, taken),
            family=family,
            core=core,
            former_core=_core(rng) if rng.random() < 0.05 else None,
            town=town,
            civic=rng.randint(1, 3999),
            street=(st[0], st[1], rng.choice(_STREET_NAMES)),
            unit=None,
            postal=_postal(rng, town),
            phone=f"{town.area_code}{rng.randint(2000000, 9999999)}"
            if rng.random() < 0.85
            else None,
            domain=f"{strip_accents(core).lower().replace(' ', '').replace(chr(39), '')[:18]}"
            f"{rng.randint(1, 99)}.{rng.choice(['ca', 'org', 'qc.ca', 'com'])}"
            if rng.random() < 0.6
            else None,
        )
        if out and rng.random() < 0.06:  # moves into a building another organisation uses
            host = rng.choice(out[-50:])
            ent.town, ent.civic, ent.street, ent.postal = (
                host.town,
                host.civic,
                host.street,
                host.postal,
            )
            ent.unit = str(rng.randint(100, 400))
            host.unit = host.unit or str(rng.randint(100, 400))
            if rng.random() < 0.3:
                ent.phone = host.phone  # shared switchboard
        out.append(ent)
    return out
