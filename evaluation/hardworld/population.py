"""The listed social economy of a hard world: one ``Org`` per enterprise, with its registration.

Proportions are set from what the real Mauricie files and the issue's findings show (a tenth of
listed organisations not registered, a quarter whose head office is not the listed site, about
half of register names in capitals); they are constants here, not tuned to any score.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata

from evaluation.hardworld.model import Address, Org, Registration, new_address
from evaluation.hardworld.names import (
    CORES,
    NOUNS,
    QUALIFIERS,
    SYLLABLES,
    Kind,
    bare_core,
    core_name,
    de,
    legal_name,
    register_spelling,
    trade_name,
)
from evaluation.hardworld.neqs import NeqAllocator
from evaluation.hardworld.places import Town, postal_in
from evaluation.hardworld.vocabulary import composed_core

AREA_CODES = {
    "06": ["514", "438"],
    "13": ["450"],
    "16": ["450", "579"],
    "07": ["819"],
    "05": ["819"],
    "04": ["819"],
    "03": ["418", "581"],
    "12": ["418"],
}
NOT_REGISTERED = 0.08  # listed, no NEQ (collectives, projects, too new)
HEAD_OFFICE_ELSEWHERE = 0.25
OTHER_NAME = 0.4  # the trade name recorded as an « autre nom » in Nom.csv
FORMER_NAME = 0.1


def core_identity(kind: str, core: str, town: str) -> str:
    """What two organisations may not share: the core less case, accents and article
    (« Le Phare » under any kind), but their town's name per kind (« CDC de Mékinac » and « Coop
    de Mékinac » coexist in the real extract)."""
    folded = slug(bare_core(core))
    return f"{kind}|{folded}" if core == de(town) else folded


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


#: Every core the small vocabulary can draw (town names aside): a composed core is none of them,
#: or a later draw from the vocabulary would find it taken and the shared stream would change.
VOCABULARY = frozenset(
    slug(bare_core(f"{noun}{core}{qualifier}"))
    for core in CORES
    for qualifier in ("", *(f" {q}" for q in QUALIFIERS))
    for noun in ("", *(f"{n} " for n in NOUNS))
)


def phone(rng: random.Random, town: Town) -> str:
    area = rng.choice(AREA_CODES.get(town.region, ["819", "418", "450"]))
    return f"{area} {rng.randint(200, 989)}-{rng.randint(0, 9999):04d}"


def own_website(rng: random.Random, trade: str) -> str:
    tld = rng.choice([".org", ".ca", ".coop", ".qc.ca", ".com"])
    www = "www." if rng.random() < 0.6 else ""
    return f"https://{www}{slug(trade)[:40]}{tld}"


class Population:
    """Builds orgs one by one; every helper takes the shared random stream."""

    def __init__(
        self,
        rng: random.Random,
        towns: list[Town],
        weights: list[float],
        cores_rng: random.Random | None = None,
    ):
        self.rng, self.towns, self.weights = rng, towns, weights
        # composed cores draw from their own stream, so the shared one runs as in VERSION 5
        self.cores_rng = cores_rng or random.Random("cores")
        self.composed = 0  # organisations past the vocabulary, with a composed core
        self.cum_weights = list(itertools.accumulate(weights))  # choices() would redo it per call
        self.neqs = NeqAllocator(rng)
        self.orgs: list[Org] = []
        self.by_town: dict[str, list[Org]] = {}
        self.names_in_town: set[tuple[str, str]] = set()
        self.cores_in_force: set[str] = set()

    def town(self) -> Town:
        return self.rng.choices(self.towns, cum_weights=self.cum_weights)[0]

    def eid(self, prefix: str = "E") -> str:
        return f"{prefix}{len(self.orgs) + 1:07d}"

    def address(self, town: Town) -> Address:
        return new_address(self.rng, town, postal_in(self.rng, town))

    def registration(
        self, org_name: str, form: str, head: Address, status: str = "IM", **extra: object
    ) -> Registration:
        rng = self.rng
        upper = rng.random() < 0.5
        name = register_spelling(rng, org_name, form)
        year = rng.randint(1975, 2022)
        return Registration(
            neq=self.neqs.new(),
            form=form,
            status=status,
            name=name,
            head=head,
            upper=upper,
            registered=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            **extra,  # type: ignore[arg-type]
        )

    def add(self, org: Org) -> Org:
        self.orgs.append(org)
        self.by_town.setdefault(org.town.code, []).append(org)
        return org

    def enterprise(
        self,
        kind: Kind,
        town: Town | None = None,
        core: str | None = None,
        listed: bool = True,
        site: Address | None = None,
        registered: bool | None = None,
        phenomena: tuple[str, ...] = (),
    ) -> Org:
        """One social economy enterprise with its site, registration, website and phone."""
        rng = self.rng
        town = town or self.town()
        if core is None:
            core = self._free_core(kind, town)
        legal, trade = legal_name(kind, core), trade_name(rng, kind, core)
        self.names_in_town.add((legal, town.code))
        self.cores_in_force.add(core_identity(kind.key, core, town.name))
        site = site or self.address(town)
        org = Org(self.eid(), "se", kind.key, legal, trade, town, site, listed=listed)
        org.phenomena.extend(phenomena)
        if registered is None:
            registered = not listed or kind.form == "COP" or rng.random() > NOT_REGISTERED
        if registered:
            org.registration = self._own_registration(org, kind)
        else:
            org.phenomena.append("not_registered")
        roll = rng.random()
        if roll < 0.5:
            org.website = own_website(rng, trade)
        elif roll < 0.62:
            org.website = f"https://www.facebook.com/{slug(trade).replace('-', '')[:30]}"
            org.phenomena.append("shared_host_facebook")
        elif roll < 0.66:
            org.website = f"https://{slug(trade)[:30]}.wixsite.com/accueil"
            org.phenomena.append("shared_host_webhost")
        org.phone = phone(rng, town) if rng.random() < 0.75 else None
        if kind.key == "english":
            org.phenomena.append("english_name")
        return self.add(org)

    def _free_core(self, kind: Kind, town: Town) -> str:
        """A core no organisation holds yet (VERSION 5): one town rarely has two organisations
        of one name, and Québec's register none of two active co-ops or non-profits — nor, in
        the real data, two unrelated bodies sharing a name's core (unique_names.py). Once the
        small vocabulary is spent, a composed core of ordinary words (VERSION 6,
        vocabulary.py). Planted cases (homonyms, degenerate pairs) pass their core explicitly."""
        rng = self.rng
        core = core_name(rng, kind, town.name, big_town=town.population > 50_000)
        for _ in range(5):
            if self._free(kind, town, core):
                return core
            core = core_name(rng, kind, town.name, big_town=True)
        if core_identity(kind.key, core, town.name) not in self.cores_in_force:
            return core
        # VERSION 5's invented word, drawn and reserved only to keep the shared stream (and so
        # every other file) as it was; the organisation takes a composed core instead
        while core_identity(kind.key, core, town.name) in self.cores_in_force:
            core = "".join(rng.choice(part) for part in SYLLABLES)
            if rng.random() < 0.5:
                core = f"{core} {rng.choice(QUALIFIERS)}"
        self.cores_in_force.add(core_identity(kind.key, core, town.name))
        core = composed_core(self.cores_rng)
        while not self._free(kind, town, core) or slug(bare_core(core)) in VOCABULARY:
            core = composed_core(self.cores_rng)
        self.composed += 1
        return core

    def _free(self, kind: Kind, town: Town, core: str) -> bool:
        return (legal_name(kind, core), town.code) not in self.names_in_town and (
            core_identity(kind.key, core, town.name) not in self.cores_in_force
        )

    def _own_registration(self, org: Org, kind: Kind) -> Registration:
        rng = self.rng
        assert org.site is not None
        head, sites = org.site, ()
        if rng.random() < HEAD_OFFICE_ELSEWHERE:
            same_town = rng.random() < 0.6
            head = self.address(org.town if same_town else self.town())
            org.phenomena.append("head_office_elsewhere")
            if rng.random() < 0.85:
                sites = (org.site,)
                org.phenomena.append("site_in_etablissements")
        others = (org.trade,) if rng.random() < OTHER_NAME and org.trade != org.name else ()
        if others:
            org.phenomena.append("trade_name_in_register")
        formers = ()
        if rng.random() < FORMER_NAME:
            short = f"{kind.short} " if kind.short else ""
            formers = (f"{kind.prefix} {org.trade.removeprefix(short)} {org.town.name}".upper(),)
            org.phenomena.append("former_name")
        foreign = None
        if kind.key == "english":
            foreign = f"Centre communautaire {org.trade}"
        if org.site and (org.site.unit or org.site.po_box):
            org.phenomena.append("unit_or_po_box")
        return self.registration(
            org.name,
            kind.form,
            head,
            other_names=others,
            former_names=formers,
            foreign_name=foreign,
            sites=sites,
        )
