"""A 200 000-row hub export through the whole pipeline (issue 13): time and peak RSS per step.

    PYTHONPATH=. nice .venv/bin/python bench/hub_export.py --work /tmp/me/hub   # 200 000 rows
    PYTHONPATH=. nice .venv/bin/python bench/hub_export.py --rows 20000 --enterprises 2000 \
        --register 50000 --work /tmp/me/hub-small                              # a quick check

The world is a hard world (evaluation.hardworld: its hubs, register, contracts) plus one more
source, ``hw-hub-export``: a CSV export of a hub's contact database with ``--rows`` rows over
the world's listed organisations. As in such exports, most organisations appear many times:
one row per contact, sector or site, typed again by hand (another spelling of the name, the
address written differently, the postal code missing or without its space, the phone with an
extension) or copied exactly (a double entry under a new ID), and a few organisations (a
federation's branches, a CRM's test entries) have hundreds of rows. Rows per organisation
follow a Pareto law (a heavy tail, capped), every listed organisation has at least one row.

Then ``bench/pipeline.py`` runs the pipeline twice on it (first run, unchanged second run), in
fresh subprocesses, and prints per step wall time, CPU time and peak RSS. Never imported by the
product.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import random
import shutil
from pathlib import Path

import yaml

from bench.pipeline import report, run_once
from evaluation.hardworld.catalog import hub_entries
from evaluation.hardworld.listings import listing_fields
from evaluation.hardworld.model import Org
from evaluation.hardworld.phenomena import new_population
from evaluation.hardworld.places import load_towns, town_weights
from evaluation.hardworld.world import _land, build_world

SOURCE = "hw-hub-export"
FILE = "export-contacts-hub.csv"
HEADER = ["ID", "NomEntreprise", "Type", "SecteurActivite", "Adresse", "Municipalite",
          "CodePostal", "Telephone", "SiteWeb"]  # fmt: skip
SECTORS = ["Alimentation", "Services de garde", "Habitation", "Loisirs et tourisme",
           "Culture", "Environnement", "Services aux personnes", "Commerce de détail",
           "Formation et insertion", "Soins à domicile", None]  # fmt: skip
MAX_ROWS_PER_ORG = 200  # weight of the heaviest organisation (~450 rows of 200 000)
EXACT_COPY = 0.3  # share of an organisation's extra rows copied from one of its earlier rows
OTHER_SITE = 0.15  # share of an organisation's extra rows at one of its secondary sites


def rows_per_org(rng: random.Random, n_orgs: int, total: int) -> list[int]:
    """How many rows each of ``n_orgs`` organisations gets: at least one, ``total`` in all,
    the rest spread by a capped Pareto law (most get a few, some get hundreds)."""
    weights = [min(rng.paretovariate(1.3), MAX_ROWS_PER_ORG) for _ in range(n_orgs)]
    extra, scale = total - n_orgs, sum(weights)
    counts = [1 + int(extra * w / scale) for w in weights]
    for i in rng.sample(range(n_orgs), total - sum(counts)):  # the rounding remainder
        counts[i] += 1
    return counts


def _row(rng: random.Random, org: Org) -> list[str | None]:
    """One row as a person typing into the hub's database writes ``org``."""
    sites = org.registration.sites if org.registration else ()
    if sites and rng.random() < OTHER_SITE:
        org = dataclasses.replace(org, site=rng.choice(sites))
    fields, _ = listing_fields(rng, org)
    return [fields["name"], fields["legal_form"], rng.choice(SECTORS), fields["address"],
            fields["municipality"], fields["postal_code"], fields["phone"],
            fields["website"]]  # fmt: skip


def export_rows(
    rng: random.Random, orgs: list[Org], total: int, truth: list[str] | None = None
) -> list[list[str | None]]:
    """``total`` rows (ID first) over the listed organisations of ``orgs``, shuffled; the true
    entity (eid) of each row is appended to ``truth`` when given."""
    listed = [o for o in orgs if o.listed and o.site is not None]
    rows: list[tuple[str, list[str | None]]] = []
    for org, count in zip(listed, rows_per_org(rng, len(listed), total), strict=True):
        own: list[list[str | None]] = []
        for _ in range(count):
            if own and rng.random() < EXACT_COPY:
                own.append(list(rng.choice(own)))
            else:
                own.append(_row(rng, org))
        rows += [(org.eid, row) for row in own]
    rng.shuffle(rows)
    if truth is not None:
        truth += [eid for eid, _ in rows]
    return [[f"C{i:07d}", *row] for i, (_, row) in enumerate(rows, start=1)]


def write_truth(out: Path, rows: int, enterprises: int, seed: int) -> Path:
    """``truth/hub_export.csv`` (record_key = ID, eid) of the export ``make_hub_world`` wrote."""
    towns = load_towns()
    pop = new_population(random.Random(seed), towns, town_weights(towns), enterprises)
    truth: list[str] = []
    ids = [r[0] for r in export_rows(random.Random(seed + 7919), pop.orgs, rows, truth)]
    path = out / "truth" / "hub_export.csv"
    lines = "".join(f"{i},{e}\n" for i, e in zip(ids, truth, strict=True))
    path.write_text("record_key,eid\n" + lines)
    return path


def write_csv(rows: list[list[str | None]]) -> bytes:
    """The export as a hub's CRM writes it: UTF-8 with a BOM, commas, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def catalog_entry() -> dict:
    """The export's catalog entry: hub A's CSV entry with the export's columns, keyed by ID."""
    entry = {**hub_entries()[0], "id": SOURCE, "title": "Hub contact export (CSV)"}
    entry["endpoint"] = {"inbox": f"hw-export/{FILE}"}
    entry["mapping"] = {"name": "NomEntreprise", "legal_form": "Type",
                        "sector": "SecteurActivite", "address": "Adresse",
                        "municipality": "Municipalite", "postal_code": "CodePostal",
                        "phone": "Telephone", "website": "SiteWeb"}  # fmt: skip
    entry["record_key"] = ["ID"]
    return entry


def make_hub_world(out: Path, rows: int, enterprises: int, register: int, seed: int) -> dict:
    """A hard world in ``out`` plus the ``rows``-row export; returns a summary (in hub.json)."""
    summary = build_world(out, enterprises, register, seed)
    # The same draws as build_world's first ones: the same organisations, eids and names.
    towns = load_towns()
    pop = new_population(random.Random(seed), towns, town_weights(towns), enterprises)
    body = write_csv(export_rows(random.Random(seed + 7919), pop.orgs, rows))
    meta = {"url": f"inbox:{FILE}", "params": {}, "content_type": None}
    _land(out / "landing", SOURCE, [(FILE, body, meta)])
    catalog = yaml.safe_load((out / "catalog.yaml").read_text(encoding="utf-8"))
    catalog["sources"].append(catalog_entry())
    (out / "catalog.yaml").write_text(
        yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    summary = {**summary, "hub_export_rows": rows, "hub_export_bytes": len(body)}
    (out / "hub.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    write_truth(out, rows, enterprises, seed)
    return summary


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the hub export")
    parser.add_argument("--enterprises", type=int, default=20_000, help="listed enterprises")
    parser.add_argument("--register", type=int, default=500_000, help="register entries")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/esq-bench-hub"))
    parser.add_argument("--first-only", action="store_true", help="no unchanged second run")
    parser.add_argument(
        "--keep-home",
        action="store_true",
        help="run in the home left by an earlier run (a run stopped in ER: its "
        "staged sources are reused, so the first run times ER and after)",
    )
    args = parser.parse_args(argv)
    world = args.work / f"hub-{args.rows}-{args.enterprises}-{args.register}-s{args.seed}"
    if not (world / "hub.json").exists():
        summary = make_hub_world(world, args.rows, args.enterprises, args.register, args.seed)
        print(json.dumps({k: summary[k] for k in ("listings", "hub_export_rows", "seconds")}))
    home = args.work / f"home-{world.name}"
    if home.exists() and not args.keep_home:
        shutil.rmtree(home)
    first = run_once(world, home)
    second = run_once(world, home) if not args.first_only else first
    report(f"{args.rows}-row hub export, {world.name}", first, second)


if __name__ == "__main__":
    main()
