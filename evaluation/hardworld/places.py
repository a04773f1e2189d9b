"""Towns of the hard world: the real MAMH répertoire (open data, CC BY 4.0, bundled in the sample).

Enterprises are spread over municipalities in proportion to population (as the field is), so the
eight cities hold most listings and most namesakes. Spelling variants are the ones sources use:
accents dropped, « St- »/« Ste- » for Saint/Sainte, capitals, « (Québec) » suffixes.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from esq.config import SAMPLE_LANDING

MUN_CSV = next((SAMPLE_LANDING / "mamh-municipalites").glob("*/files/MUN.csv"), None)

#: The eight cities of the mission, by MAMH code (as in the répertoire).
CITY_CODES: dict[str, str] = {
    "66023": "Montréal",
    "81017": "Gatineau",
    "65005": "Laval",
    "25213": "Lévis",
    "58227": "Longueuil",
    "23027": "Québec",
    "43027": "Sherbrooke",
    "56083": "Saint-Jean-sur-Richelieu",
}


@dataclass(frozen=True)
class Town:
    code: str
    name: str
    postal: str  # the town hall's postal code: its first three characters locate the town
    region: str  # administrative region code "04"
    mrc: str  # "MRC Brome-Missisquoi (460)" → "Brome-Missisquoi"
    population: int

    @property
    def fsa(self) -> str:
        return self.postal[:3]


def _region(text: str) -> str:
    return text.rsplit("(", 1)[-1].rstrip(")") if "(" in text else ""


def _mrc(text: str) -> str:
    name = text.rsplit("(", 1)[0].strip()
    return name.removeprefix("MRC ").removeprefix("MRC de ").strip()


def load_towns(path: Path | None = None) -> list[Town]:
    """Every municipality of the répertoire with a postal code, sorted by code."""
    path = path or MUN_CSV
    if path is None:
        raise FileNotFoundError("the MAMH MUN.csv of sample/landing is missing")
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    towns = [
        Town(
            code=r["mcode"],
            name=r["munnom"],
            postal=r["mcodpos"].replace(" ", "").upper(),
            region=_region(r["regadm"]),
            mrc=_mrc(r["mrc"]) or r["munnom"],
            population=int(float(r["mpopul"] or 0)),
        )
        for r in rows
        if len(r["mcodpos"].replace(" ", "")) == 6 and r["munnom"]
    ]
    missing = set(CITY_CODES) - {t.code for t in towns}
    if missing:
        raise ValueError(f"MUN.csv lacks the city codes {sorted(missing)}")
    return sorted(towns, key=lambda t: t.code)


def town_weights(towns: list[Town]) -> list[float]:
    """Sampling weights: population with a floor, so small villages still appear."""
    return [max(t.population, 800) ** 0.9 for t in towns]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def abbreviate_saint(text: str) -> str:
    """« Saint-Jean » → « St-Jean », « Sainte-Thècle » → « Ste-Thècle »."""
    return text.replace("Sainte-", "Ste-").replace("Saint-", "St-")


def town_spelling(rng: random.Random, name: str) -> str:
    """How a hub or a supplier address writes a municipality."""
    roll = rng.random()
    if roll < 0.55:
        return name
    if roll < 0.7:
        return abbreviate_saint(name)
    if roll < 0.82:
        return strip_accents(name)
    if roll < 0.9:
        return name.upper()
    if roll < 0.95:
        return f"{name} (Québec)"
    return strip_accents(abbreviate_saint(name)).upper()


def postal_in(rng: random.Random, town: Town) -> str:
    """A postal code of the town's forward sortation area, formatted ``A1A 1A1``."""
    ldu = f"{rng.randint(0, 9)}{rng.choice('ABCEGHJKLMNPRSTVWXYZ')}{rng.randint(0, 9)}"
    return f"{town.fsa} {ldu}"
