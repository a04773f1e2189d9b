"""The harness shared by the one-step benches (bench/er_step.py, bench/contracts_step.py).

Each bench measures one pipeline step on the inputs of existing homes, one fresh subprocess per
``--run CATALOG:HOME`` (its own peak RSS, no state carried in memory). The bench gives its
``inner`` (one in-process run, returning ``{"stages": {name: [wall, cpu, MiB]}, ...}`` with a
``"whole step"`` stage) and a :class:`StepBench` saying what it measures; this module parses the
command line, runs the subprocesses, prints the table of sub-stages and the growth exponents.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.growth import growth_exponent

HERE = Path(__file__).resolve().parent.parent
WHOLE = "whole step"


def reset_peak() -> None:
    """Start a new VmHWM window (Linux >= 4.0: writing 5 to clear_refs resets the peak)."""
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")


@dataclass(frozen=True)
class StepBench:
    """What a one-step bench measures and how its figures read."""

    script: str  #: the bench's file (run again with ``--inner`` in the subprocess)
    stages: tuple[str, ...]  #: sub-stages in table order, ``WHOLE`` last
    size: str  #: the key of the size a run returns (rows into the step, reference names…)
    size_label: str  #: how the size reads in the table's head and the exponents' title
    progress: Callable[[int, dict], str]  #: the line printed when run ``i`` is done
    default_out: Path
    after: Callable[[list[dict]], None] | None = None  #: more lines after the exponents


def run_inner(bench: StepBench, catalog: Path, home: Path, out: Path) -> dict:
    """The bench's ``inner`` on one world, in a fresh subprocess; its figures.

    The code measured is the one on ``PYTHONPATH`` (another checkout measures it); this
    checkout comes after it, so that ``bench`` (a namespace package) still finds this
    harness when that checkout predates it."""
    cmd = [sys.executable, bench.script, "--inner", f"{catalog}:{home}", "--out", str(out)]
    path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, str(HERE)])}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE, env=env)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(bench: StepBench, runs: list[dict]) -> None:
    """Wall, CPU and peak RSS of every sub-stage, a column group per run."""
    head = "".join(f"{r[bench.size]:>24,} {bench.size_label}" for r in runs)
    print(f"{'stage':<12}{head}")
    print(f"{'':<12}" + "".join(f"{'wall s':>10}{'CPU s':>9}{'MiB':>12}" for _ in runs))
    for name in bench.stages:
        cells = [r["stages"].get(name, [0, 0, 0]) for r in runs]
        print(f"{name:<12}" + "".join(f"{w:>10.2f}{c:>9.2f}{m:>12,.0f}" for w, c, m in cells))


def print_growth(bench: StepBench, runs: list[dict]) -> None:
    """The fitted exponent of each sub-stage's CPU time against the size (stages that every
    run has: the code measured may lack some)."""
    sizes = [r[bench.size] for r in runs]
    print(f"\ngrowth exponent of CPU time against {bench.size_label} (t ~ n^k):")
    for name in bench.stages:
        cpu = [r["stages"].get(name, [0, 0, 0])[1] for r in runs]
        if all(cpu):
            print(f"  {name:<12} k = {growth_exponent(sizes, cpu):.2f}")


def main(bench: StepBench, inner: Callable[[Path, Path, Path], dict], description: str,
         argv: Sequence[str] | None = None) -> int:  # fmt: skip
    """The command line of a one-step bench: ``--run CATALOG:HOME`` (repeatable), ``--out``,
    ``--json``; ``--inner`` is the subprocess's own call."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--run", action="append", default=[], help="CATALOG:HOME, repeatable")
    parser.add_argument("--out", type=Path, default=bench.default_out)
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
        runs.append(run_inner(bench, Path(catalog), Path(home), args.out / str(i)))
        print(bench.progress(i, runs[-1]), flush=True)
    print_table(bench, runs)
    if len(runs) >= 2:
        print_growth(bench, runs)
    if bench.after is not None:
        bench.after(runs)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1))
    return 0
