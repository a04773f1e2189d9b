"""Which hub lists which organisation, and how each one writes it.

Four regional exports and one province-wide directory, as in the field: hub A publishes a
répertoire and a members file (CSV, the Mauricie layouts), hub B an XLSX export, hub C an ArcGIS
layer, and a directory (HTML list + detail pages, like ESJA) lists about a third of everyone.
Overlaps are the point: an enterprise is written differently by each source that lists it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from evaluation.hardworld.model import Org
from evaluation.hardworld.names import hub_spelling
from evaluation.hardworld.neqs import bad_check_digit
from evaluation.hardworld.places import postal_in, strip_accents, town_spelling

HUB_OF_REGION = {
    **dict.fromkeys(["01", "02", "03", "04", "09", "11", "12", "17"], "a"),
    **dict.fromkeys(["06", "13", "14", "15", "16"], "b"),
    **dict.fromkeys(["05", "07", "08", "10"], "c"),
}
SOURCES = {
    "a": "hw-pole-a-repertoire",
    "a_members": "hw-pole-a-membres",
    "b": "hw-pole-b-export",
    "c": "hw-organismes-arcgis",
    "dir": "hw-repertoire-html",
}
TYPE_LABEL = {
    "COP": "Coopérative",
    "APE": "OBNL",
    "ASS": "Association",
    "SMU": "Mutuelle",
    "CIE": "Entreprise à propriété collective",
}


@dataclass
class Listing:
    """One record of one source, with the fields as the source writes them."""

    source: str  # key of SOURCES
    eid: str
    fields: dict[str, str | None]
    phenomena: list[str] = field(default_factory=list)


def _name(rng: random.Random, org: Org) -> tuple[str, list[str]]:
    roll = rng.random()
    if org.kind == "english" and org.registration and org.registration.foreign_name and roll < 0.3:
        name = org.registration.foreign_name
    elif roll < 0.45:
        name = org.name
    elif roll < 0.9:
        name = org.trade
    else:
        name = org.registration.name if org.registration else org.name
    name, applied = hub_spelling(rng, name)
    return name, applied + (["trade_name"] if name == org.trade and org.trade != org.name else [])


def _website(rng: random.Random, url: str | None) -> str | None:
    if not url or rng.random() < 0.2:
        return None
    roll = rng.random()
    if roll < 0.3:
        return url.removeprefix("https://")
    if roll < 0.45:
        return url.replace("https://www.", "http://") + "/"
    return url


def _phone(rng: random.Random, phone: str | None) -> str | None:
    if not phone or rng.random() < 0.15:
        return None
    area, rest = phone.split(" ", 1)
    roll = rng.random()
    if roll < 0.3:
        return f"({area}) {rest}"
    if roll < 0.5:
        return f"{area}-{rest}"
    if roll < 0.6:
        return f"{area} {rest} poste {rng.randint(1, 40)}"
    return phone


def listing_fields(rng: random.Random, org: Org) -> tuple[dict[str, str | None], list[str]]:
    """The common fields of one listing of ``org``: name, address, town, postal code, web, phone."""
    site = org.site
    assert site is not None
    name, applied = _name(rng, org)
    if org.registration and "head_office_elsewhere" in org.phenomena and rng.random() < 0.1:
        site = org.registration.head  # some hubs copy the register's address
        applied.append("hub_lists_head_office")
    address, addr_applied = (
        site.hub_line(rng) if rng.random() > 0.08 else (None, ["address_missing"])
    )
    postal: str | None = site.postal
    roll = rng.random()
    if roll < 0.1:
        postal, _ = None, applied.append("postal_missing")
    elif roll < 0.13:
        postal, _ = postal_in(rng, site.town), applied.append("postal_wrong")
    elif roll < 0.3:
        postal = postal.replace(" ", "")
    town = town_spelling(rng, site.town.name)
    if town != site.town.name:
        applied.append("town_spelling")
    return {
        "name": name,
        "address": address,
        "municipality": town,
        "postal_code": postal,
        "website": _website(rng, org.website),
        "phone": _phone(rng, org.phone),
        "legal_form": TYPE_LABEL.get(org.registration.form if org.registration else "APE", "OBNL")
        if org.role == "se"
        else {"mrc": "Organisme municipal", "union": "Syndicat"}.get(org.kind, "Autre"),
        "sector": None,
        "territory": site.town.mrc,
    }, applied + addr_applied


def _neq_for_directory(rng: random.Random, org: Org) -> tuple[str | None, list[str]]:
    if not org.neq or rng.random() < 0.5:
        return None, []
    if rng.random() < 0.04:
        return bad_check_digit(org.neq), ["neq_bad_check_digit"]
    return org.neq, ["neq_given"]


def choose_listings(rng: random.Random, orgs: list[Org]) -> list[Listing]:
    """Every listing of every listed organisation (each listed at least once)."""
    out: list[Listing] = []
    for org in orgs:
        if not org.listed:
            continue
        hub = HUB_OF_REGION.get(org.town.region, "a")
        sources = []
        if org.role == "member_non_se":
            sources = ["a_members" if hub == "a" else hub]
        else:
            if rng.random() < 0.85:
                sources.append(hub)
            if hub == "a" and rng.random() < 0.4:
                sources.append("a_members")
            if rng.random() < 0.35 or not sources:
                sources.append("dir")
        for source in sources:
            fields, applied = listing_fields(rng, org)
            if source == "dir":
                fields["neq"], extra = _neq_for_directory(rng, org)
                applied += extra
            if source == "a_members" and rng.random() < 0.1:
                fields["name"] = strip_accents(fields["name"] or "").upper()
                applied.append("capitals_no_accents")
            out.append(Listing(source, org.eid, fields, applied))
    return out
