"""Compare two runs' output tables, file by file: same columns, types and rows, or what differs.

    PYTHONPATH=. .venv/bin/python scripts/compare_outputs.py HOME_A HOME_B [--dir staging/core]
        [--dir published] [--common]

Each ``--dir`` (relative to both homes, default ``staging/core`` and ``published``) is walked
for ``*.parquet`` and ``*.json`` files. A Parquet table is equal when its schema (names, types,
nullability, metadata such as pandas') and every row in order match; JSON files when their
parsed content matches (a step's ``*.meta.json`` carries a code hash that differs between two
code versions, so those are skipped unless ``--meta``). ``--common`` compares only the files
both homes have (e.g. a home of ``bench/er_step.py``, which writes the entity tables only,
against a whole run's). Exits 1 when anything differs, printing per file the first differing
column and rows. Written to prove a rewrite leaves every ER and published output unchanged
(issue 13).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def table_difference(a: pa.Table, b: pa.Table) -> str | None:
    """None when the tables are equal (schema and rows, in order); else what differs first."""
    if not a.schema.equals(b.schema, check_metadata=True):  # pandas metadata too
        return f"schema differs:\n  {a.schema}\n  vs\n  {b.schema}"
    if a.num_rows != b.num_rows:
        return f"{a.num_rows} rows vs {b.num_rows}"
    for name in a.column_names:
        left, right = a.column(name), b.column(name)
        if left.equals(right):
            continue
        la, rb = left.to_pylist(), right.to_pylist()
        rows = [i for i, (x, y) in enumerate(zip(la, rb, strict=True)) if not _same(x, y)]
        if not rows:  # chunking differs only
            continue
        shown = ", ".join(f"row {i}: {la[i]!r} vs {rb[i]!r}" for i in rows[:3])
        return f"column {name}: {len(rows)} rows differ ({shown})"
    return None


def _same(x: object, y: object) -> bool:
    """Equal values, NaN equal to NaN (a float column's missing value)."""
    return x == y or (isinstance(x, float) and isinstance(y, float) and x != x and y != y)


def compare_dirs(
    a: Path, b: Path, meta: bool = False, common: bool = False
) -> dict[str, str | None]:
    """Per relative file name under ``a`` or ``b`` (both, when ``common``): None when equal,
    else the difference."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    theirs = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    names = names & theirs if common else names | theirs
    out: dict[str, str | None] = {}
    for name in sorted(names, key=str):
        if name.suffix not in (".parquet", ".json") or (
            not meta and name.name.endswith("meta.json")
        ):
            continue
        left, right = a / name, b / name
        if not left.exists() or not right.exists():
            out[str(name)] = f"only in {a if left.exists() else b}"
        elif name.suffix == ".parquet":
            out[str(name)] = table_difference(pq.read_table(left), pq.read_table(right))
        else:
            same = json.loads(left.read_text()) == json.loads(right.read_text())
            out[str(name)] = None if same else "JSON content differs"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("home_a", type=Path)
    parser.add_argument("home_b", type=Path)
    parser.add_argument("--dir", action="append", help="relative to both homes, repeatable")
    parser.add_argument("--meta", action="store_true", help="also compare *meta.json files")
    parser.add_argument("--common", action="store_true", help="only files both homes have")
    args = parser.parse_args(argv)
    differ = 0
    for rel in args.dir or ["staging/core", "published"]:
        result = compare_dirs(args.home_a / rel, args.home_b / rel, args.meta, args.common)
        for name, difference in result.items():
            differ += difference is not None
            print(f"{rel}/{name}: {'same' if difference is None else 'DIFFERS: ' + difference}")
    print(f"{differ} file(s) differ" if differ else "every file is the same")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
