"""A seeded world for `esq match`: social economy enterprises (a warehouse's ``enterprises``)
and a city's payment list whose suppliers are written the way finance systems hold them.

Enterprises: a family (coopérative de travail, CPE, ressourcerie …) and one or two invented
distinctive words, a NEQ for most, a town and postal code; a few share their distinctive words
with another family (« Fondation X » beside « Coop X »). Payment rows: about one in five paid to
a social economy enterprise, written in capitals without accents, with « INC. » added, with
« Coop » for « Coopérative », truncated at 35 characters, with a typo, or with its NEQ; the rest
paid to ordinary companies (some sharing a word with an enterprise) and to natural persons.
The truth is each row's enterprise id (empty when the supplier is not one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd

from esq.normalise.text import fold

FAMILIES = ["Coopérative de travail", "Coopérative de solidarité", "Centre de la petite enfance",
            "Ressourcerie", "Cuisine collective", "Entreprise d'insertion", "Les Ateliers",
            "Corporation de développement communautaire", "Mutuelle", "Fondation", ""]  # fmt: skip
COMPANY = ["Construction {} inc.", "Pavage {} ltée", "Groupe {} inc.", "Entreprises {} enr.",
           "Services {} inc.", "Transport {} ltée", "{} Technologies inc."]  # fmt: skip
TOWNS = [("Trois-Rivières", "G9A"), ("Sherbrooke", "J1H"), ("Shawinigan", "G9N"),
         ("Granby", "J2G"), ("Magog", "J1X"), ("La Tuque", "G9X"), ("Victoriaville", "G6P"),
         ("Drummondville", "J2B"), ("Louiseville", "J5V"), ("Coaticook", "J1A")]  # fmt: skip
GIVEN = ["Jean", "Marie", "Luc", "Sophie", "Pierre", "Julie", "Marc", "Nathalie", "Louis"]
SURNAMES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie"]
_ONSET = ["b", "br", "c", "ch", "d", "f", "g", "gr", "l", "m", "n", "p", "pl", "r", "s", "t", "v"]
_VOWEL = ["a", "e", "i", "o", "ou", "é", "è", "au", "an", "on"]
_CODA = ["", "", "l", "r", "n", "s", "x", "t"]


@dataclass
class SupplierWorld:
    """The enterprises (warehouse columns) and the payment list with its truth column."""

    enterprises: pd.DataFrame
    #: Fournisseur, NEQ, Ville, Montant, Date, then the truth: truth_enterprise_id and
    #: truth_done (what was done to the name: capitals, coop, suffix, truncated, typo, neq …)
    payments: pd.DataFrame


def _word(rng: random.Random) -> str:
    n = rng.choice([2, 2, 3])
    text = "".join(rng.choice(_ONSET) + rng.choice(_VOWEL) + rng.choice(_CODA) for _ in range(n))
    return text.capitalize()


def _neq(rng: random.Random) -> str:
    """A NEQ whose last 8 digits pass the Luhn check (esq.normalise.neq)."""
    from esq.normalise.neq import luhn_ok

    while True:
        digits = rng.choice(["11", "33", "22"]) + "".join(
            rng.choice("0123456789") for _ in range(8)
        )
        if luhn_ok(digits[2:]):
            return digits


def _enterprises(rng: random.Random, n: int) -> pd.DataFrame:
    words: set[str] = set()
    rows = []
    while len(rows) < n:
        core = " ".join(_word(rng) for _ in range(rng.choice([1, 2, 2])))
        if fold(core) in words:
            continue
        words.add(fold(core))
        families = [rng.choice(FAMILIES)]
        if rng.random() < 0.03:  # a namesake of another kind (a foundation beside a co-op)
            families.append("Fondation" if families[0] != "Fondation" else "Coopérative de travail")
        for family in families:
            town, fsa = rng.choice(TOWNS)
            eid = f"E{len(rows):06d}"
            rows.append({
                "enterprise_id": eid, "name": f"{family} {core}".strip(), "other_names": None,
                "neq": _neq(rng) if rng.random() < 0.7 else None, "legal_form": None,
                "social_economy_basis": rng.choice(["listed", "legal_form", "both"]),
                "address": None, "municipality": town,
                "postal_code": f"{fsa} {rng.randint(1, 9)}A{rng.randint(1, 9)}",
                "region_code": None, "mrc": None, "sector": None, "website": None,
                "register_status": None,
            })  # fmt: skip
    return pd.DataFrame(rows[:n])


def _messy(rng: random.Random, name: str) -> tuple[str, list[str]]:
    """A finance system's spelling of a name, and what was done to it."""
    text, done = name, []
    if text.startswith("Coopérative") and rng.random() < 0.4:
        text, done = "Coop" + text[len("Coopérative") :], [*done, "coop"]
    if rng.random() < 0.5:
        text, done = fold(text).upper(), [*done, "capitals"]
    if rng.random() < 0.2:
        text += rng.choice([" INC.", " inc", " (OBNL)", " ENR."])
        done.append("suffix")
    if rng.random() < 0.1 and len(text) > 35:
        text, done = text[:35], [*done, "truncated"]
    if rng.random() < 0.1:
        i = rng.randrange(len(text) - 1)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        done.append("typo")
    return text, done


def make_world(seed: int = 1, enterprises: int = 3000, rows: int = 3000) -> SupplierWorld:
    """The seeded world (module docstring)."""
    rng = random.Random(seed)
    ent = _enterprises(rng, enterprises)
    recs = ent.to_dict("records")
    companies = [rng.choice(COMPANY).format(_word(rng)) for _ in range(max(rows // 10, 10))]
    for _ in range(len(companies) // 10):  # ordinary companies sharing an enterprise's word
        core = rng.choice(recs)["name"].split()[-1]
        companies.append(rng.choice(COMPANY).format(core))
    se_suppliers = rng.sample(recs, min(len(recs), max(rows // 15, 1)))
    out = []
    for _ in range(rows):
        roll = rng.random()
        date = f"{rng.choice([2023, 2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        amount = round(rng.lognormvariate(8, 1.2), 2)
        if roll < 0.2:
            e = rng.choice(se_suppliers)
            neq = e["neq"] if e["neq"] and rng.random() < 0.3 else ""
            town = e["municipality"] if rng.random() < 0.5 else ""
            name, done = _messy(rng, e["name"])
            done += ["neq"] if neq else []
            out.append([name, neq, town, amount, date, e["enterprise_id"], " ".join(done)])
        elif roll < 0.95:
            name = rng.choice(companies)
            out.append([fold(name).upper() if rng.random() < 0.5 else name, "", "", amount,
                        date, "", "company"])  # fmt: skip
        else:
            person = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
            name = person.upper() if rng.random() < 0.5 else person
            out.append([name, "", "", amount, date, "", "person"])
    cols = ["Fournisseur", "NEQ", "Ville", "Montant", "Date", "truth_enterprise_id", "truth_done"]
    return SupplierWorld(ent, pd.DataFrame(out, columns=cols))
