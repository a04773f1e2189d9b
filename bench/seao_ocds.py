"""Benchmark: a synthetic SEAO monthly file parsed, collapsed and loaded into DuckDB.

Generates a release package of SEAO's published shape (~20,000 releases, ~30 MB; about a
quarter of them later releases of earlier ocids with amended amounts) in a temporary folder,
then, in a fresh subprocess so that peak RSS (VmHWM) covers only the measured work: streams
the releases (esq.contracts.ocds.iter_releases), flattens them, collapses them to the latest
state, and loads the rows into an in-memory DuckDB table through pyarrow.
Targets (issue 7): ≤ 10 s and ≤ 1 GiB peak RSS.

Usage: python bench/seao_ocds.py [--releases 20000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.process_stats import peak_rss_mib

CITIES = [
    "Ville de Montréal - Arrondissement de Verdun.",
    "Ville de Montréal / SITE - Direction des infrastructures",
    "Ville de Montréal - Service de l'eau",
    "Ville de Gatineau.",
    "Ville de Laval",
    "Ville de Lévis.",
    "Ville de Longueuil .",
    "Ville de Québec",
    "Ville de Sherbrooke",
    "Ville de Saint-Jean-sur-Richelieu.",
]
OTHERS = ["Ville de Trois-Rivières", "Municipalité de Saint-Élie", "Hydro-Québec", "CSS de Laval"]
CATEGORIES = ["S3 - Services d'architecture et d'ingénierie", "C01 - Bâtiments",
              "G6 - Matériaux de construction", "S5 - Services environnementaux"]  # fmt: skip
WORDS = ["entretien", "réfection", "travaux", "services", "fourniture", "location", "réseau",
         "aqueduc", "pavage", "parc"]  # fmt: skip


def _supplier_pool(rng: random.Random, n: int) -> list[Any]:
    from evaluation.contracts.seao_shape import Supplier

    towns = ["Montréal", "Laval", "Québec", "Gatineau", "Sherbrooke", "Granby", "Lévis"]
    return [
        Supplier(
            name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {i} inc.",
            neq=str(1140000000 + i) if rng.random() < 0.8 else None,
            locality=rng.choice(towns),
            region="QC",
            country="CAN",
            postal_code=f"H{rng.randint(1, 9)}X{rng.randint(1, 9)}Y{rng.randint(1, 9)}",
        )
        for i in range(n)
    ]


def generate(path: Path, releases: int, seed: int) -> int:
    """Write the synthetic package; return the number of releases written."""
    from evaluation.contracts.seao_shape import Award, Tender, build_package, build_release

    rng = random.Random(seed)
    suppliers = _supplier_pool(rng, 3000)
    start = datetime(2026, 6, 1, 8, tzinfo=UTC)
    issued: list[tuple[str, str, Tender, list[Award], datetime]] = []
    out = []
    for i in range(releases):
        moment = start + timedelta(seconds=i * 120)
        if issued and rng.random() < 0.25:  # a later release of an earlier contract
            notice, buyer, tender, awards, _ = rng.choice(issued)
            note = ({"id": "1", "date": moment.isoformat()},)
            amended = [
                Award(a.id, a.date, a.amount, a.supplier,
                      round(a.amount * rng.uniform(0.8, 1.3), 2), "terminated", note)
                for a in awards
            ]  # fmt: skip
            out.append(build_release(notice=notice, moment=moment, tag="contractUpdate",
                                     buyer=buyer, tender=tender, awards=amended))  # fmt: skip
            continue
        notice = str(20_000_000 + i)
        buyer = rng.choice(CITIES if rng.random() < 0.3 else OTHERS)
        title = " ".join(rng.choice(WORDS) for _ in range(8))
        extra = {
            "tenderPeriod": {"startDate": moment.isoformat(), "endDate": moment.isoformat()},
            "numberOfTenderers": rng.randint(1, 9),
            "documents": [{"id": f"D{i}", "url": f"https://seao.example/avis/{notice}"}],
        }
        tender = Tender(f"REF-{i}", title, rng.choice(CATEGORIES), "72101704", "open",
                        "Contrat adjugé suite à un appel d'offres public", extra)  # fmt: skip
        awards = [
            Award(f"{notice}-{k:03d}", moment - timedelta(days=3),
                  round(rng.uniform(25_000, 2_000_000), 2), rng.choice(suppliers))
            for k in range(1, (1 if rng.random() < 0.8 else rng.randint(2, 4)) + 1)
        ]  # fmt: skip
        issued.append((notice, buyer, tender, awards, moment))
        out.append(build_release(notice=notice, moment=moment, tag="award", buyer=buyer,
                                 tender=tender, awards=awards))  # fmt: skip
    package = build_package(out, "urn:esq:bench:mensuel", start, "esq benchmark (synthetic)")
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    return len(out)


def measure(path: Path) -> dict[str, Any]:
    """Parse + flatten + collapse + load into DuckDB; runs in the fresh subprocess."""
    t0 = time.perf_counter()
    import duckdb
    import pyarrow as pa

    from esq.contracts.ocds import _backend, collapse_latest, flatten_release, iter_releases
    from esq.contracts.rows import ContractRow

    t_import = time.perf_counter() - t0
    t1 = time.perf_counter()
    rejects: list = []
    with path.open("rb") as fh:
        rows = [row for rel in iter_releases(fh, rejects) for row in flatten_release(rel)]
    t_parse = time.perf_counter() - t1
    t2 = time.perf_counter()
    collapsed = collapse_latest(rows)
    t_collapse = time.perf_counter() - t2
    t3 = time.perf_counter()
    columns = {f.name: [getattr(r, f.name) for r in collapsed] for f in fields(ContractRow)}
    for money in ("amount_awarded", "amount_final"):
        columns[money] = pa.array(columns[money], type=pa.decimal128(18, 2))
    table = pa.table(columns)
    con = duckdb.connect()
    con.register("incoming", table)
    con.execute("CREATE TABLE contracts AS SELECT * FROM incoming")
    count, total = con.execute("SELECT count(*), sum(amount_final) FROM contracts").fetchall()[0]
    t_load = time.perf_counter() - t3
    return {
        "ijson_backend": _backend().backend_name,
        "file_mib": round(path.stat().st_size / 2**20, 1),
        "rows_flattened": len(rows),
        "rows_collapsed": count,
        "rejects": len(rejects),
        "sum_final_collapsed": float(total),
        "sum_final_naive": float(sum(r.amount_final for r in rows)),
        "seconds_import": round(t_import, 2),
        "seconds_parse_flatten": round(t_parse, 2),
        "seconds_collapse": round(t_collapse, 2),
        "seconds_load_duckdb": round(t_load, 2),
        "seconds_total": round(time.perf_counter() - t0, 2),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's entry
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="esq-bench-seao-") as tmp:
        path = Path(tmp) / "mensuel_synthetic.json"
        t0 = time.perf_counter()
        written = generate(path, args.releases, args.seed)
        print(f"generated {written} releases, {path.stat().st_size / 2**20:.1f} MiB "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        result = json.loads(child.stdout)
        for key, value in result.items():
            print(f"{key:>22}: {value}")
        ok = result["seconds_total"] <= 10 and result["peak_rss_mib"] <= 1024
        print(f"targets (≤ 10 s, ≤ 1024 MiB): {'met' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
