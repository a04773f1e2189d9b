"""Benchmark: staging the REQ register of hard worlds (issue 13), one fresh process per world.

    nice python bench/req_staging.py /tmp/worlds/hw-1000-50000-s1 /tmp/worlds/hw-5000-500000-s1 \
        [--homes /tmp/me/homes] [--keep]

For each world, a child process builds an ESQ_HOME whose landing zone links the world's
``req-registre`` and ``mamh-municipalites`` entries (the world stays read-only), stages the
register with ``esq.staging.run.stage_to_store`` — ZIP load, normalisation, validation, the
staged files written — and reports wall and CPU seconds, the part spent after the parse
(``stage_source``: normalise and validate; CPU times include the second process that normalises
the names of a large register), peak RSS (``VmHWM``, of this process: the child's own peak is
not counted, ``RUSAGE_CHILDREN`` would report the parent's pages it forked from) and the rows
staged. The parent
prints one line per world and, with two sizes or more, the fitted growth exponent of the wall
and CPU times against the rows staged (``bench.growth``). ``--keep`` keeps each home (its
``staging`` folder is what ``scripts/compare_staged.py`` compares; ``--listings`` stages the
world's listing sources too, after the timed part, so that they are compared as well).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.growth import growth_exponent
from bench.process_stats import (
    children_cpu_seconds,
    cpu_seconds,
    peak_rss_mib,
)

REGISTER = "req-registre"
LINKED = (REGISTER, "mamh-municipalites")


def _stage_listings(world: Path, settings, catalog) -> None:
    """Stage every listing source too (untimed): their staged files are compared as well."""
    import esq.staging.run as staging_run

    municipalities = staging_run.load_municipalities(settings)
    for source in catalog.enabled("listing"):
        link = settings.layout.landing / source.id
        if not link.exists() and (world / "landing" / source.id).is_dir():
            link.symlink_to((world / "landing" / source.id).resolve())
        staging_run.stage_to_store(source, settings, municipalities)


def run_child(world: Path, home: Path, listings: bool = False) -> dict:
    """Body of a child process: stage the register of ``world`` into ``home``."""
    import esq.staging.run as staging_run
    from esq.catalog import load_catalog
    from esq.config import Settings

    for source_id in LINKED:
        link = home / "landing" / source_id
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((world / "landing" / source_id).resolve())
    settings = Settings(home=home, mode="replay", replay_root=(world / "landing").resolve())
    catalog = load_catalog(world / "catalog.yaml")
    source = next(s for s in catalog.sources if s.id == REGISTER)
    stage_seconds = [0.0, 0.0]
    original = staging_run.stage_source

    def all_cpu() -> float:  # a second process that normalised names counts too
        return cpu_seconds() + children_cpu_seconds()

    def timed_stage_source(*args, **kwargs):  # the normalise + validate part, timed apart
        t, c = time.perf_counter(), all_cpu()
        try:
            return original(*args, **kwargs)
        finally:
            stage_seconds[0] += time.perf_counter() - t
            stage_seconds[1] += all_cpu() - c

    staging_run.stage_source = timed_stage_source
    start, cpu0 = time.perf_counter(), all_cpu()
    municipalities = staging_run.load_municipalities(settings)
    report = staging_run.stage_to_store(source, settings, municipalities)
    wall, cpu = time.perf_counter() - start, all_cpu() - cpu0
    peak = peak_rss_mib()
    if report.error:
        raise SystemExit(f"staging failed: {report.error}")
    if listings:
        _stage_listings(world, settings, catalog)
    return {
        "world": world.name,
        "wall": wall,
        "cpu": cpu,
        "stage_wall": stage_seconds[0],
        "stage_cpu": stage_seconds[1],
        "peak_rss_mib": peak,
        "rows_parsed": report.rows_parsed,
        "rows_staged": report.rows_staged,
        "rows_quarantined": report.rows_quarantined,
        "values_quarantined": report.values_quarantined,
    }


def _child(world: Path, home: Path, listings: bool) -> dict:
    os.sync()  # the previous child's write-back is not charged to this one
    cmd = [sys.executable, __file__, str(world), "--child-home", str(home)]
    cmd += ["--listings"] if listings else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("worlds", type=Path, nargs="+", help="hard-world folders, small first")
    parser.add_argument("--homes", type=Path, help="where the ESQ_HOMEs go (default: a tmp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the homes and print them")
    parser.add_argument(
        "--listings", action="store_true", help="also stage the listing sources (after timing)"
    )
    parser.add_argument("--child-home", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_home:  # child process
        print(json.dumps(run_child(args.worlds[0], args.child_home, args.listings)))
        return
    root = Path(tempfile.mkdtemp(prefix="req-staging-", dir=args.homes))
    results = []
    try:
        print(f"{'world':<24} {'rows':>8} {'wall s':>7} {'cpu s':>7} {'stage wall':>10} "
              f"{'stage cpu':>9} {'peak MiB':>8}")  # fmt: skip
        for world in args.worlds:
            home = root / world.name
            r = _child(world, home, args.listings)
            results.append(r)
            print(f"{r['world']:<24} {r['rows_staged']:>8} {r['wall']:>7.1f} {r['cpu']:>7.1f} "
                  f"{r['stage_wall']:>10.1f} {r['stage_cpu']:>9.1f} {r['peak_rss_mib']:>8.0f}",
                  flush=True)  # fmt: skip
        if len(results) >= 2:
            sizes = [r["rows_staged"] for r in results]
            for what in ("wall", "cpu", "stage_cpu"):
                k = growth_exponent(sizes, [r[what] for r in results])
                print(f"growth exponent of {what} against rows staged: {k:.2f}")
        print(json.dumps(results))
    finally:
        if args.keep:
            print(f"homes kept under {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
