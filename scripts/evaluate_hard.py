"""Run the whole pipeline on a hard world and print how far it is from the truth (issue 12).

    python scripts/evaluate_hard.py --size small --seed 1 [--worlds /tmp/esq-worlds] [--keep]

Generates the world (or reuses it when its world.json matches), runs every asset in replay
mode into a temporary ESQ_HOME with the world's catalog (passed explicitly to the runner), then
scores the warehouse (evaluation/hardworld/metrics.py) and prints the figures, per-step wall
time and peak RSS. The supplier list with truth (issue 17's `esq match` bench) is
``<world>/truth/suppliers.csv``.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from esq.config import Settings
from evaluation.hardworld.metrics import score
from evaluation.hardworld.world import SIZES, VERSION, build_world
from pipelines.runner import run_pipeline


def world_for(
    root: Path, size: str, seed: int, enterprises: int | None, register: int | None
) -> Path:
    n, r = SIZES[size]
    n, r = enterprises or n, register or r
    out = root / f"hw-{n}-{r}-s{seed}"
    meta = out / "world.json"
    if meta.exists():
        known = json.loads(meta.read_text())
        if (
            known.get("version"),
            known.get("enterprises"),
            known.get("register"),
            known.get("seed"),
        ) == (VERSION, n, r, seed):
            print(f"reusing {out}")
            return out
    t = time.perf_counter()
    build_world(out, n, r, seed)
    print(f"generated {out} in {time.perf_counter() - t:.1f} s")
    return out


def step_times(settings: Settings, run_id: str) -> dict[str, float]:
    """Wall seconds per step, from the run's step statistics in its Dagster instance."""
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    return {
        s.step_key: (s.end_time or s.start_time or 0) - (s.start_time or 0)
        for s in instance.get_run_step_stats(run_id)
    }


def _fmt(value: object) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--enterprises", type=int)
    parser.add_argument("--register", type=int)
    parser.add_argument(
        "--worlds", type=Path, default=Path(tempfile.gettempdir()) / "esq-hardworlds"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the run's ESQ_HOME and print its path"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    world = world_for(args.worlds, args.size, args.seed, args.enterprises, args.register)

    home = Path(tempfile.mkdtemp(prefix="esq-hard-home-"))
    settings = Settings(home=home, mode="replay", replay_root=(world / "landing").resolve())
    t = time.perf_counter()
    result = run_pipeline(settings, catalog_path=world / "catalog.yaml")
    wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    steps = step_times(settings, result.run_id)
    failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    warehouse = settings.warehouse_path
    if failed:
        # A blocking check stops publication but leaves the candidate warehouse: score that.
        warehouse = home / "build" / "warehouse.duckdb"
        print(f"pipeline steps FAILED: {failed}")
        if not warehouse.exists():
            print(f"no candidate warehouse; ESQ_HOME kept at {home}")
            return 1
        print(f"scoring the unpublished candidate {warehouse}")
    figures = score(warehouse, world / "truth")
    figures["failed_steps"] = ",".join(failed) or None
    figures["pipeline_seconds"], figures["peak_rss_gib"] = round(wall, 1), round(rss, 2)
    print(f"\nworld {world.name}: pipeline {wall:.1f} s, peak RSS {rss:.2f} GiB")
    for step, seconds in sorted(steps.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {step:<50} {seconds:7.1f} s")
    print()
    for key, value in figures.items():
        if key != "spend":
            print(f"{key:<32} {_fmt(value)}")
    spend = figures["spend"]
    print(f"\n{'city':<26} {'truth':>12} {'measured':>12} {'error':>8} {'pending review':>15}")
    for city, row in spend["per_city"].items():  # type: ignore[union-attr]
        print(
            f"{city:<26} {row['truth']:>12,.0f} {row['measured']:>12,.0f} {_fmt(row['error']):>8}"
            f" {row['pending']:>15,.0f}"
        )
    print(f"{'WAPE':<26} {_fmt(spend['wape'])}")  # type: ignore[index]
    print(f"{'WAPE, candidates counted':<26} {_fmt(spend['wape_with_candidates'])}")  # type: ignore[index]
    print(f"\nsupplier list with truth: {world / 'truth' / 'suppliers.csv'}")
    if args.json:
        args.json.write_text(
            json.dumps({"world": world.name, "steps": steps, **figures}, indent=1, default=str)
        )
    if args.keep:
        print(f"ESQ_HOME kept at {home}")
    else:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
