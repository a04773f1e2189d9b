"""The warehouse build (``warehouse/candidate``: assemble, then build) alone, on a home's inputs.

    cp -a /tmp/final/bench/home-hw-20000-2500000-s1 /tmp/me/home-large   # a finished run's home
    PYTHONPATH=. nice .venv/bin/python bench/warehouse_step.py \\
        --world /tmp/worlds/hw-20000-2500000-s1 --home /tmp/me/home-large --out /tmp/me/wh.duckdb

Run in a fresh process: prints CPU seconds and peak RSS (``ru_maxrss``) after
``assemble_tables`` and after ``build_warehouse``, and each table's input (rows, or "file" for a
Parquet file DuckDB reads itself). The home's core tables and publication are only read; the
built warehouse goes to ``--out`` (not swapped into the home). With another checkout on
``PYTHONPATH`` the same command measures it; compare two outputs table by table with DuckDB.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, required=True, help="world folder (catalog.yaml)")
    parser.add_argument("--home", type=Path, required=True, help="ESQ_HOME of a finished run")
    parser.add_argument("--out", type=Path, required=True, help="warehouse file to write")
    args = parser.parse_args(argv)

    from esq.catalog import load_catalog
    from esq.config import Settings
    from warehouse.assemble import assemble_tables
    from warehouse.build import build_warehouse

    settings = Settings(home=args.home, mode="replay", replay_root=args.world / "landing")
    catalog = load_catalog(args.world / "catalog.yaml")
    start = time.process_time()
    inputs = assemble_tables(catalog, settings)
    sizes = {k: "file" if isinstance(v, Path) else len(v) for k, v in inputs.items()}
    print(f"assembled: {time.process_time() - start:.1f} s CPU, peak {_peak_mib():.0f} MiB")
    print(f"  inputs: {sizes}")
    tmp = build_warehouse(inputs, args.out)
    print(f"built: {time.process_time() - start:.1f} s CPU, peak {_peak_mib():.0f} MiB")
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
