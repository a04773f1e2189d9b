"""Whole pipeline on a world (landing zone + catalog): first run, then an unchanged second run.

    PYTHONPATH=. nice .venv/bin/python bench/pipeline.py --sizes 500:5000:500 1000:10000:1000 \
        2000:20000:2000                       # listed:register:contracts, three sizes
    PYTHONPATH=. nice .venv/bin/python bench/pipeline.py --world /path/to/world   # one world

A world is a directory with ``landing/`` (a replay root) and ``catalog.yaml``. Sizes are built
with evaluation.bench.world (the existing synthetic generators) into ``--work``, once per size.
Each run is a fresh subprocess running `esq run` as a user does (pipelines.cli.main, replay
mode, ESQ_HOME under ``--work``): the first on an empty home, the second on the same home with
nothing changed (the daily case: the pre-flight finds nothing changed and launches no Dagster
run; ``--force-second`` makes the second a forced run, which reuses every step, for
comparison). A run's wall and CPU time are the whole process's, from its start (interpreter
start-up and imports included). Prints per-step wall time (from Dagster's step events), CPU
time and peak RSS (the process's CPU time and RSS sampled every 50 ms over the step's window),
then, across sizes, the fitted exponent t ~ n^k of each step's CPU time against the number of
entities (listed + register).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from bench.growth import by_stage, print_exponents, stage_of
from bench.pipeline_log import read_log

HERE = Path(__file__).resolve().parent.parent
#: The daily case (issue 13): an unchanged second run within 10 % of the first's time.
MAX_SECOND = 0.10


def _rss_mib() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _process_start() -> float:
    """The wall-clock time this process started (Linux: /proc), interpreter start-up included."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat") as fh:
        started = int(fh.read().rsplit(")", 1)[1].split()[19]) / ticks
    with open("/proc/stat") as fh:
        boot = next(int(line.split()[1]) for line in fh if line.startswith("btime"))
    return boot + started


def inner(world: Path, home: Path, force: bool = False) -> dict:
    """One `esq run` in this process, as a user runs it (the CLI's ``main``: the daily path's
    pre-flight, then a Dagster run unless nothing changed). Returns the whole process's wall
    and CPU time (interpreter start-up and imports included) and peak RSS, and per step of a
    launched run [seconds, peak MiB, CPU seconds]."""
    from pipelines.cli import main
    from pipelines.daily import history

    samples: list[tuple[float, float, float]] = []  # (time, RSS MiB, process CPU seconds)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            samples.append((time.time(), _rss_mib(), time.process_time()))
            time.sleep(0.05)

    os.environ["ESQ_REPLAY_ROOT"] = str(world / "landing")
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = _process_start()
    args = ["--home", str(home), "--mode", "replay", "--catalog", str(world / "catalog.yaml")]
    error = None
    try:
        success = main([*args, "run", *(["--force"] if force else [])]) == 0
    except Exception as exc:  # e.g. the memory guard: still report the steps run so far
        error, success = f"{type(exc).__name__}: {exc}", False
    wall, cpu = time.time() - start, time.process_time()
    done.set()
    sampler.join()
    from esq.config import Settings

    settings = Settings.from_env({"ESQ_HOME": str(home)})
    last = (history(settings) or [{}])[-1]
    if last.get("outcome") == "up to date":  # nothing launched: no step to report
        return {"error": error, "success": success, "wall": wall, "cpu": cpu, "steps": {},
                "peak": max((r for _, r, _ in samples), default=0.0), "reused": [],
                "launched": False}  # fmt: skip
    import dagster as dg

    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    run_id = last.get("run_id") or instance.get_runs(limit=1)[0].run_id
    begin: dict[str, float] = {}
    steps: dict[str, list[float]] = {}
    reused: list[str] = []
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or record.step_key is None:
            continue
        if event.event_type_value == "ASSET_MATERIALIZATION":
            flag = event.event_specific_data.materialization.metadata.get("reused")
            if flag is not None and flag.value:
                reused.append(record.step_key)
        elif event.event_type_value == "STEP_START":
            begin[record.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            t0, t1 = begin.get(record.step_key, record.timestamp), record.timestamp
            window = [(r, c) for t, r, c in samples if t0 <= t <= t1]
            peak = max((r for r, _ in window), default=0.0)
            cpu_used = window[-1][1] - window[0][1] if len(window) > 1 else 0.0
            steps[record.step_key] = [t1 - t0, peak, cpu_used]
    for step, t0 in begin.items():  # started, never ended: the run was stopped in it
        if step not in steps:
            window = [(r, c) for t, r, c in samples if t0 <= t]
            used = window[-1][1] - window[0][1] if len(window) > 1 else 0.0
            steps[step] = [start + wall - t0, max((r for r, _ in window), default=0.0), used]
    peak = max((r for _, r, _ in samples), default=0.0)
    return {
        "error": error,
        "success": success,
        "wall": wall,
        "cpu": cpu,
        "peak": peak,
        "steps": steps,
        "reused": reused,
        "launched": True,
    }


def run_once(world: Path, home: Path, force: bool = False) -> dict:
    """``inner`` in a fresh subprocess (its own peak RSS, no state carried in memory)."""
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    out = subprocess.run(
        [sys.executable, __file__, "--inner", str(world), str(home),
         *(["--force-second"] if force else [])],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, first: dict, second: dict) -> None:
    print(f"\n== {label}: first run {first['wall']:.1f} s wall / {first['cpu']:.1f} s CPU, "
          f"peak {first['peak']:.0f} MiB; second run {second['wall']:.1f} s wall / "
          f"{second['cpu']:.1f} s CPU, peak {second['peak']:.0f} MiB "
          f"({second['wall'] / first['wall']:.0%} of the first's wall time, "
          f"{second['cpu'] / first['cpu']:.0%} of its CPU)")  # fmt: skip
    for run, name in ((first, "first"), (second, "second")):
        if run.get("error") or not run.get("success", True):
            print(f"   the {name} run failed: {run.get('error') or 'a step failed'}")
    head = f"{'wall s':>7} {'CPU s':>6} {'MiB':>5}"
    print(f"{'step':<44} 1st: {head}   2nd: {head}")
    for step in sorted(first["steps"], key=lambda s: -first["steps"][s][2]):
        a, b = first["steps"][step], second["steps"].get(step, [0.0, 0.0, 0.0])
        mark = " reused" if step in second.get("reused", ()) else ""
        print(f"{step:<44}      {a[0]:>7.2f} {a[2]:>6.2f} {a[1]:>5.0f}"
              f"        {b[0]:>7.2f} {b[2]:>6.2f} {b[1]:>5.0f}{mark}")  # fmt: skip


def second_run_check(first: dict, second: dict) -> None:
    """The daily case: the second run's share of the first's time against the issue's
    ≤ 10 %, and which steps ran again (a step whose inputs did not change should be reused)."""
    share = second["wall"] / first["wall"]
    verdict = "meets" if share <= MAX_SECOND else "does NOT meet"
    print(f"second run: {share:.1%} of the first's wall time, {second['cpu'] / first['cpu']:.1%} "
          f"of its CPU: {verdict} the ≤ {MAX_SECOND:.0%} target")  # fmt: skip
    if not second.get("launched", True):
        print("second run: the pre-flight found nothing changed; no Dagster run was launched")
        return
    again = {s: v[2] for s, v in second["steps"].items() if s not in second.get("reused", ())}
    costly = sorted((s for s in again if again[s] >= 0.1), key=lambda s: -again[s])
    print(
        "computed again in the second run (CPU s, checks included): "
        + (", ".join(f"{s} {again[s]:.2f}" for s in costly) or "nothing above 0.1 s")
    )
    fixed = second["cpu"] - sum(v[2] for v in second["steps"].values())
    print(f"second run's CPU outside the steps (imports, graph, Dagster's run): {fixed:.1f} s")


def world_size(world: Path) -> int:
    """n of a hard world: listed enterprises + register entities (its world.json)."""
    info = json.loads((world / "world.json").read_text())
    return int(info["enterprises"]) + int(info["register"])


def fit(results: list[tuple[str, int, dict, dict]]) -> None:
    """Per-step and per-stage CPU exponents over the sizes (CPU: wall time swings with the
    other jobs of a shared machine), and per-stage peak RSS."""
    cpu: dict[str, dict[int, float]] = defaultdict(dict)
    stage_cpu: dict[str, dict[int, float]] = defaultdict(dict)
    stage_rss: dict[str, dict[int, float]] = defaultdict(dict)
    for _, n, first, second in results:
        for step, (_, peak, used) in first["steps"].items():
            cpu[f"{step} (1st)"][n] = used
            stage_rss[stage_of(step)][n] = max(stage_rss[stage_of(step)].get(n, 0.0), peak)
        for stage, used in by_stage({s: v[2] for s, v in first["steps"].items()}).items():
            stage_cpu[f"{stage} (1st)"][n] = used
        for stage, used in by_stage({s: v[2] for s, v in second["steps"].items()}).items():
            stage_cpu[f"{stage} (2nd)"][n] = used
        for run, label in ((first, "1st"), (second, "2nd")):
            stage_cpu[f"whole run ({label})"][n] = run["cpu"]
            stage_rss[f"whole run ({label})"][n] = run["peak"]
    print_exponents("CPU seconds per stage, fitted t ~ n^k (n = listed + register):",
                    stage_cpu, "s")  # fmt: skip
    print_exponents("CPU seconds per step (first run):", cpu, "s")
    print_exponents("peak RSS per stage (first run), MiB:", stage_rss, "M")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inner", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--world",
        type=Path,
        nargs="+",
        default=[],
        help="existing world directories (hard worlds: n from world.json)",
    )
    parser.add_argument(
        "--log",
        action="append",
        default=[],
        metavar="LOG=WORLD",
        help="a report this bench printed earlier for WORLD, used instead of running it again",
    )
    parser.add_argument("--sizes", nargs="+", default=["500:5000:500", "1000:10000:1000",
                                                       "2000:20000:2000"])  # fmt: skip
    parser.add_argument("--work", type=Path, default=Path("/tmp/esq-bench-pipeline"))
    parser.add_argument(
        "--force-second",
        action="store_true",
        help="run the second run with `esq run --force`: a Dagster run that reuses every step "
        "(the daily case before the pre-flight), for comparison",
    )
    args = parser.parse_args(argv)
    if args.inner:
        print(json.dumps(inner(*args.inner, force=args.force_second)))
        return
    worlds: list[tuple[str, Path, int]] = []
    for world in args.world:
        n = world_size(world) if (world / "world.json").exists() else 0
        worlds.append((str(world), world, n))
    if not args.world and not args.log:
        from evaluation.bench.world import WorldSize, make_world

        for spec in args.sizes:
            listed, register, contracts = (int(x) for x in spec.split(":"))
            world = args.work / f"world-{spec.replace(':', '-')}"
            if not (world / "catalog.yaml").exists():
                make_world(world, WorldSize(listed, register, contracts))
            worlds.append((f"{listed} listed / {register} register / {contracts} contracts",
                           world, listed + register))  # fmt: skip
    results: list[tuple[str, int, dict, dict]] = []
    for spec in args.log:
        log, world = spec.split("=", 1)
        label, first, second = read_log(Path(log))
        results.append((f"{label} (from {log})", world_size(Path(world)), first, second))
    for label, world, n in worlds:
        home = args.work / f"home-{world.name}"
        subprocess.run(["rm", "-rf", str(home)], check=True)
        first, second = run_once(world, home), run_once(world, home, args.force_second)
        results.append((label, n, first, second))
    for label, _, first, second in sorted(results, key=lambda r: r[1]):
        report(label, first, second)
        second_run_check(first, second)
    if len({n for _, n, _, _ in results}) >= 2:
        fit(results)


if __name__ == "__main__":
    main()
