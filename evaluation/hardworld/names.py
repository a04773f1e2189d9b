"""Names of the hard world: kinds of organisation, legal names, trade names and their spellings.

Every name is built from word lists written for this benchmark (no real enterprise name). The
vocabulary is deliberately small, as the field's is: many organisations share a family
(« Maison des jeunes », « Centre d'action bénévole ») and a core (« Le Phare », a town name), so
natural homonyms and register namesakes arise by themselves, not only where planted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from evaluation.hardworld.places import abbreviate_saint, strip_accents
from evaluation.hardworld.vocabulary import is_person


@dataclass(frozen=True)
class Kind:
    """A family of organisations: its legal-name prefix, REQ form, short form, sector."""

    key: str
    prefix: str  # legal-name prefix; "{town}" cores are added by ``core_name``
    form: str  # REQ COD_FORME_JURI
    short: str | None  # the hubs' short prefix (« Coop », « CPE », « CDC »), None: the core alone
    sector: str
    town_core: float  # share of names whose core is the town (« CDC de Mékinac »)
    weight: int


KINDS: list[Kind] = [
    Kind(
        "coop_solidarite",
        "Coopérative de solidarité",
        "COP",
        "Coop",
        "Services de proximité",
        0.25,
        12,
    ),
    Kind(
        "coop_travail", "Coopérative de travail", "COP", "Coop", "Services aux entreprises", 0.05, 6
    ),
    Kind(
        "coop_consommateurs",
        "Coopérative de consommateurs",
        "COP",
        "Coop",
        "Commerce de détail",
        0.3,
        3,
    ),
    Kind(
        "coop_habitation",
        "Coopérative d'habitation",
        "COP",
        "Coop d'habitation",
        "Habitation",
        0.1,
        5,
    ),
    Kind(
        "coop_funeraire",
        "Coopérative funéraire",
        "COP",
        "Coopérative funéraire",
        "Services funéraires",
        0.5,
        1,
    ),
    Kind("cpe", "Centre de la petite enfance", "APE", "CPE", "Services de garde", 0.1, 10),
    Kind(
        "cdc",
        "Corporation de développement communautaire",
        "APE",
        "CDC",
        "Développement local",
        1.0,
        2,
    ),
    Kind("mdj", "Maison des jeunes", "APE", "Maison des jeunes", "Loisirs", 0.45, 6),
    Kind("cab", "Centre d'action bénévole", "APE", "CAB", "Services sociaux", 0.6, 3),
    Kind("ressourcerie", "Ressourcerie", "APE", None, "Récupération", 0.3, 4),
    Kind(
        "insertion", "Entreprise d'insertion", "APE", None, "Insertion socioprofessionnelle", 0.0, 4
    ),
    Kind("comptoir", "Comptoir alimentaire", "APE", "Comptoir", "Alimentation", 0.6, 4),
    Kind(
        "habitation",
        "Société d'habitation communautaire",
        "APE",
        "Habitations",
        "Habitation",
        0.2,
        4,
    ),
    Kind("culture", "Théâtre", "APE", None, "Arts et culture", 0.1, 6),
    Kind("cafe", "Café", "APE", None, "Restauration", 0.05, 5),
    Kind("transport", "Transport adapté", "APE", None, "Transport", 0.7, 2),
    Kind("tourisme", "Corporation touristique", "APE", "Tourisme", "Tourisme", 1.0, 2),
    Kind("fondation", "Fondation", "APE", None, "Philanthropie", 0.1, 2),
    Kind("mutuelle", "Mutuelle de prévention", "SMU", "Mutuelle", "Assurance", 0.2, 1),
    Kind("association", "Association chasse et pêche", "ASS", None, "Loisirs", 0.9, 2),
    Kind("english", "Community Centre", "APE", None, "Services sociaux", 0.5, 2),
]

CORES = [
    "Le Phare",
    "La Ruche",
    "L'Envolée",
    "des Deux Rives",
    "du Coteau",
    "Arc-en-ciel",
    "Le Tournesol",
    "La Source",
    "du Partage",
    "l'Éclaircie",
    "des Moulins",
    "La Passerelle",
    "Le Grenier",
    "des Quatre-Vents",
    "du Vieux-Moulin",
    "La Grande Ourse",
    "du Rucher",
    "Le Relais",
    "La Boussole",
    "L'Escale",
    "Le Carrefour",
    "La Marée",
    "Le Pignon bleu",
    "des Érables",
    "du Ruisseau",
    "La Bouée",
    "L'Entraide",
    "Le Tremplin",
    "La Courtepointe",
    "des Bois-Francs",
    "du Fjord",
    "La Clé des champs",
    "Le Trait d'union",
    "La Mosaïque",
    "L'Atelier",
    "Le Boisé",
    "La Cigale",
    "Les Jardins",
    "Le Chaînon",
    "La Fourmilière",
    "Saint-Laurent",
    "Sainte-Anne",
    "Saint-Joseph",
    "Notre-Dame",
    "L'Oasis",
    "La Bonne Mine",
    "Le Marché",
    "La Friperie",
    "Le Fil d'Ariane",
    "La Vigie",
    "Le Sentier",
    "Les Bâtisseurs",
]
#: Qualifiers widen the core space (« Le Phare » → « Le Phare du Nord »), to 2 600 cores: too
#: few for 30 000 organisations, so since VERSION 5 a natural organisation takes a core no other
#: holds, an invented one once these are spent (population.py).
QUALIFIERS = [
    "bleu",
    "du Nord",
    "des Îles",
    "d'Or",
    "de l'Estuaire",
    "du Lac",
    "des Bois",
    "vert",
    "solidaire",
    "des Collines",
    "du Quartier",
    "de la Rive",
    "du Vieux-Port",
    "des Monts",
    "de la Vallée",
    "du Rang",
    "des Cantons",
    "de la Baie",
    "du Plateau",
    "des Prés",
    "de la Pointe",
    "du Village",
    "des Saules",
    "de l'Anse",
    "du Bassin",
    "des Berges",
    "de la Côte",
    "du Mont",
    "des Sources",
    "d'Antan",
    "de la Montagne",
    "du Littoral",
    "des Érablières",
    "du Centre",
    "de la Gare",
    "des Pionniers",
    "du Carré",
    "de la Seigneurie",
    "du Ruisseau",
    "des Hauts",
    "en fête",
    "d'Abord",
    "de demain",
    "de l'Est",
    "de l'Ouest",
    "du Sud",
    "des Battures",
    "des Pins",
    "du Domaine",
    "de la Traverse",
]
SYLLABLES = (
    [
        "Ber",
        "Mar",
        "Bel",
        "Mont",
        "Val",
        "Ro",
        "Du",
        "La",
        "Gar",
        "Tre",
        "Bou",
        "Pel",
        "Cha",
        "Ri",
        "Lan",
        "Fon",
        "Ver",
        "Sau",
        "Mo",
        "Gi",
    ],
    ["ge", "li", "ra", "do", "ne", "mi", "ta", "vi", "lo", "ri", "sa", "co", "pe", "bo", "nu"],
    ["ron", "lin", "ville", "court", "mont", "val", "rive", "ais", "ière", "eau", "ard", "et"],
)
NOUNS = [
    "Atelier",
    "Café",
    "Marché",
    "Jardins",
    "Cuisine",
    "Friperie",
    "Boulangerie",
    "Radio",
    "Auberge",
    "Épicerie",
    "Librairie",
    "Ferme",
    "Centre",
    "Maison",
    "Carrefour",
]
ENGLISH = [
    "Community Food Bank",
    "Seniors' Centre",
    "Youth Centre",
    "Community Garden",
    "Family Resource Centre",
    "Volunteer Centre",
]
PERSON_GIVEN = [
    "Jean",
    "Marie",
    "Luc",
    "Sylvie",
    "Pierre",
    "Nathalie",
    "Éric",
    "Josée",
    "André",
    "Hélène",
    "François",
    "Isabelle",
    "Stéphane",
    "Geneviève",
    "Michel",
    "Chantal",
]
PERSON_FAMILY = [
    "Tremblay",
    "Gagnon",
    "Roy",
    "Côté",
    "Bouchard",
    "Gauthier",
    "Morin",
    "Lavoie",
    "Fortin",
    "Gagné",
    "Ouellet",
    "Pelletier",
    "Bélanger",
    "Lévesque",
    "Bergeron",
    "Leblanc",
    "Paquette",
    "Girard",
    "Simard",
    "Boucher",
]
TRADES = [
    "Gestion",
    "Construction",
    "Transport",
    "Rénovations",
    "Services",
    "Immeubles",
    "Excavation",
    "Entretien",
    "Distribution",
    "Technologies",
    "Laboratoires",
    "Consultants",
]
COMPANY_SUFFIXES = ["inc.", "Inc.", "ltée", "Ltée", "INC.", "LTÉE", "S.E.N.C.", "enr."]


def pick_kind(rng: random.Random) -> Kind:
    return rng.choices(KINDS, [k.weight for k in KINDS])[0]


def de(town: str) -> str:
    """« de Lévis », « d'Alma », « des Chenaux », « du Granit »."""
    if town.startswith("Les "):
        return f"des {town[4:]}"
    if town.startswith("Le "):
        return f"du {town[3:]}"
    return f"d'{town}" if town[:1].upper() in "AEIOUÉÈÎ" else f"de {town}"


def core_name(rng: random.Random, kind: Kind, town: str, big_town: bool = False) -> str:
    """The distinctive part: a word-list core, a noun + core, or the town itself (rarely in a
    city: there is one « CDC de Lévis », not ten)."""
    if rng.random() < kind.town_core * (0.05 if big_town else 1.0):
        return de(town)
    core = rng.choice(CORES)
    if rng.random() < 0.75:
        core = f"{core} {rng.choice(QUALIFIERS)}"
    if kind.key in ("culture", "cafe", "ressourcerie", "insertion") and rng.random() < 0.5:
        return f"{rng.choice(NOUNS)} {core}"
    return core


def legal_name(kind: Kind, core: str) -> str:
    """The name the organisation registers (« Coopérative de solidarité Le Phare »)."""
    if kind.key == "english":
        return f"{bare_core(core)} {english_family(core)}"
    if kind.key == "insertion":
        return (
            f"{core} (entreprise d'insertion)"
            if not core.startswith(("de ", "d'"))
            else f"Atelier {core}"
        )
    return f"{kind.prefix} {core}"


def bare_core(core: str) -> str:
    """The core without its « de »/« d' » (« de Lévis » → « Lévis »)."""
    for article, replacement in (("de ", ""), ("d'", ""), ("des ", "Les "), ("du ", "Le ")):
        if core.startswith(article):
            return replacement + core[len(article) :]
    return core


def english_family(core: str) -> str:
    """A stable English family per core (« Lévis Community Food Bank »)."""
    return ENGLISH[sum(map(ord, core)) % len(ENGLISH)]


def trade_name(rng: random.Random, kind: Kind, core: str) -> str:
    """The short name hubs and buyers use (« Coop Le Phare », « CDC de Mékinac », « La Ruche »)."""
    if kind.key == "english":
        return legal_name(kind, core)
    bare = bare_core(core)
    if kind.short and (kind.town_core and core.startswith(("de ", "d'"))):
        return f"{kind.short} {bare}" if rng.random() < 0.6 else f"{kind.short} {core}"
    if kind.short and rng.random() < 0.6:
        return f"{kind.short} {bare}"
    if is_person(core):  # « Pauline Perron » alone would name a person, not a body
        return legal_name(kind, core)
    return bare[:1].upper() + bare[1:]


def register_spelling(rng: random.Random, name: str, form: str) -> str:
    """How the register holds a legal name: capitals for about half, « inc. » on some NPOs."""
    out = name
    if form == "APE" and rng.random() < 0.25:
        out += rng.choice([" inc.", " INC.", ", inc."])
    if rng.random() < 0.5:
        out = out.upper()
    return out


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip: a dropped, doubled or swapped letter inside a word."""
    letters = [i for i, c in enumerate(text) if c.isalpha()]
    if len(letters) < 6:
        return text
    i = rng.choice(letters[2:-1])
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1 :]
    if op < 0.7:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def hub_spelling(rng: random.Random, name: str) -> tuple[str, list[str]]:
    """A hub's rendering of a name, and the perturbations applied (for the truth file)."""
    applied = []
    if rng.random() < 0.12:
        name, _ = strip_accents(name), applied.append("accents_dropped")
    if rng.random() < 0.1:
        name, _ = abbreviate_saint(name), applied.append("saint_abbrev")
    if rng.random() < 0.05:
        name, _ = typo(rng, name), applied.append("typo")
    if rng.random() < 0.04:
        name, _ = name.upper(), applied.append("capitals")
    return name, applied


#: Share of supplier names over 32 characters a buyer's system cuts (see supplier_spelling).
TRUNCATION_RATE = 0.02


def supplier_spelling(rng: random.Random, legal: str, trade: str) -> tuple[str, list[str]]:
    """A buyer's ERP rendering of a supplier: capitals without accents, truncated, « INC. »."""
    base = legal if rng.random() < 0.7 else trade
    applied = ["trade_name"] if base is trade and trade != legal else []
    roll = rng.random()
    if roll < 0.45:
        base, _ = strip_accents(base).upper(), applied.append("capitals_no_accents")
    elif roll < 0.6:
        base, _ = base.upper(), applied.append("capitals")
    if rng.random() < 0.12:
        base, _ = base.rstrip(".") + " INC.", applied.append("inc_added")
    # Cut at 30 characters: 2 % of long names, the upper bound of what the real samples show
    # (none of the 161 distinct names over 32 characters in ../shared/data/real — Montréal's
    # officials' contracts 2014-2015, SEAO rows of the eight cities — is cut; names of 74 and
    # 96 characters are published whole). It was 10 %, five times that bound.
    if rng.random() < TRUNCATION_RATE and len(base) > 32:
        base, _ = base[:30].rstrip(), applied.append("truncated")
    if rng.random() < 0.06:
        base, _ = abbreviate_saint(base), applied.append("saint_abbrev")
    if rng.random() < 0.03:
        base, _ = typo(rng, base), applied.append("typo")
    return base, applied


def person_name(rng: random.Random) -> tuple[str, str]:
    """A natural person: (given, family)."""
    return rng.choice(PERSON_GIVEN), rng.choice(PERSON_FAMILY)


def person_supplier(rng: random.Random, given: str, family: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{family}, {given}".upper()
    if roll < 0.7:
        return f"{given} {family}"
    return strip_accents(f"{family} {given}").upper()


def company_name(rng: random.Random, town: str) -> str:
    """An ordinary company (not social economy): trade + core + suffix, or a numbered company."""
    if rng.random() < 0.2:
        return f"{rng.randint(9000, 9499)}-{rng.randint(1000, 9999)} Québec inc."
    core = rng.choice([*CORES, town, rng.choice(PERSON_FAMILY)])
    return f"{rng.choice(TRADES)} {core} {rng.choice(COMPANY_SUFFIXES)}"
