"""Benchmark: REQ open-data ZIP through ``load_req_zip`` versus DuckDB's plain ``read_csv``.

Generates a full-size synthetic REQ ZIP (``--scale 1``: 2.7 M Entreprise, 3.5 M Nom, 3 M
Etablissements rows, the real columns) with DuckDB ``COPY``, keeps the extracted CSVs, then
runs each variant in a fresh subprocess (threads=2, a memory limit, a spill directory) and
prints wall time, the ratio and each variant's peak RSS (VmHWM). Targets: adapter time
<= 1.5x the plain scan, adapter peak RSS <= 2 GiB.

    .venv/bin/python bench/req_zip.py --scale 0.1          # quick
    .venv/bin/python bench/req_zip.py                      # full size, several minutes
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.process_stats import cpu_seconds, peak_rss_mib
from esq.register.req_columns import REQ_COLUMNS, REQ_FILES

FULL = {"entreprise": 2_700_000, "nom": 3_500_000, "etablissements": 3_000_000}
SETTINGS = ("SET threads = 2", "SET memory_limit = '1GB'", "SET preserve_insertion_order = false")

# SQL expressions per column over ``i`` (row number) and ``e`` (enterprise number); columns
# not listed get a short constant. Text sizes approximate the real files.
_NEQ = "'114' || lpad(e::VARCHAR, 7, '0')"
_EXPR = {
    "NEQ": _NEQ,
    "DAT_IMMAT": "(DATE '1970-01-01' + (e % 20000)::INTEGER)::VARCHAR",
    "DAT_STAT_IMMAT": "(DATE '1990-01-01' + (e % 12000)::INTEGER)::VARCHAR",
    "DAT_CONSTI": "(DATE '1970-01-01' + (e % 20000)::INTEGER)::VARCHAR",
    "COD_STAT_IMMAT": "['IM', 'IM', 'IM', 'RD', 'RO'][1 + e % 5]",
    "COD_FORME_JURI": "['CIE', 'CIE', 'PP', 'APE', 'COP', 'SENC', 'ASS'][1 + e % 7]",
    "DESC_ACT_ECON_ASSUJ": "'ACTIVITÉ ÉCONOMIQUE NUMÉRO ' || (e % 997)::VARCHAR",
    "OBJET_SOC": "CASE WHEN e % 50 = 0 THEN 'OBJET SUR' || chr(10) || 'DEUX LIGNES' ELSE '' END",
    "ADR_DOMCL_LIGN1_ADR": "(e % 3999)::VARCHAR || ' rue ' || md5(e::VARCHAR)[:8]",
    "ADR_DOMCL_LIGN2_ADR": "'Municipalité ' || (e % 1100)::VARCHAR || ' (Québec)'",
    "ADR_DOMCL_LIGN4_ADR": "'G9A' || (e % 10)::VARCHAR || 'B' || (e % 7)::VARCHAR",
    "NOM_ASSUJ": "'ENTREPRISE ' || upper(md5(i::VARCHAR)[:10]) || ' ' || i::VARCHAR || ' INC.'",
    "STAT_NOM": "CASE WHEN i < {n_ent} THEN 'V' ELSE 'A' END",
    "TYP_NOM_ASSUJ": "CASE WHEN i < {n_ent} OR i % 2 = 0 THEN 'N' ELSE 'A' END",
    "DAT_INIT_NOM_ASSUJ": "(DATE '1970-01-01' + (i % 20000)::INTEGER)::VARCHAR",
    "NO_SUF_ETAB": "(1 + i // {n_ent})::VARCHAR",
    "IND_ETAB_PRINC": "CASE WHEN i < {n_ent} THEN 'O' ELSE 'N' END",
    "LIGN1_ADR": "(i % 3999)::VARCHAR || ' boul. ' || md5(i::VARCHAR)[:8]",
    "LIGN2_ADR": "'Municipalité ' || (i % 1100)::VARCHAR || ' (Québec)'",
    "DESC_ACT_ECON_ETAB": "'ACTIVITÉ DE L''ÉTABLISSEMENT ' || (i % 997)::VARCHAR",
    "NOM_ETAB": "CASE WHEN i % 3 = 0 THEN 'ÉTABLISSEMENT ' || i::VARCHAR ELSE '' END",
    "DAT_EFCTVT": "(DATE '2000-01-01' + (i % 9000)::INTEGER)::VARCHAR",
}
_DOMAINS = (
    "SELECT 'FORME_JURI' AS TYP_DOM_VAL, range::VARCHAR AS COD_DOM_VAL,"
    " 'Libellé' AS VAL_DOM_FRAN FROM range(200)"
)
_DEFAULT = {"IND_FAIL": "'N'", "COD_REGIM_JURI": "'QC'", "COD_ACT_ECON_CAE": "'6241'"}


def _select(key: str, n_rows: int, n_ent: int) -> str:
    cols = []
    for col in REQ_COLUMNS[key]:
        expr = _EXPR.get(col) or _DEFAULT.get(col, "''")
        cols.append(f'{expr.format(n_ent=n_ent)} AS "{col}"')
    rows = f"SELECT range AS i, range % {n_ent} AS e FROM range({n_rows})"
    return f"SELECT {', '.join(cols)} FROM ({rows})"


def generate(folder: Path, scale: float) -> tuple[Path, dict[str, Path]]:
    """Write the six CSVs with DuckDB COPY and deflate them (BOM first) into one ZIP."""
    n_ent = max(10, int(FULL["entreprise"] * scale))
    sizes = {k: int(v * scale) for k, v in FULL.items()} | {
        "domainevaleur": 200, "fusionscissions": int(30_000 * scale),
        "continuationstransformations": int(20_000 * scale),
    }  # fmt: skip
    con = duckdb.connect()
    con.execute("SET threads = 2")
    csvs = {}
    for key, name in REQ_FILES.items():
        csvs[key] = folder / name
        sql = _select(key, sizes[key], n_ent)
        if key == "domainevaleur":
            sql = _DOMAINS
        con.execute(f"COPY ({sql}) TO '{csvs[key]}' (HEADER, FORCE_QUOTE *, DELIMITER ',')")
    con.close()
    zip_path = folder / "req-synthetic.zip"
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for key, path in csvs.items():
            with zf.open(REQ_FILES[key], "w", force_zip64=True) as dst, path.open("rb") as src:
                dst.write(b"\xef\xbb\xbf")
                shutil.copyfileobj(src, dst, 1 << 20)
    return zip_path, csvs


def run_variant(variant: str, folder: Path) -> dict[str, float]:
    """Body of a child process: load one way into a fresh database, report time and peak RSS."""
    db = folder / f"{variant}.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    for stmt in SETTINGS:
        con.execute(stmt)
    con.execute(f"SET temp_directory = '{folder / ('spill-' + variant)}'")
    start, cpu0 = time.perf_counter(), cpu_seconds()
    if variant == "adapter":
        from esq.register.req_zip import load_req_zip

        rows = load_req_zip(folder / "req-synthetic.zip", con, tmp_dir=folder)
    else:
        rows = {}
        for key, name in REQ_FILES.items():
            con.execute(f"CREATE TABLE {key} AS SELECT * FROM read_csv('{folder / name}')")
            rows[key] = con.execute(f"SELECT count(*) FROM {key}").fetchone()[0]
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    con.close()
    db.unlink(missing_ok=True)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mib": peak_rss_mib(), "rows": rows}


def _child(variant: str, folder: Path) -> dict:
    os.sync()  # flush dirty pages of the previous step outside the timed part
    cmd = [sys.executable, __file__, "--variant", variant, "--dir", str(folder)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _report(runs: dict[str, list[dict]]) -> None:
    def stat(how: Callable, field: str) -> dict[str, float]:
        return {v: how(r[field] for r in rs) for v, rs in runs.items()}

    best, median = stat(min, "seconds"), stat(statistics.median, "seconds")
    cpu = stat(statistics.median, "cpu_seconds")
    rss = max(r["peak_rss_mib"] for r in runs["adapter"])
    ratio = best["adapter"] / best["plain"]
    print(f"wall best:   plain {best['plain']:.1f} s, adapter {best['adapter']:.1f} s")
    print(f"wall median: plain {median['plain']:.1f} s, adapter {median['adapter']:.1f} s")
    print(f"cpu median:  plain {cpu['plain']:.1f} s, adapter {cpu['adapter']:.1f} s")
    print(f"ratio adapter/plain (best wall) = {ratio:.2f}  target <= 1.5: {_verdict(ratio <= 1.5)}")
    print(f"adapter peak RSS = {rss:.0f} MiB  target <= 2048 MiB: {_verdict(rss <= 2048)}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per variant")
    parser.add_argument("--variant", choices=["adapter", "plain"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:  # child process
        print(json.dumps(run_variant(args.variant, args.dir)))
        return
    folder = Path(tempfile.mkdtemp(prefix="req-bench-", dir=args.dir))
    try:
        t0 = time.perf_counter()
        zip_path, csvs = generate(folder, args.scale)
        csv_mib = sum(p.stat().st_size for p in csvs.values()) / 2**20
        print(f"generated in {time.perf_counter() - t0:.1f} s: {csv_mib:.0f} MiB of CSV, "
              f"ZIP {zip_path.stat().st_size / 2**20:.0f} MiB")  # fmt: skip
        runs: dict[str, list[dict]] = {"plain": [], "adapter": []}
        for _ in range(args.repeat):  # interleaved, so drift on a shared machine hits both
            for variant, results in runs.items():
                results.append(_child(variant, folder))
                r = results[-1]
                print(f"{variant:8s} {r['seconds']:6.1f} s (cpu {r['cpu_seconds']:5.1f} s)  "
                      f"peak RSS {r['peak_rss_mib']:5.0f} MiB  {r['rows']}")  # fmt: skip
        _report(runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
