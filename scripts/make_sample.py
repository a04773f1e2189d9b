"""Regenerate the synthetic hub-directory part of the bundled sample, deterministically.

The records follow the real export formats of a regional hub (Pôle d'économie sociale): the
directory export ``NomEntreprise,Adresse,Municipalite,CodePostal,Territoire,SiteWeb`` and the
member export ``CategorieMembre,NomEntreprise,Type,SecteurActivite,Adresse,Municipalite,CodePostal,
SiteWeb``. Every organisation is invented from word lists; municipalities come from the MAMH
répertoire (open data). A few rows are broken on purpose so that quarantine has work to do.

    python scripts/make_sample.py            # rewrites sample/landing/pes-* entries
"""

from __future__ import annotations

import csv
import io
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from esq.landing import LandingZone  # noqa: E402

LANDING = ROOT / "sample" / "landing"
MUN = next((LANDING / "mamh-municipalites").glob("*/files/MUN.csv"))
SAMPLE_TIME = datetime(2026, 6, 1, tzinfo=UTC)

CORES = [
    "Grenier",
    "Ruche",
    "Fleuve",
    "Boussole",
    "Passerelle",
    "Semence",
    "Atelier",
    "Courtepointe",
    "Tisserand",
    "Relais",
    "Envol",
    "Ancrage",
    "Carrefour",
    "Moisson",
    "Sentier",
    "Grange",
    "Fournil",
    "Récolte",
    "Marmite",
    "Ressource",
    "Vélo",
    "Bouquinerie",
    "Friperie",
    "Table",
    "Traversée",
    "Escale",
    "Boisé",
    "Coteau",
    "Pignon",
    "Rivage",
]
QUALIFIERS = [
    "solidaire",
    "du Nord",
    "des Chenaux",
    "vert",
    "populaire",
    "du Lac",
    "de l'Est",
    "des Bois",
    "du Quartier",
    "des Artisans",
    "boréal",
    "d'entraide",
]
FAMILIES = [
    ("Coopérative de solidarité {x}", "cooperative-de-solidarite"),
    ("Coopérative de travail {x}", "cooperative-de-travail"),
    ("Coop {x}", "cooperative-de-consommateurs"),
    ("Centre de la petite enfance {x}", "obnl-a-volet-marchand"),
    ("Corporation de développement communautaire {x}", "autre"),
    ("Ressourcerie {x}", "obnl-a-volet-marchand"),
    ("Entreprise d'insertion {x} inc.", "obnl-a-volet-marchand"),
    ("Café {x}, coop de solidarité", "cooperative-de-solidarite"),
    ("Les Ateliers {x}", "obnl-a-volet-marchand"),
    ("Mutuelle {x}", "autre"),
]
SECTORS = [
    "commerce-de-detail",
    "soins-de-sante-et-assistance-sociale",
    "hebergement-et-restauration",
    "arts-spectacles-et-loisirs",
    "fabrication",
    "services-aux-entreprises",
    "autre",
]
STREETS = [
    "rue Notre-Dame",
    "rue Saint-Jacques",
    "boulevard des Forges",
    "rue Laviolette",
    "chemin du Lac",
    "avenue de la Gare",
    "rue Principale",
    "rue King Ouest",
    "rue Wellington",
]
TERRITORY_OF_CITY = {
    "Trois-Rivières": "Trois-Rivières",
    "Shawinigan": "Shawinigan",
    "La Tuque": "La Tuque",
    "Sherbrooke": "Sherbrooke",
}
REPERTOIRE_HEADER = [
    "NomEntreprise",
    "Adresse",
    "Municipalite",
    "CodePostal",
    "Territoire",
    "SiteWeb",
]
MEMBRES_HEADER = [
    "CategorieMembre",
    "NomEntreprise",
    "Type",
    "SecteurActivite",
    "Adresse",
    "Municipalite",
    "CodePostal",
    "SiteWeb",
]


@dataclass
class Org:
    name: str
    type_slug: str
    sector: str
    address: str
    municipality: str
    postal: str
    territory: str
    website: str


def municipalities(region_prefix: str) -> list[dict[str, str]]:
    with MUN.open(encoding="utf-8-sig", newline="") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["regadm"].startswith(region_prefix) and len(r["mcodpos"]) == 6
        ]
    return sorted(rows, key=lambda r: -int(r["mpopul"] or 0))[:25]


def territory(mun: dict[str, str]) -> str:
    if mun["munnom"] in TERRITORY_OF_CITY:
        return TERRITORY_OF_CITY[mun["munnom"]]
    mrc = mun["mrc"].removeprefix("MRC ").split(" (")[0]
    return mrc or mun["munnom"]


def make_orgs(rng: random.Random, region_prefix: str, n: int) -> list[Org]:
    muns = municipalities(region_prefix)
    seen: set[str] = set()
    orgs: list[Org] = []
    while len(orgs) < n:
        pattern, slug = rng.choice(FAMILIES)
        core = f"{rng.choice(CORES)} {rng.choice(QUALIFIERS)}"
        name = pattern.format(x=core)
        if name in seen:
            continue
        seen.add(name)
        # Bigger towns host more enterprises, as in the real directories.
        mun = muns[min(int(rng.expovariate(0.35)), len(muns) - 1)]
        fsa = mun["mcodpos"][:3]
        postal = f"{fsa}{rng.randint(1, 9)}{rng.choice('ABCEGHJKLMNPRSTVXY')}{rng.randint(0, 9)}"
        slugified = "".join(c for c in unicodedata.normalize("NFKD", core.lower()) if c.isalnum())
        site = rng.choice(
            ["", f"www.{slugified}.ca", f"{slugified}.coop", f"www.{slugified}.qc.ca"]
        )
        orgs.append(
            Org(
                name,
                slug,
                rng.choice(SECTORS),
                f"{rng.randint(10, 3999)} {rng.choice(STREETS)}",
                mun["munnom"],
                postal,
                territory(mun),
                site,
            )
        )
    return orgs


def variant(rng: random.Random, org: Org) -> Org:
    """The same organisation as another export spells it."""
    name = org.name
    choice = rng.randrange(4)
    if choice == 0:
        name = name.upper()
    elif choice == 1:
        name = name.replace("Coopérative", "Coop").replace("é", "e")
    elif choice == 2:
        name = name.replace("Saint", "St").rstrip(".") + (" inc." if "inc." not in name else "")
    postal = org.postal if rng.random() < 0.8 else org.postal.lower()
    return Org(
        name,
        org.type_slug,
        org.sector,
        org.address,
        org.municipality,
        postal,
        org.territory,
        org.website,
    )


def write_csv(header: list[str], rows: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def repertoire_rows(orgs: list[Org]) -> list[list[str]]:
    return [[o.name, o.address, o.municipality, o.postal, o.territory, o.website] for o in orgs]


def membres_rows(rng: random.Random, orgs: list[Org]) -> list[list[str]]:
    cat = ["Membre COLLECTIF", "Partenaire COLLECTIF"]
    return [
        [
            rng.choice(cat),
            o.name,
            o.type_slug,
            o.sector,
            o.address,
            o.municipality,
            o.postal,
            o.website,
        ]
        for o in orgs
    ]


BROKEN_REPERTOIRE = [
    # Deliberately bad rows: each must end in quarantine (or as a flagged value) with a reason.
    ["", "12 rue Principale", "Shawinigan", "G9N 1A1", "Shawinigan", ""],  # no name
    [
        "Friperie du Rivage",
        "88 rue Notre-Dame",
        "Trois-Rivières",
        "G9A 1O2",
        "Trois-Rivières",
        "",
    ],  # postal code with a forbidden letter O
    ["Atelier Pignon boréal", "5 rue du Moulin", "Ville-Inconnue", "G0X 9Z9", "Mékinac", ""],
    [
        "Coop Traversée du Nord",
        "3 rue Laviolette",
        "Trois-Rivières",
        "G9A 2B2",
        "Trois-Rivières",
        "www.traverseedunord.ca",
        "EXTRA CELL",
    ],  # a row with one cell too many
]


def land(source_id: str, name: str, body: bytes) -> None:
    for old in (LANDING / source_id).glob("*"):
        shutil.rmtree(old)
    writer = LandingZone(LANDING).writer(source_id, mode="sample", now=SAMPLE_TIME)
    writer.add_bytes(
        name, body, url=f"inbox:{name}", content_type="text/csv", fetched_at="2026-06-01T00:00:00Z"
    )
    print(writer.commit().path.relative_to(ROOT))


def main() -> None:
    rng = random.Random(20260601)
    mauricie = make_orgs(rng, "Mauricie", 140)
    estrie = make_orgs(rng, "Estrie", 70)

    rep_rows = repertoire_rows(mauricie[:120]) + BROKEN_REPERTOIRE
    rep_rows.append(rep_rows[5])  # an exact duplicate line: same record key twice
    land(
        "pes-mauricie-repertoire",
        "RepertoireEntreprises_ES.csv",
        write_csv(REPERTOIRE_HEADER, rep_rows).encode("utf-8"),
    )

    # Members: 30 organisations also in the directory (spelled differently) and 20 only here.
    members = [variant(rng, o) for o in mauricie[:30]] + mauricie[120:140]
    land(
        "pes-mauricie-membres",
        "MembresPole.csv",
        write_csv(MEMBRES_HEADER, membres_rows(rng, members)).encode("utf-8"),
    )

    # Another hub exports from Excel: cp1252, semicolons, a BOM-less header.
    land(
        "pes-estrie-repertoire",
        "repertoire-estrie.csv",
        write_csv(REPERTOIRE_HEADER, repertoire_rows(estrie), delimiter=";").encode("cp1252"),
    )


if __name__ == "__main__":
    main()
