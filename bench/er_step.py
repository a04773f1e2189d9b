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

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench import step_bench
from bench.process_stats import status_mib
from bench.step_bench import WHOLE, StepBench, reset_peak

STAGES = ("load", "rules", "scoring", "clustering", "ids", "golden", "links", "review")
STAGES += ("write", "invariants", WHOLE)


def inner(catalog_path: Path, home: Path, out: Path) -> dict:
    """One in-process ER step; returns {stage: [wall, cpu, peak MiB]} and totals."""
    from esq.catalog import load_catalog
    from esq.config import Settings
    from esq.entities.entity_inputs import staged_establishments, staged_listings
    from esq.entities.entity_tables import write_entities
    from esq.entities.invariants import invariant_violations
    from esq.entities.resolve import resolve_entities

    figures: dict[str, list[float]] = {}
    peak = status_mib("VmHWM")

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        nonlocal peak
        reset_peak()
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        was = figures.get(name, [0.0, 0.0, 0.0])  # a stage may come twice (ids)
        high = status_mib("VmHWM")
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
    figures[WHOLE] = [time.perf_counter() - start_wall, time.process_time() - start_cpu, peak]
    return {
        "rows": len(entities.listings),
        "enterprises": len(entities.enterprises),
        "stages": figures,
        "violations": violations,
    }


def _invariants(runs: list[dict]) -> None:
    for i, r in enumerate(runs):
        broken = {k: v for k, v in r["violations"].items() if v}
        print(f"run {i}: invariants {broken or 'hold'}")


BENCH = StepBench(
    script=__file__,
    stages=STAGES,
    size="rows",
    size_label="rows",
    progress=lambda i, r: f"run {i}: {r['rows']:,} rows, {r['stages'][WHOLE][1]:.1f} s CPU",
    default_out=Path("/tmp/er-step"),
    after=_invariants,
)


def main(argv: Sequence[str] | None = None) -> int:
    return step_bench.main(BENCH, inner, __doc__.split("\n")[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
