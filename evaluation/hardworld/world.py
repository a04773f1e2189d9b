"""Build a whole hard world on disk: a replay landing zone, its catalog, and the truth files.

Layout of ``out``::

    catalog.yaml                 the world's sources (same schema as catalog/sources.yaml)
    landing/<source>/<fetch>/    replay landing zone (manifest.json + files/)
    truth/listings.parquet       source_id, record_key -> true entity (eid)
    truth/entities.parquet       eid -> role, kind, NEQ, status, basis (DESIGN §3), phenomena
    truth/contracts.parquet      source_id, contract_key -> true supplier, city, amount
    truth/spend.parquet          per city: true social economy spend (and candidates', total)
    truth/suppliers.csv          the supplier list with truth (issue 17's `esq match` bench)
    world.json                   parameters, counts, phenomena tallies
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from esq.landing import LandingWriter
from esq.register.req_entries import SOCIAL_ECONOMY_FORMS
from evaluation.hardworld.catalog import write_catalog
from evaluation.hardworld.contract_files import FILE, montreal_files, seao_files
from evaluation.hardworld.contracts import make_contracts
from evaluation.hardworld.hub_files import write_hub_files
from evaluation.hardworld.listings import choose_listings
from evaluation.hardworld.phenomena import new_population
from evaluation.hardworld.places import MUN_CSV, load_towns, town_weights
from evaluation.hardworld.reqzip import write_req_zip
from evaluation.hardworld.truth import TruthWriter

FETCHED = datetime(2026, 6, 1, tzinfo=UTC)
VERSION = 6  # 2: supplier names truncated at 2 % of long names, not 10 % (names.py)
#: 3: the supplier list carries the supplier's town and postal code (vendor_file.py); every
#: other file is byte-identical to version 2's
#: 4: an active co-op or non-profit of the background register never repeats a name in force
#: (unique_names.py); only the register ZIP and the truth's background names change
#: 5: nor does a natural (not planted) organisation of the world repeat a core another holds
#: (population.py); the whole world is drawn anew
#: 6: past the small vocabulary, a composed core of ordinary words (a person, a place's feature,
#: a noun phrase: vocabulary.py) replaces VERSION 5's invented word; only names change
#: What every world must carry (issue 12); tallied in world.json, checked by the test.
REQUIRED_PHENOMENA = (
    "trade_name_in_register",
    "former_name",
    "head_office_elsewhere",
    "site_in_etablissements",
    "unit_or_po_box",
    "saint_abbrev",
    "accents_dropped",
    "typo",
    "homonym",
    "namesake_struck_same_town",
    "namesake_struck_other_town",
    "namesake_active_other_town",
    "absorbed_predecessor",
    "shared_building",
    "shared_phone",
    "shared_portal",
    "shared_host_desjardins",
    "shared_host_facebook",
    "shared_host_webhost",
    "degenerate_name",
    "legal_form_conflict",
    "association_named_cooperative",
    "english_name",
    "numbered_company",
    "capitals_no_accents",
    "truncated",
    "inc_added",
    "natural_person",
    "neq_bad_check_digit",
    "multi_award",
    "joint_award",
    "updated_release",
    "also_on_montreal_csv",
    "candidate",
    "legal_form_only",
    "not_registered",
    "trade_name",
    "town_spelling",
    "postal_missing",
)
SIZES = {
    "tiny": (120, 4_000),
    "small": (1_000, 50_000),
    "medium": (5_000, 500_000),
    "large": (20_000, 2_500_000),
}


def _land(landing: Path, source_id: str, bodies: list[tuple[str, bytes, dict]]) -> None:
    writer = LandingWriter(landing, source_id, mode="sample", now=FETCHED)
    with writer:
        for name, body, meta in bodies:
            writer.add_bytes(name, body, fetched_at="2026-06-01T00:00:00Z", **meta)
        writer.commit()


def build_world(out: Path, enterprises: int, register: int, seed: int) -> dict:
    """Generate the world in ``out`` (replaced if present); returns the summary in world.json."""
    started = time.perf_counter()
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    landing, truth_dir = out / "landing", out / "truth"
    landing.mkdir(parents=True)
    truth_dir.mkdir()
    rng = random.Random(seed)
    towns = load_towns()
    weights = town_weights(towns)
    pop = new_population(rng, towns, weights, enterprises, seed)
    listings = choose_listings(rng, pop.orgs)
    truth = TruthWriter(truth_dir)
    timings = {"population": time.perf_counter() - started}

    with tempfile.TemporaryDirectory(prefix=".hw-", dir=out) as work:
        bodies, keyed = write_hub_files(listings, Path(work))
        for source_id, files in bodies.items():
            _land(landing, source_id, files)
        truth.listings([(sid, key, x.eid, ";".join(x.phenomena)) for sid, key, x in keyed])
        timings["hubs"] = time.perf_counter() - started

        world_regs = [o for o in pop.orgs if o.registration is not None]
        truth.listings(
            [
                ("req-registre", o.neq, o.eid, o.role)
                for o in world_regs
                if o.registration.form in SOCIAL_ECONOMY_FORMS
            ]
        )
        zip_path = Path(work) / "registre-entreprises.zip"
        counts = write_req_zip(
            zip_path,
            pop.orgs,
            max(0, register - len(world_regs)),
            towns,
            weights,
            seed,
            on_truth=truth.background,
        )
        writer = LandingWriter(landing, "req-registre", mode="sample", now=FETCHED)
        with writer:
            writer.add_file(
                "registre-entreprises.zip",
                zip_path,
                url="inbox:registre-entreprises.zip",
                params={},
                content_type="application/zip",
                fetched_at="2026-06-01T00:00:00Z",
            )
            writer.commit()
        timings["register"] = time.perf_counter() - started

    contracts = make_contracts(
        rng, pop.orgs, towns, n_seao=int(enterprises * 0.8), n_montreal=enterprises // 4
    )
    seao, seao_truth = seao_files(contracts, "seao-contrats")
    _land(landing, "seao-contrats", seao)
    mtl_sources = {
        "conseil": "montreal-contrats-conseil",
        "fonctionnaires": "montreal-contrats-fonctionnaires",
    }
    mtl, mtl_truth = montreal_files(contracts, mtl_sources, rng)
    for channel, body in mtl.items():
        name = FILE[channel]
        _land(
            landing,
            mtl_sources[channel],
            [
                (
                    name,
                    body,
                    {
                        "url": f"https://donnees.montreal.ca/{name}",
                        "params": {},
                        "http_status": 200,
                        "content_type": "text/csv",
                    },
                )
            ],
        )
    _land(
        landing,
        "mamh-municipalites",
        [("MUN.csv", Path(MUN_CSV).read_bytes(), {"url": "inbox:MUN.csv", "params": {}})],
    )
    write_catalog(out / "catalog.yaml")
    truth.entities(pop.orgs)
    spend = truth.contracts(seao_truth + mtl_truth, pop.orgs, seed)
    truth.close()
    timings["total"] = time.perf_counter() - started

    tally = Counter(p for o in pop.orgs for p in o.phenomena)
    tally.update(p for x in listings for p in x.phenomena)
    tally.update(p for c in contracts for p in c.phenomena)
    tally.update(p for c in contracts for a in c.awards for p in a.phenomena)
    summary = {
        "version": VERSION,
        "seed": seed,
        "enterprises": enterprises,
        "register": register,
        "orgs": dict(Counter(f"{o.role}/{o.basis}" for o in pop.orgs)),
        "composed_cores": pop.composed,
        "listings": len(keyed),
        "register_rows": counts,
        "contracts": len(seao_truth) + len(mtl_truth),
        "spend": spend,
        "phenomena": dict(sorted(tally.items())),
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }
    (out / "world.json").write_text(
        json.dumps(summary, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return summary
