"""Composed name cores, for organisations past the small vocabulary of names.py (VERSION 6).

Real registrations are unique without invented words: they combine ordinary ones — a person
(« CPE Marie-Lune », « Fondation Jean-Paul Riopelle »), a place or feature (« Coopérative de
solidarité du Lac-aux-Sables »), a noun phrase (« Le Jardin des Saules », « L'Arbre enchanté »).
So, once names.CORES × QUALIFIERS is spent, a core is drawn from these written lists (given
names, common Québec family names, nouns, complements, features): as ordinary as the field's,
so a matcher cannot lean on a rare invented word. The lists are this benchmark's own.
"""

from __future__ import annotations

import random

GIVEN_M = (  # noqa: SIM905 (a list, one word a name)
    "Jean Pierre Paul Jacques Louis André Michel Claude Marcel Gilles Gaston Roger Yvon Réal "
    "Guy Denis Daniel Alain Serge Luc Marc Richard Robert Normand Raymond Fernand Henri Émile "
    "Joseph Georges Lucien Rosaire Armand Léo Maurice Gérard Roland Benoît Sylvain Martin "
    "Mathieu Simon Olivier Félix Antoine Gabriel Samuel Étienne Hugo Rémi Philippe Vincent "
    "Mario Yves Jocelyn Réjean Rodrigue Laurent Adrien Ovide Omer Wilfrid Hector Alphonse Noël "
    "Gustave Édouard Thomas Nicolas Xavier Maxime Charles-Eugène Léon"
).split()
GIVEN_F = (  # noqa: SIM905 (a list, one word a name)
    "Marie Anne Louise Jeanne Thérèse Monique Lise Francine Nicole Diane Suzanne Ginette "
    "Huguette Micheline Denise Carmen Lucie Claire Hélène Johanne Manon Nathalie Julie Isabelle "
    "Geneviève Catherine Josée Chantal Sylvie Martine Céline Pauline Rita Yvette Gisèle Rose "
    "Cécile Jacqueline Madeleine Gabrielle Simone Émilie Camille Léa Chloé Florence Juliette "
    "Alice Béatrice Éliane Agathe Germaine Bernadette Laurence Rosalie Sophie Mélanie Annie "
    "Véronique Caroline Andrée Colette Georgette Irène Yolande Solange Odette Aurore Blanche"
).split()
#: Second halves of compound given names, per gender (« Marie-Lune », « Jean-Noël »).
SECOND_M = ["Noël", "Paul", "Pierre", "Claude", "Luc", "Guy", "Marc", "Philippe", "Marie", "Yves"]
SECOND_F = ["Lune", "Soleil", "Ève", "Claude", "Marie", "Anne", "France", "Josée", "Hélène"]
SECOND_F += ["Christine", "Andrée", "Louise", "Rose", "Claire"]
FAMILY = (  # noqa: SIM905 (a list, one word a name)
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier "
    "Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier "
    "Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin "
    "Landry Martel Bédard Grenier Lessard Bernier Richard Michaud Hébert Desjardins Couture "
    "Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin Demers Perreault Boudreau "
    "Lemieux Cyr Perron Dufour Dion Mercier Bolduc Bérubé Boisvert Langlois Marcoux Plante "
    "Picard Labelle Thériault Rioux Champagne Trudel Riopelle Vachon Asselin Duchesne Jolicoeur "
    "Lafleur Laroche Marchand Vaillancourt Charbonneau Desrosiers Brassard Guay Huard Lajoie "
    "Lacasse Tanguay Doucet Giguère Fréchette Rivard Laflamme Provencher Veilleux Tessier"
).split()
#: Nouns with their article and gender (m, f; plural: mp, fp).
NOUNS = (
    ("Le Jardin", "m"), ("L'Arbre", "m"), ("Les Ateliers", "mp"), ("La Maison", "f"),
    ("Le Nid", "m"), ("La Clairière", "f"), ("Le Verger", "m"), ("La Fontaine", "f"),
    ("Le Rocher", "m"), ("La Colline", "f"), ("Le Moulin", "m"), ("La Grange", "f"),
    ("Le Quai", "m"), ("La Cabane", "f"), ("Le Sentier", "m"), ("La Rivière", "f"),
    ("Le Pont", "m"), ("L'Étoile", "f"), ("Le Bercail", "m"), ("La Chaloupe", "f"),
    ("Le Coin", "m"), ("La Tablée", "f"), ("Le Campanile", "m"), ("La Girouette", "f"),
    ("Le Hameau", "m"), ("La Lanterne", "f"), ("Le Phénix", "m"), ("La Luciole", "f"),
    ("Le Héron", "m"), ("L'Hirondelle", "f"), ("Le Castor", "m"), ("La Mésange", "f"),
    ("Le Huard", "m"), ("La Libellule", "f"), ("Le Papillon", "m"), ("La Coccinelle", "f"),
    ("Le Bouleau", "m"), ("La Pruche", "f"), ("Le Chêne", "m"), ("L'Épinette", "f"),
    ("Le Tilleul", "m"), ("La Pomme", "f"), ("Le Bleuet", "m"), ("La Framboise", "f"),
    ("Le Cerf-volant", "m"), ("La Toupie", "f"), ("Le Carrousel", "m"), ("La Marelle", "f"),
    ("Le Petit Monde", "m"), ("La Bougie", "f"), ("Le Foyer", "m"), ("La Veilleuse", "f"),
    ("Le Grain", "m"), ("La Semence", "f"), ("Le Panier", "m"), ("La Marmite", "f"),
    ("Le Chaudron", "m"), ("La Cuillère", "f"), ("Le Comptoir", "m"), ("La Halte", "f"),
    ("Le Refuge", "m"), ("L'Abri", "m"), ("La Traversée", "f"), ("Le Radeau", "m"),
    ("La Voile", "f"), ("Le Canot", "m"), ("La Pagaie", "f"), ("L'Horizon", "m"),
    ("L'Aurore", "f"), ("Le Levant", "m"), ("La Brise", "f"), ("Le Nuage", "m"),
    ("La Rosée", "f"), ("Le Flocon", "m"), ("La Neige", "f"), ("Le Givre", "m"),
    ("Les Semailles", "fp"), ("Les Moissons", "fp"), ("Les Glaneurs", "mp"), ("Les Artisans", "mp"),
    ("Les Copains", "mp"), ("Les Complices", "mp"), ("Les Voisins", "mp"), ("Les Lucioles", "fp"),
    ("Les Petits Pas", "mp"), ("Les Trois Pommes", "fp"), ("Les Mille Pattes", "mp"),
    ("Les Bourgeons", "mp"), ("Les Racines", "fp"), ("Les Pousses", "fp"), ("Les Écureuils", "mp"),
    ("Le Trèfle", "m"), ("La Pâquerette", "f"), ("Le Muguet", "m"), ("La Capucine", "f"),
    ("Le Lilas", "m"), ("L'Églantier", "m"), ("La Vigne", "f"), ("Le Tournant", "m"),
    ("La Croisée", "f"), ("Le Perchoir", "m"), ("La Volière", "f"), ("Le Potager", "m"),
)  # fmt: skip
#: Adjectives (masculine, feminine); plurals add « s » where the word does not end in s or x.
ADJECTIVES = (
    ("enchanté", "enchantée"), ("joyeux", "joyeuse"), ("fleuri", "fleurie"),
    ("doré", "dorée"), ("ensoleillé", "ensoleillée"), ("magique", "magique"),
    ("petit", "petite"), ("grand", "grande"), ("vieux", "vieille"), ("nouveau", "nouvelle"),
    ("gourmand", "gourmande"), ("curieux", "curieuse"), ("rieur", "rieuse"),
    ("voyageur", "voyageuse"), ("enjoué", "enjouée"), ("paisible", "paisible"),
    ("lumineux", "lumineuse"), ("coloré", "colorée"), ("rouge", "rouge"), ("blanc", "blanche"),
    ("argenté", "argentée"), ("sauvage", "sauvage"), ("tranquille", "tranquille"),
    ("fraternel", "fraternelle"), ("généreux", "généreuse"), ("habité", "habitée"),
    ("animé", "animée"), ("partagé", "partagée"), ("retrouvé", "retrouvée"),
    ("câlin", "câline"), ("espiègle", "espiègle"), ("étoilé", "étoilée"),
)  # fmt: skip
#: Complements of a noun (« Le Jardin des Saules », « Les Ateliers du Rucher »).
COMPLEMENTS = tuple(
    (  # noqa: SIM905
        "des Saules|du Rucher|des Hirondelles|du Bonheur|de la Colline|des Lilas|du Ruisseau|"
        "des Petits|de l'Érable|de la Forêt|des Outardes|du Faubourg|de la Montée|des Cèdres|"
        "du Pommier|des Merisiers|des Bouleaux|de la Chute|du Pont|de Grand-Mère|du Soleil|"
        "de la Lune|des Marmots|des Moussaillons|de l'Amitié|des Copains|de la Famille|"
        "des Aînés|du Cœur|de l'Espoir|des Rêves|de la Joie|du Rivage|des Pêcheurs|"
        "de la Grange|du Clocher|de l'Église|de la Fabrique|du Rang Double|des Sucres|"
        "de la Cabane|du Bûcheron|des Draveurs|des Voyageurs|du Parc|de la Place|"
        "des Artisans|du Vieux-Quai|de la Grève|des Rapides|du Portage|de la Savane|"
        "des Tourbières|du Verger|des Pommiers|de l'Étang|des Grenouilles|des Castors|"
        "des Huards|de Grand-Papa|de Mamie|du Jardinier|de la Meunière|du Forgeron|"
        "des Semeurs|de la Cordonnerie|du Presbytère|de l'Ancienne Gare|des Deux-Montagnes|"
        "des Sept-Chutes|du Petit-Bois|de la Sablière|des Framboisiers|des Bleuetières|"
        "de la Pinède|du Bocage|des Glaïeuls|des Tournesols|du Chat botté|de la Fée des Bois"
    ).split("|")
)
#: Features of a place name (« du Lac-aux-Sables », « de la Rivière-Bélanger »).
FEATURES = (
    "du Lac", "de la Rivière", "du Mont", "de la Pointe", "du Cap", "de l'Anse", "de la Baie",
    "du Ruisseau", "de l'Île", "de la Montagne", "du Rang", "de la Côte", "du Coteau",
    "de la Chute", "du Boisé", "du Domaine", "de la Savane", "du Petit-Lac", "du Grand-Lac",
)  # fmt: skip
#: Tails of a feature's name (« Lac-aux-Sables », « Pointe-aux-Outardes »).
FEATURE_TAILS = (  # noqa: SIM905 (a list, one word a name)
    "aux-Sables aux-Outardes aux-Castors aux-Pins à-la-Truite aux-Cèdres à-l'Eau-Claire "
    "aux-Bleuets aux-Hérons aux-Loutres à-la-Tortue aux-Trembles du-Portage des-Érables "
    "aux-Brochets aux-Canards à-la-Perdrix aux-Roches des-Sept-Îles aux-Foins Vert Noir "
    "Rouge Sauvage Croche"
).split()


def composed_core(rng: random.Random) -> str:
    """One composed core: a person, a feature of a place or a noun phrase."""
    roll = rng.random()
    if roll < 0.15:  # a person: « Jean-Noël Trudel », « Marie Gagnon »
        given = _given(rng)
        return given if rng.random() < 0.15 else f"{given} {rng.choice(FAMILY)}"
    if roll < 0.30:  # a feature: « du Lac-aux-Sables », « de la Rivière-Bélanger »
        tail = rng.choice(FEATURE_TAILS) if rng.random() < 0.5 else _saint_or_family(rng)
        return f"{rng.choice(FEATURES)}-{tail}"
    noun, gender = rng.choice(NOUNS)
    if rng.random() < 0.3:
        masculine, feminine = rng.choice(ADJECTIVES)
        adjective = masculine if gender.startswith("m") else feminine
        if gender.endswith("p") and not adjective.endswith(("s", "x")):
            adjective += "s"
        return f"{noun} {adjective}"
    return f"{noun} {rng.choice(COMPLEMENTS)}"


def _given(rng: random.Random) -> str:
    names, seconds = (GIVEN_M, SECOND_M) if rng.random() < 0.5 else (GIVEN_F, SECOND_F)
    given = rng.choice(names)
    if rng.random() < 0.25 and "-" not in given:
        second = rng.choice(seconds)
        given = f"{given}-{second}" if second != given else given
    return given


def is_person(core: str) -> bool:
    """Whether ``core`` names a person (« Jean-Noël Trudel », « Marie-Lune »)."""
    first, _, rest = core.partition(" ")
    given = first.split("-")[0]
    return (first in GIVEN_M or first in GIVEN_F or given in GIVEN_M or given in GIVEN_F) and (
        not rest or rest in FAMILY
    )


def _saint_or_family(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return (
            f"Saint-{rng.choice(GIVEN_M)}"
            if rng.random() < 0.6
            else (f"Sainte-{rng.choice(GIVEN_F)}")
        )
    return rng.choice(FAMILY)
