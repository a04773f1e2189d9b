"""A synthetic world for the whole-pipeline bench: a landing zone (replay root) and a catalog.

Until the hard benchmark generator (issue 12, ``evaluation/hardworld``) is merged, worlds are
built from the existing synthetic generators: a REQ ZIP (evaluation.register.req_synthetic) of
``register`` other entities plus the ``listed`` enterprises, a hub CSV listing those with
mixed-case names (accents dropped for some, legal forms dropped), and SEAO OCDS releases of
the eight cities whose suppliers are partly listed enterprises (in capitals, no accents) and
partly other companies. Deterministic for a seed. Never imported by the product.
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from esq.catalog import load_catalog
from esq.config import REPO_ROOT, SAMPLE_LANDING
from esq.landing import LandingZone
from evaluation.contracts.seao_shape import Award, Supplier, Tender, build_package, build_release
from evaluation.register.req_synthetic import (
    _PREFIX_BY_FORM,
    _WORDS,
    Municipality,
    _address,
    listed_bundle,
    make_neq,
    read_municipalities,
    write_req_zip,
)

MAMH = "mamh-municipalites"
HUB, REQ, SEAO = "bench-hub", "req-registre", "bench-seao"
STAMP = datetime(2026, 6, 1, tzinfo=UTC)
CITIES = ["Montréal", "Québec", "Laval", "Gatineau", "Longueuil", "Sherbrooke", "Lévis"]
OTHER = ["GESTION", "CONSTRUCTION", "TRANSPORT", "SERVICES", "LOCATION", "EXCAVATION"]
# Invented syllables keep names distinct at 20 000 enterprises (the word lists alone repeat).
SYLLABLES = ["ba", "lo", "mi", "ter", "vo", "ra", "ne", "qui", "sau", "del", "mar", "chi", "po"]


@dataclass(frozen=True)
class WorldSize:
    listed: int
    register: int
    contracts: int


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).upper()


def _hub_name(rng: random.Random, legal: str) -> str:
    """How a hub writes a register name: mixed case, sometimes without accents."""
    shown = legal.title().replace("'S", "'s")
    return _fold(shown) if rng.random() < 0.3 else shown


def _entry(root: Path, source_id: str, files: dict[str, bytes]) -> None:
    writer = LandingZone(root).writer(source_id, mode="replay", now=STAMP)
    with writer:
        for name, body in files.items():
            writer.add_bytes(name, body)
        writer.commit("success")


def make_world(target: Path, size: WorldSize, seed: int = 0) -> Path:
    """Write ``target/landing`` (a replay root) and ``target/catalog.yaml``; returns target."""
    rng = random.Random(seed)
    landing = target / "landing"
    shutil.rmtree(target, ignore_errors=True)
    landing.mkdir(parents=True)
    shutil.copytree(SAMPLE_LANDING / MAMH, landing / MAMH)
    mun_csv = next((landing / MAMH).glob("*/files/*"))
    towns: list[Municipality] = read_municipalities(mun_csv)
    taken: set[str] = set()
    listed, bundles = [], []
    for _ in range(size.listed):
        form = rng.choice(["APE", "APE", "COP", "ASS"])
        town = rng.choice(towns)
        legal = f"{rng.choice(_PREFIX_BY_FORM[form])} {rng.choice(_WORDS)} {_coined(rng)}"
        neq, adr = make_neq(rng, taken), _address(rng, town)
        bundles.append(listed_bundle(neq, legal, form, adr))
        listed.append((legal, adr, town))
    zip_path = target / "req.zip"
    write_req_zip(zip_path, size.register, seed, towns, extra=bundles)
    _entry(landing, REQ, {"req.zip": zip_path.read_bytes()})
    zip_path.unlink()

    out = io.StringIO()
    hub = csv.writer(out)
    hub.writerow(
        ["NomEntreprise", "Adresse", "Municipalite", "CodePostal", "Territoire", "SiteWeb"]
    )
    for legal, adr, town in listed:
        hub.writerow([_hub_name(rng, legal), adr[0], town.name, adr[3], "", ""])
    _entry(landing, HUB, {"hub.csv": out.getvalue().encode()})

    releases = []
    for i in range(size.contracts):
        if rng.random() < 0.3:
            legal, _, town = rng.choice(listed)
            supplier = Supplier(_fold(legal), locality=town.name, region="QC")
        else:
            name = f"{rng.choice(OTHER)} {_coined(rng)} INC."
            supplier = Supplier(name, locality=rng.choice(towns).name, region="QC")
        moment = STAMP - timedelta(days=rng.randint(1, 700))
        award = Award(f"B{i}-1", moment, float(rng.randint(5, 500) * 1000), supplier)
        tender = Tender(f"T{i}", "Services (bench)", "S3 - Services")
        releases.append(build_release(notice=f"B{i:07d}", moment=moment, tag="award",
                                      buyer=f"Ville de {rng.choice(CITIES)}", tender=tender,
                                      awards=[award]))  # fmt: skip
    package = build_package(releases, "bench", STAMP, "esq bench (synthetic)")
    _entry(landing, SEAO, {"hebdo_bench.json": json.dumps(package, ensure_ascii=False).encode()})
    write_catalog(target / "catalog.yaml")
    return target


def write_catalog(path: Path) -> None:
    """The sample catalog's municipalities, hub, register and SEAO entries, renamed."""
    catalog = load_catalog(REPO_ROOT / "catalog" / "sources.yaml")
    by_id = {s.id: s.model_dump(mode="json", exclude_none=True) for s in catalog.sources}
    hub = {**by_id["pes-mauricie-repertoire"], "id": HUB, "record_key": ["NomEntreprise"]}
    hub.pop("region", None)
    seao = {**by_id["seao-contrats"], "id": SEAO}  # the endpoint is not read in replay mode
    sources = [by_id[MAMH], hub, by_id[REQ], seao]
    path.write_text(yaml.safe_dump({"version": 1, "sources": sources}, allow_unicode=True))
