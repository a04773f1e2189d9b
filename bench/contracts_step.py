"""The contracts step (``core/contracts``: dedup + supplier linking) alone, on a home's inputs.

    PYTHONPATH=. nice .venv/bin/python bench/contracts_step.py \\
        --run /tmp/worlds/hw-1000-50000-s1/catalog.yaml:/tmp/x/home-small \\
        --run /tmp/worlds/hw-5000-500000-s1/catalog.yaml:/tmp/x/home-medium --out /tmp/x/cs

Each ``--run CATALOG:HOME`` names a world's catalog and an ESQ_HOME a whole run left
(``scripts/evaluate_hard.py --keep``, or a ``bench/pipeline.py`` home); the home is only read.
Its staged contracts and its entity tables are linked into ``--out/<n>/`` (symlinks), where
:func:`esq.contracts.store.build_core_contracts` — the step's own code — writes ``contracts``
and ``supplier_review``, in a fresh subprocess per run. Prints wall, CPU (every thread) and
peak RSS (``VmHWM``, reset per sub-stage) of the sub-stages found in the code being run
(those it lacks show 0; ``linking`` holds ``name index``, ``standing``, ``cut names`` and
``link``, which holds ``scoring``) and the fitted exponent of each one's CPU time against the
reference enterprises (enterprises + candidates). Then

    PYTHONPATH=. python scripts/compare_outputs.py HOME OUT/<n> --dir staging/core --common

proves the links unchanged (every row, every column of both tables). With another checkout on
``PYTHONPATH`` first (``git archive main | tar -x -C /tmp/x/base``, then
``PYTHONPATH=/tmp/x/base:.``: this checkout after it for the harness, bench/step_bench.py) the
same command measures it.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from unittest.mock import patch

from bench import step_bench
from bench.process_stats import cpu_seconds, status_mib
from bench.step_bench import WHOLE, StepBench, reset_peak

#: (module, attribute, sub-stage): timed when the code being measured has it. Nested ones
#: (the index inside the linker) are subtracted from the enclosing stage.
TIMED = (
    ("esq.contracts.store", "with_listing_names", "reference"),
    ("esq.contracts.table", "drop_montreal_duplicates", "dedup"),
    ("esq.contracts.supplier_link", "NameIndex", "name index"),
    ("esq.contracts.supplier_link", "EnterpriseStanding", "standing"),
    ("esq.contracts.supplier_link", "CutNames", "cut names"),
    ("esq.contracts.supplier_link", "SupplierLinker.prepare", "scoring"),
    ("esq.contracts.supplier_link", "SupplierLinker.link", "link"),
    ("esq.contracts.table", "link_suppliers", "linking"),
)
STAGES = ("reference", "dedup", "name index", "standing", "cut names", "scoring", "link")
STAGES += ("linking", WHOLE)
_INPUTS = ("enterprises", "candidates", "listings")


def _owner(module: str, dotted: str) -> tuple[object | None, str]:
    """The module or class holding the attribute ``dotted`` names in ``module``, and its
    last name; None when the code being measured lacks it."""
    try:
        owner: object | None = importlib.import_module(module)
    except ImportError:
        return None, dotted
    *path, attr = dotted.split(".")
    for part in path:
        owner = getattr(owner, part, None)
    return (owner if owner is not None and hasattr(owner, attr) else None), attr


def _timer(figures: dict[str, list[float]], name: str, fn: Callable) -> Callable:
    depth = [0]

    def timed(*args, **kwargs):
        if depth[0]:
            return fn(*args, **kwargs)
        depth[0] += 1
        reset_peak()
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            return fn(*args, **kwargs)
        finally:
            depth[0] -= 1
            was = figures.setdefault(name, [0.0, 0.0, 0.0])
            was[0] += time.perf_counter() - wall
            was[1] += cpu_seconds() - cpu
            was[2] = max(was[2], status_mib("VmHWM"))

    return timed


def link_inputs(home: Path, out: Path) -> None:
    """``out`` gets symlinks to the home's staged contracts (and their meta) and entity tables."""
    for staged in (home / "staging").glob("*/contracts.parquet"):
        if staged.parent.name == "core":
            continue
        for name in ("contracts.parquet", "meta.json"):  # read_staged wants the meta
            target = out / "staging" / staged.parent.name / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.symlink_to(staged.parent / name)
    for name in _INPUTS:
        target = out / "staging" / "core" / f"{name}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        target.symlink_to(home / "staging" / "core" / f"{name}.parquet")


def inner(catalog_path: Path, home: Path, out: Path) -> dict:
    """One in-process contracts step; returns per-stage [wall, cpu, peak MiB] and sizes."""
    import pandas as pd

    from esq.catalog import load_catalog
    from esq.config import Settings
    from esq.contracts.store import build_core_contracts

    link_inputs(home, out)
    figures: dict[str, list[float]] = {}
    with ExitStack() as stack:
        for module, dotted, name in TIMED:
            owner, attr = _owner(module, dotted)
            if owner is not None:
                timed = _timer(figures, name, getattr(owner, attr))
                stack.enter_context(patch.object(owner, attr, timed))
        catalog = load_catalog(catalog_path)
        settings = Settings(home=out, mode="replay")
        step = _timer(figures, WHOLE, build_core_contracts)
        built = step(catalog, settings)
    core = home / "staging" / "core"
    names = sum(len(pd.read_parquet(core / f"{n}.parquet", columns=["enterprise_id"]))
                for n in ("enterprises", "candidates"))  # fmt: skip
    contracts = built["contracts"]
    return {
        "reference": names,
        "rows": len(contracts),
        "units": int(contracts.supplier_ref.nunique()),
        "stages": figures,
        "peak_mib": status_mib("VmHWM"),
    }


def _progress(i: int, r: dict) -> str:
    cpu = r["stages"][WHOLE][1]
    return (
        f"run {i}: {r['rows']:,} contract rows, {r['units']:,} suppliers, "
        f"{r['reference']:,} reference enterprises, {cpu:.1f} s CPU"
    )


BENCH = StepBench(
    script=__file__,
    stages=STAGES,
    size="reference",
    size_label="names",
    progress=_progress,
    default_out=Path("/tmp/contracts-step"),
)


def main(argv: Sequence[str] | None = None) -> int:
    return step_bench.main(BENCH, inner, __doc__.split("\n")[0], argv)


if __name__ == "__main__":
    raise SystemExit(main())
