"""Appearances of synthetic enterprises: raw source records with realistic perturbations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evaluation.entities.synthetic import Enterprise, Town, make_enterprises, strip_accents

#: Listing sources: id, share of enterprises listed, share of their records giving the NEQ.
LISTING_SOURCES = (("hub-a", 0.7, 0.0), ("hub-b", 0.5, 0.3), ("esja", 0.3, 0.0))


@dataclass
class LabelledSet:
    """Raw records per source, and the truth: member key -> enterprise, enterprise -> NEQ."""

    records: dict[str, list[dict]] = field(default_factory=dict)
    truth: dict[str, str] = field(default_factory=dict)
    true_neq: dict[str, str | None] = field(default_factory=dict)


def legal_name(e: Enterprise, core: str | None = None) -> str:
    core = core or e.core
    return {
        "coop": f"Coopérative de solidarité {core}",
        "cpe": f"Centre de la petite enfance {core} inc.",
        "fondation": f"Fondation {core}",
        "ste": f"{core} inc.",
        "obnl": f"{core} (OBNL)",
    }.get(e.family, core)


def listed_name(rng: random.Random, e: Enterprise) -> str:
    core = e.former_core if e.former_core and rng.random() < 0.5 else e.core
    variants = {
        "coop": [
            f"Coop {core}",
            f"Coop de solidarité {core}",
            f"{core}, coopérative de solidarité",
            f"Coopérative de solidarité {core}",
        ],
        "cpe": [f"CPE {core}", f"C.P.E. {core}", f"Centre de la petite enfance {core}"],
        "fondation": [f"Fondation {core}"],
        "ste": [core, f"{core} inc.", f"{core} Inc"],
        "obnl": [core, f"{core} OBNL", f"{core} inc."],
        "": [core, f"{core} ltée" if rng.random() < 0.3 else core],
    }[e.family]
    return rng.choice(variants)


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long_ = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long_:
        return text
    i = rng.choice(long_)
    w, j = words[i], rng.randint(1, len(words[i]) - 2)
    words[i] = rng.choice(
        [
            w[:j] + w[j + 1 :],
            w[:j] + w[j + 1] + w[j] + w[j + 2 :],
            w[:j] + rng.choice("aeinrst") + w[j + 1 :],
        ]
    )
    return " ".join(words)


def perturb(rng: random.Random, text: str, typo: float = 0.1) -> str:
    """Case, accents, Saint/St and typo noise on a name."""
    if rng.random() < typo:
        text = _typo(rng, text)
    if rng.random() < 0.3:
        text = text.replace("Saint-", "St-").replace("Sainte-", "Ste-")
    if rng.random() < 0.25:
        text = strip_accents(text)
    if rng.random() < 0.2:
        text = text.upper()
    return text


def _address(rng: random.Random, e: Enterprise) -> str | None:
    if rng.random() < 0.1:
        return None
    kind = e.street[0] if rng.random() < 0.6 else e.street[1]
    line = (
        f"{e.civic}, {kind} {e.street[2]}"
        if rng.random() < 0.5
        else f"{e.civic} {kind} {e.street[2]}"
    )
    if e.unit and rng.random() < 0.8:
        line += rng.choice([f", bureau {e.unit}", f" #{e.unit}", f", local {e.unit}"])
    return perturb(rng, line, typo=0.05)


def _town(rng: random.Random, town: Town) -> str | None:
    if rng.random() < 0.1:
        return None
    return rng.choice(
        [town.name, town.name.upper(), strip_accents(town.name), f"{town.name} (Québec)"]
    )


def _phone(rng: random.Random, e: Enterprise) -> str | None:
    if e.phone is None or rng.random() < 0.25:
        return None
    p = e.phone
    return rng.choice(
        [
            f"({p[:3]}) {p[3:6]}-{p[6:]}",
            f"{p[:3]}-{p[3:6]}-{p[6:]} poste 2",
            f"{p[:3]}.{p[3:6]}.{p[6:]}",
            p,
        ]
    )


def listing_record(rng: random.Random, e: Enterprise, key: str, neq_share: float) -> dict:
    return {
        "record_key": key,
        "name": perturb(rng, listed_name(rng, e)),
        "address": _address(rng, e),
        "municipality": _town(rng, e.town),
        "postal_code": None
        if rng.random() < 0.2
        else rng.choice([f"{e.postal[:3]} {e.postal[3:]}", e.postal.lower()]),
        "phone": _phone(rng, e),
        "website": None
        if e.domain is None or rng.random() < 0.4
        else rng.choice(
            [f"www.{e.domain}", f"http://{e.domain}/", f"https://www.{e.domain}/accueil"]
        ),
        "neq": e.neq if rng.random() < neq_share else None,
    }


def register_record(rng: random.Random, e: Enterprise) -> dict:
    name = legal_name(e)
    moved = rng.random() < 0.15  # registered at another address (e.g. a board member's home)
    return {
        "record_key": e.neq,
        "name": name.upper() if rng.random() < 0.4 else name,
        "other_names": legal_name(e, e.former_core) if e.former_core else None,
        "neq": e.neq,
        "legal_form": {"coop": "COP"}.get(e.family, "APE"),
        "register_status": "IM",
        "address": None if moved else f"{e.civic} {e.street[0]} {e.street[2]}",
        "municipality": f"{e.town.name} (Québec)",
        "postal_code": None if moved else f"{e.postal[:3]} {e.postal[3:]}",
    }


def make_labelled_set(
    seed: int, n: int, towns: list[Town], register_noise: float = 2.0, unregistered: float = 0.1
) -> LabelledSet:
    """``n`` listed enterprises, ``register_noise * n`` register-only ones, and their records."""
    rng = random.Random(seed)
    everyone = make_enterprises(rng, int(n * (1 + register_noise)), towns)
    listed, others = everyone[:n], everyone[n:]
    out = LabelledSet(records={s: [] for s, _, _ in LISTING_SOURCES} | {"register": []})
    for e in listed:
        registered = rng.random() >= unregistered
        out.true_neq[e.truth] = e.neq if registered else None
        if registered:
            out.records["register"].append(register_record(rng, e))
            out.truth[f"register:{e.neq}"] = e.truth
        chosen = [s for s in LISTING_SOURCES if rng.random() < s[1]] or [LISTING_SOURCES[0]]
        for source_id, _, neq_share in chosen:
            key = f"{source_id}-{len(out.records[source_id]):06d}"
            out.records[source_id].append(
                listing_record(rng, e, key, neq_share if registered else 0.0)
            )
            out.truth[f"{source_id}:{key}"] = e.truth
    for e in others:
        out.true_neq[e.truth] = e.neq
        out.records["register"].append(register_record(rng, e))
        out.truth[f"register:{e.neq}"] = e.truth
    return out
