"""Supplier linking: n contracts' suppliers against n listed enterprises + 4n register names.

    PYTHONPATH=. nice .venv/bin/python bench/supplier_link.py            # n = 5k, 10k, 20k
    PYTHONPATH=. nice .venv/bin/python bench/supplier_link.py --sizes 2000 4000 8000

Names from the synthetic generators' word lists plus invented syllables (evaluation.bench.world):
legal forms, accents, shared generic words ("services", "coopérative de solidarité", towns).
A third of the suppliers are listed enterprises written in capitals without accents. Prints
CPU seconds of link_suppliers (index build + linking), links made, and the fitted exponent.
Target (issue 13): ≤ 30 s at 20 000 contracts, linear.
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from bench.growth import growth_exponent
from esq.contracts.supplier_link import link_suppliers
from evaluation.bench.world import OTHER, _coined, _fold
from evaluation.register.req_synthetic import _PREFIX_BY_FORM, _WORDS, _name


def frames(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    towns = ["SHAWINIGAN", "TROIS-RIVIÈRES", "LÉVIS", "SHERBROOKE", "GATINEAU", "MÉKINAC"]
    listed = [
        f"{rng.choice(_PREFIX_BY_FORM[f])} {rng.choice(_WORDS)} {_coined(rng)}"
        for f in rng.choices(["APE", "COP", "ASS"], k=n)
    ]
    register = [_name(rng, rng.choice(["APE", "COP", "CIE", "PP"]), rng.choice(towns))
                for _ in range(4 * n)]  # fmt: skip
    names = listed + register
    enterprises = pd.DataFrame({
        "enterprise_id": [f"E{i}" for i in range(len(names))], "name": names,
        "other_names": None, "neq": None,
    })  # fmt: skip
    suppliers = [
        _fold(rng.choice(listed)).upper()
        if rng.random() < 0.33
        else f"{rng.choice(OTHER)} {_coined(rng)} INC."
        for _ in range(n)
    ]
    supplier_frame = pd.DataFrame({
        "supplier_ref": [f"S{i}" for i in range(n)], "supplier_name": suppliers,
        "supplier_neq": None,
    })  # fmt: skip
    return supplier_frame, enterprises


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=3, default=[5000, 10000, 20000])
    args = parser.parse_args(argv)
    times = []
    print(f"{'contracts':>10} {'names':>8} {'CPU s':>7} {'linked':>7}")
    for n in args.sizes:
        suppliers, enterprises = frames(n)
        start = time.process_time()
        out = link_suppliers(suppliers, enterprises)
        times.append(time.process_time() - start)
        linked = int(out.links.link_method.isin(["name_exact", "name_fuzzy"]).sum())
        print(f"{n:>10,} {len(enterprises):>8,} {times[-1]:>7.2f} {linked:>7,}")
    print(f"fitted exponent: n^{growth_exponent(args.sizes, times):.2f}")


if __name__ == "__main__":
    main()
