"""The objects of a hard world: addresses, organisations (true entities) and their registrations.

An ``Org`` is one true entity: a social economy enterprise (listed or not), a register namesake,
an absorbed predecessor, a non-social-economy member of a hub (an MRC, a union), an ordinary
company or a natural person who supplies a city. Its ``basis`` follows DESIGN §3.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evaluation.hardworld.places import Town, abbreviate_saint, strip_accents

STREETS = [
    ("rue", "Principale"),
    ("rue", "Saint-Pierre"),
    ("boulevard", "des Forges"),
    ("chemin", "du Lac"),
    ("avenue", "du Parc"),
    ("rue", "Notre-Dame Est"),
    ("rang", "Saint-Joseph"),
    ("rue", "de l'Église"),
    ("boulevard", "Sainte-Anne"),
    ("rue", "King Ouest"),
    ("avenue", "des Pins"),
    ("rue", "Sainte-Catherine Est"),
    ("route", "138"),
    ("montée", "Saint-Laurent"),
    ("rue", "Wellington Nord"),
    ("boulevard", "Saint-Joseph"),
    ("rue", "des Érables"),
    ("chemin", "Sainte-Foy"),
    ("rue", "Laurier"),
    ("boulevard", "René-Lévesque"),
    ("rue", "Champlain"),
    ("avenue", "Royale"),
    ("rue", "du Couvent"),
    ("rue", "Saint-Jean-Baptiste"),
]
STREET_ABBREV = {
    "rue": ["r."],
    "boulevard": ["boul.", "bd", "bl."],
    "chemin": ["ch.", "chem."],
    "avenue": ["av."],
    "route": ["rte", "rt."],
    "montée": ["mtée"],
    "rang": ["rg"],
}


@dataclass(frozen=True)
class Address:
    civic: int
    street: tuple[str, str]  # (type, name)
    town: Town
    postal: str  # "G9A 1A1"
    unit: str | None = None  # "bureau 201"
    po_box: str | None = None  # "C.P. 45"

    def street_line(self) -> str:
        return f"{self.civic}, {self.street[0]} {self.street[1]}"

    def register_lines(self, upper: bool) -> list[str]:
        """The REQ's four address lines: street, unit or PO box, « Town (Québec) », postal."""
        line1 = self.street_line()
        second = self.unit or self.po_box or ""
        lines = [line1, second, f"{self.town.name} (Québec)", self.postal]
        if upper:
            lines = [x.upper() for x in lines]
        if not second:
            lines = [lines[0], lines[2], "", lines[3]]
        return lines

    def hub_line(self, rng: random.Random) -> tuple[str, list[str]]:
        """One street line as a hub types it, and the variations applied."""
        applied = []
        kind, name = self.street
        if rng.random() < 0.3 and kind in STREET_ABBREV:
            kind, _ = rng.choice(STREET_ABBREV[kind]), applied.append("street_abbrev")
        if rng.random() < 0.12:
            name, _ = abbreviate_saint(name), applied.append("saint_abbrev")
        sep = ", " if rng.random() < 0.6 else " "
        line = f"{self.civic}{sep}{kind} {name}"
        if self.unit:
            roll = rng.random()
            number = self.unit.split()[-1]
            if roll < 0.4:
                line, _ = f"{line}, {self.unit}", applied.append("unit")
            elif roll < 0.7:
                line, _ = f"{number}-{line}", applied.append("unit_prefix")
            elif roll < 0.85:
                line, _ = f"{line} #{number}", applied.append("unit_hash")
        if self.po_box and rng.random() < 0.5:
            line, _ = f"{line}, {self.po_box}", applied.append("po_box")
        if rng.random() < 0.08:
            line, _ = strip_accents(line), applied.append("accents_dropped")
        return line, applied


def new_address(rng: random.Random, town: Town, postal: str) -> Address:
    unit = None
    roll = rng.random()
    if roll < 0.15:
        unit = f"{rng.choice(['bureau', 'local', 'suite', 'app.'])} {rng.randint(1, 450)}"
    po_box = f"C.P. {rng.randint(1, 999)}" if rng.random() < 0.06 else None
    return Address(rng.randint(1, 3999), rng.choice(STREETS), town, postal, unit, po_box)


@dataclass(frozen=True)
class Registration:
    """One entry of the register (Entreprise.csv + its Nom, Etablissements rows)."""

    neq: str
    form: str  # COD_FORME_JURI
    status: str  # COD_STAT_IMMAT: IM, RD, RO, RX
    name: str  # current legal name as the register spells it
    head: Address  # domicile
    upper: bool  # the register writes this entry's text in capitals
    other_names: tuple[str, ...] = ()  # Nom.csv V/A (trade names)
    former_names: tuple[str, ...] = ()  # Nom.csv A/N
    foreign_name: str | None = None  # NOM_ASSUJ_LANG_ETRNG
    sites: tuple[Address, ...] = ()  # secondary establishments (the listed site)
    absorbed: tuple[tuple[str, str], ...] = ()  # FusionScissions: (predecessor NEQ, its name)
    registered: str = "2001-05-01"  # DAT_IMMAT


@dataclass
class Org:
    """One true entity of the world."""

    eid: str
    role: str  # se, namesake, predecessor, member_non_se, company, person
    kind: str  # a names.Kind key, or mrc / union / company / person
    name: str  # the name as the organisation writes it (proper case)
    trade: str  # short / trade name
    town: Town
    site: Address | None = None
    registration: Registration | None = None
    listed: bool = False
    website: str | None = None
    phone: str | None = None
    successor: str | None = None  # predecessor → eid it was absorbed into
    namesake_of: str | None = None
    phenomena: list[str] = field(default_factory=list)

    @property
    def neq(self) -> str | None:
        return self.registration.neq if self.registration else None

    @property
    def status(self) -> str | None:
        return self.registration.status if self.registration else None

    @property
    def basis(self) -> str:
        """DESIGN §3: listed; legal_form (active co-op or mutual); candidate (active NPO);
        former (struck off or absorbed); none (not social economy)."""
        if self.role in ("company", "person"):
            return "none"
        if self.listed:
            return "listed"
        reg = self.registration
        if reg is None or reg.status != "IM":
            return "former"
        if reg.form in ("COP", "SMU"):
            return "legal_form"
        if reg.form in ("APE", "ASS"):
            return "candidate"
        return "none"
