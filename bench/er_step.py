"""The entity-resolution step alone, on a world's staged inputs, per sub-stage (issue 13).

    PYTHONPATH=. nice .venv/bin/python bench/er_step.py \\
        --run /tmp/worlds/hw-1000-50000-s1/catalog.yaml:/tmp/x/home-small \\
        --run /tmp/worlds/hw-5000-500000-s1/catalog.yaml:/tmp/x/home-medium [--out /tmp/x/er]

Each ``--run CATALOG:HOME`` names a world's catalog and an ESQ_HOME whose ``staging/`` holds
that world's staged sources (``scripts/evaluate_hard.py --keep`` leaves one). Each runs in a
fresh subprocess: it reads the staged listings and register sites, runs
:func:`esq.entities.resolve.resolve_entities` as a first run (empty publication), writes the
entity tables to ``--out/<n>/staging/core/`` (the home is only read), then counts the
invariants. Prints wall time, CPU time (user+sys of every thread) and peak RSS (``VmHWM``,
reset before each sub-stage through ``/proc/self/clear_refs``) of every sub-stage, the whole
step's peak, and across runs the fitted exponent t ~ n^k of each sub-stage's CPU time against
the rows entering ER.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.growth import growth_exponent

HERE = Path(__file__).resolve().parent.parent
STAGES = ("load", "rules", "scoring", "clustering", "ids", "golden", "links", "review")
STAGES += ("write", "invariants")


def _status(field: str) -> float:
    """A ``/proc/self/status`` figure in MiB (VmRSS, VmHWM)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    """Start a new VmHWM window (Linux >= 4.0: writing 5 to clear_refs resets the peak)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


def inner(catalog_path: Path, home: Path, out: Path) -> dict:
    """One in-process ER step; returns {stage: [wall, cpu, peak MiB]} and totals."""
    from esq.catalog import load_catalog
    from esq.config import Settings
    from esq.entities.invariants import invariant_violations
    from esq.entities.resolve import (
        resolve_entities,
        staged_establishments,
        staged_listings,
        write_entities,
    )

    figures: dict[str, list[float]] = {}
    peak = _status("VmHWM")

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        nonlocal peak
        _reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        was = figures.get(name, [0.0, 0.0, 0.0])  # a stage may come twice (ids)
        high = _status("VmHWM")
        figures[name] = [
            was[0] + time.perf_counter() - wall,
            was[1] + time.process_time() - cpu,
            max(was[2], high),
        ]
        peak = max(peak, high)

    catalog = load_catalog(catalog_path)
    settings = Settings(home=home, mode="replay")
    empty = out / "empty-publication"
    empty.mkdir(parents=True, exist_ok=True)
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    with stage("load"):
        listings = staged_listings(catalog, settings)
        sites = staged_establishments(catalog, settings)
    entities = resolve_entities(listings, empty, establishments=sites, stage=stage)
    del listings, sites
    with stage("write"):
        write_entities(entities, Settings(home=out, mode="replay"))
    with stage("invariants"):
        violations = invariant_violations(entities.listings, entities.enterprise_links)
    return {
        "rows": len(entities.listings),
        "enterprises": len(entities.enterprises),
        "stages": figures,
        "wall": time.perf_counter() - start_wall,
        "cpu": time.process_time() - start_cpu,
        "peak_mib": peak,
        "violations": violations,
    }


def _run(catalog: Path, home: Path, out: Path) -> dict:
    cmd = [sys.executable, __file__, "--inner", f"{catalog}:{home}", "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def _table(runs: list[dict]) -> None:
    head = "".join(f"{r['rows']:>26,} rows" for r in runs)
    print(f"{'stage':<12}{head}")
    print(f"{'':<12}" + "".join(f"{'wall s':>10}{'CPU s':>9}{'MiB':>12}" for _ in runs))
    for name in STAGES:
        cells = [r["stages"].get(name, [0, 0, 0]) for r in runs]
        print(f"{name:<12}" + "".join(f"{w:>10.2f}{c:>9.2f}{m:>12,.0f}" for w, c, m in cells))
    whole = [(r["wall"], r["cpu"], r["peak_mib"]) for r in runs]
    print(f"{'whole step':<12}" + "".join(f"{w:>10.2f}{c:>9.2f}{m:>12,.0f}" for w, c, m in whole))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run", action="append", default=[], help="CATALOG:HOME, repeatable")
    parser.add_argument("--out", type=Path, default=Path("/tmp/er-step"))
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.inner:
        catalog, home = args.inner.split(":", 1)
        print(json.dumps(inner(Path(catalog), Path(home), args.out)))
        return 0
    runs = []
    for i, spec in enumerate(args.run):
        catalog, home = spec.split(":", 1)
        runs.append(_run(Path(catalog), Path(home), args.out / str(i)))
        print(f"run {i}: {runs[-1]['rows']:,} rows, {runs[-1]['cpu']:.1f} s CPU", flush=True)
    _table(runs)
    if len(runs) >= 2:
        sizes = [r["rows"] for r in runs]
        print("\ngrowth exponent of CPU time against rows into ER (t ~ n^k):")
        for name in (*STAGES, "whole step"):
            cpu = [r["cpu"] if name == "whole step" else r["stages"][name][1] for r in runs]
            print(f"  {name:<12} k = {growth_exponent(sizes, cpu):.2f}")
    for i, r in enumerate(runs):
        broken = {k: v for k, v in r["violations"].items() if v}
        print(f"run {i}: invariants {broken or 'hold'}")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
