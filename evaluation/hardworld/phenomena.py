"""The hard cases of issue 12, planted on top of the ordinary population at fixed rates.

Each planter names what it adds in ``Org.phenomena`` so the truth file (and the test) can say
that every phenomenon is present. Rates are per listed enterprise.
"""

from __future__ import annotations

import dataclasses
import random

from evaluation.hardworld.model import Org, Registration
from evaluation.hardworld.names import KINDS, company_name, de, person_name, pick_kind
from evaluation.hardworld.population import Population, phone, slug

KIND = {k.key: k for k in KINDS}


def shared_buildings(pop: Population, groups: int) -> None:
    """« Maison des organismes »: 2–4 organisations of one town at the anchor's civic address."""
    rng = pop.rng
    towns = [code for code, orgs in sorted(pop.by_town.items()) if len(orgs) >= 3]
    for _ in range(groups):
        if not towns:
            return
        members = [o for o in pop.by_town[rng.choice(towns)] if o.role == "se" and o.listed]
        if len(members) < 3:
            continue
        group = rng.sample(members, min(len(members), rng.randint(3, 5)))
        anchor = group[0]
        assert anchor.site is not None
        for org in group[1:]:
            unit = f"local {rng.randint(1, 30)}" if rng.random() < 0.5 else None
            org.site = dataclasses.replace(anchor.site, unit=unit)
            if org.registration and not org.registration.sites and rng.random() < 0.5:
                org.registration = dataclasses.replace(org.registration, head=org.site)
            if rng.random() < 0.3:
                org.phone = anchor.phone
                org.phenomena.append("shared_phone")
            org.phenomena.append("shared_building")
        anchor.phenomena.append("shared_building")


def shared_websites(pop: Population, groups: int) -> None:
    """One page for several organisations: a city portal page or a Desjardins caisse page."""
    rng = pop.rng
    listed = [o for o in pop.orgs if o.role == "se" and o.listed]
    for g in range(groups):
        anchor = rng.choice(listed)
        same_town = [o for o in pop.by_town[anchor.town.code] if o.role == "se" and o.listed]
        group = rng.sample(same_town, min(len(same_town), rng.randint(2, 4)))
        town = slug(anchor.town.name)
        if g % 2 == 0:
            url, tag = (
                f"https://www.ville.{town}.qc.ca/vie-communautaire/organismes",
                "shared_portal",
            )
        else:
            url, tag = (
                f"https://www.desjardins.com/caisse-{town}/engagement/",
                "shared_host_desjardins",
            )
        for org in group:
            org.website = url
            org.phenomena.append(tag)


def degenerate_pairs(pop: Population, pairs: int) -> None:
    """« Coopérative de solidarité de X » and « CDC de X », often in one building; plus the
    foundation of a health co-op, whose name contains the co-op's whole name."""
    rng = pop.rng
    for i in range(pairs):
        town = pop.town()
        coop = pop.enterprise(
            KIND["coop_solidarite"], town, core=de(town.name), phenomena=("degenerate_name",)
        )
        site = coop.site if rng.random() < 0.6 else None
        pop.enterprise(
            KIND["cdc"], town, core=de(town.name), site=site, phenomena=("degenerate_name",)
        )
        if i % 2 == 0:
            core = f"santé {de(town.name)}"
            health = pop.enterprise(
                KIND["coop_solidarite"], town, core=core, phenomena=("degenerate_name",)
            )
            found = pop.enterprise(
                KIND["fondation"],
                town,
                core=f"de la {health.name}",
                site=health.site,
                phenomena=("degenerate_name", "association_named_cooperative"),
            )
            found.trade = found.name


def association_named_cooperative(pop: Population, count: int) -> None:
    """Non-profits whose name says « coopératives » (a federation, a housing co-op group)."""
    for _ in range(count):
        town = pop.town()
        org = pop.enterprise(KIND["habitation"], town, phenomena=("association_named_cooperative",))
        org.name = f"Association des coopératives d'habitation {de(town.name)}"
        org.trade = f"ACH {town.name}"
        if org.registration:
            reg = pop.registration(org.name, "APE", org.registration.head)
            org.registration = dataclasses.replace(reg, neq=org.registration.neq)


def legal_form_conflicts(pop: Population, count: int) -> list[Org]:
    """A co-op next to a union, an MRC next to its tourism corporation (same address)."""
    rng, members = pop.rng, []
    for i in range(count):
        town = pop.town()
        if i % 2 == 0:
            coop = pop.enterprise(KIND["coop_travail"], town, phenomena=("legal_form_conflict",))
            name = f"Syndicat des travailleuses et travailleurs {coop.trade.removeprefix('Coop ')}"
            other = Org(
                pop.eid("N"), "member_non_se", "union", name, name, town, coop.site, listed=True
            )
        else:
            tourism = pop.enterprise(
                KIND["tourisme"], town, core=de(town.mrc), phenomena=("legal_form_conflict",)
            )
            name = f"MRC {de(town.mrc)}"
            other = Org(
                pop.eid("N"), "member_non_se", "mrc", name, name, town, tourism.site, listed=True
            )
        other.phone = phone(rng, town)
        other.phenomena.append("legal_form_conflict")
        members.append(pop.add(other))
    return members


def numbered_enterprises(pop: Population, count: int) -> None:
    """Social enterprises run through a numbered company (« 9345-1234 Québec inc. »)."""
    for _ in range(count):
        org = pop.enterprise(KIND["cafe"], registered=False, phenomena=("numbered_company",))
        number = f"{pop.rng.randint(9000, 9499)}-{pop.rng.randint(1000, 9999)} Québec inc."
        assert org.site is not None
        org.registration = pop.registration(number, "CIE", org.site, other_names=(org.trade,))
        org.phenomena.remove("not_registered")


def homonyms(pop: Population, count: int) -> None:
    """Two listed organisations of the same kind and name in two towns."""
    listed = [
        o
        for o in pop.orgs
        if o.role == "se" and o.listed and o.kind not in ("english", "insertion", "cdc", "tourisme")
    ]
    for _ in range(count):
        first = pop.rng.choice(listed)
        core = (
            first.name.removeprefix(KIND[first.kind].prefix).strip() if first.kind in KIND else None
        )
        twin = pop.enterprise(KIND[first.kind], core=core or None, phenomena=("homonym",))
        twin.trade = first.trade
        first.phenomena.append("homonym")


def namesakes(
    pop: Population, rate_struck: float, rate_active: float, rate_absorbed: float
) -> None:
    """Register-only entries that share a listed enterprise's name: struck off (same town or
    not), active elsewhere, or absorbed into it (FusionScissions)."""
    rng = pop.rng
    for org in [o for o in pop.orgs if o.role == "se" and o.listed and o.registration]:
        reg = org.registration
        assert reg is not None and org.site is not None
        roll = rng.random()
        if roll < rate_struck:
            town = org.town if rng.random() < 0.5 else pop.town()
            tag = "namesake_struck_same_town" if town is org.town else "namesake_struck_other_town"
            status = rng.choice(["RD", "RO", "RD"])
            _register_only(pop, org, "namesake", town, status, tag)
        elif roll < rate_struck + rate_active:
            _register_only(pop, org, "namesake", pop.town(), "IM", "namesake_active_other_town")
        elif roll < rate_struck + rate_active + rate_absorbed:
            pred = _register_only(pop, org, "predecessor", org.town, "RX", "absorbed_predecessor")
            pred.successor = org.eid
            assert pred.registration is not None
            org.registration = dataclasses.replace(
                reg, absorbed=((pred.registration.neq, pred.registration.name),)
            )


def _register_only(pop: Population, org: Org, role: str, town, status: str, tag: str) -> Org:
    reg = org.registration
    assert reg is not None
    name = org.name if role == "namesake" else _former(org)
    head = pop.address(town)
    new = pop.registration(name, reg.form, head, status=status)
    shadow = Org(
        pop.eid("R"), role, org.kind, name, org.trade, town, head, new, namesake_of=org.eid
    )
    shadow.phenomena.append(tag)
    org.phenomena.append(tag)
    return pop.add(shadow)


def _former(org: Org) -> str:
    """The absorbed predecessor's name: the same core under an older family or a town suffix."""
    core = org.trade.removeprefix("Coop ").removeprefix("CPE ")
    return f"{KIND[org.kind].prefix if org.kind in KIND else ''} {core} {de(org.town.name)}".strip()


def unlisted(pop: Population, legal_form: int, candidates: int) -> None:
    """Active co-operatives and mutuals no source lists (enterprises by legal form) and active
    non-profits no source lists (candidates)."""
    coops = [k for k in KINDS if k.form in ("COP", "SMU")]
    npos = [k for k in KINDS if k.form in ("APE", "ASS")]
    for _ in range(legal_form):
        pop.enterprise(pop.rng.choice(coops), listed=False, phenomena=("legal_form_only",))
    for _ in range(candidates):
        pop.enterprise(pop.rng.choice(npos), listed=False, phenomena=("candidate",))


def suppliers(pop: Population, companies: int, persons: int) -> None:
    """Ordinary companies (most registered) and natural persons who supply the cities."""
    rng = pop.rng
    for _ in range(companies):
        town = pop.town()
        name = company_name(rng, town.name)
        org = Org(pop.eid("C"), "company", "company", name, name, town, pop.address(town))
        if rng.random() < 0.8:
            form = "CIE" if not name.endswith(("S.E.N.C.", "enr.")) else "SENC"
            org.registration = pop.registration(name, form, org.site)  # type: ignore[arg-type]
        if name[:1].isdigit():
            org.phenomena.append("numbered_company")
        pop.add(org)
    for _ in range(persons):
        given, family = person_name(rng)
        town = pop.town()
        org = Org(pop.eid("P"), "person", "person", f"{given} {family}", family, town)
        org.phenomena.append("natural_person")
        pop.add(org)


def plant_all(pop: Population, n_listed: int) -> list[Org]:
    """Every planted phenomenon at its rate; returns the non-social-economy hub members."""
    k = max(1, n_listed // 100)
    shared_buildings(pop, 3 * k)
    shared_websites(pop, k)
    degenerate_pairs(pop, k)
    association_named_cooperative(pop, max(1, k // 2))
    members = legal_form_conflicts(pop, 2 * k)
    numbered_enterprises(pop, k)
    homonyms(pop, 2 * k)
    namesakes(pop, rate_struck=0.12, rate_active=0.04, rate_absorbed=0.04)
    return members


def new_population(
    rng: random.Random, towns, weights, n_listed: int, seed: int | str = 0
) -> Population:
    """The whole world of organisations for ``n_listed`` listed enterprises; ``seed`` seeds
    the composed cores' own stream (VERSION 6)."""
    pop = Population(rng, towns, weights, random.Random(f"cores/{seed}"))
    base = n_listed - n_listed // 100 * 9  # the planted cases bring the rest
    for _ in range(base):
        pop.enterprise(pick_kind(rng))
    plant_all(pop, n_listed)
    unlisted(pop, legal_form=n_listed // 6, candidates=n_listed // 3)
    suppliers(pop, companies=n_listed, persons=n_listed // 10)
    return pop


__all__ = ["Registration", "new_population"]
