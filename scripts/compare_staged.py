"""Compare the staged output of two ESQ_HOMEs file by file (a refactoring must not change it).

    python scripts/compare_staged.py HOME_A HOME_B

Every file under ``staging/`` and ``state/presence/`` of either home is compared: Parquet files
byte for byte, and when the bytes differ, as frames (which columns and how many rows differ);
JSON files as data, except the input key of ``meta.json`` (a hash of the staging code, which is
what changed). Prints one line per file that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

#: Keys of a staged meta.json that depend on the code, not on the data.
CODE_KEYS = frozenset({"input_key"})
FOLDERS = ("staging", "state/presence")


def _files(home: Path) -> set[str]:
    return {
        str(p.relative_to(home))
        for folder in FOLDERS
        if (home / folder).is_dir()
        for p in (home / folder).rglob("*")
        if p.is_file()
    }


def _frame_difference(a: Path, b: Path) -> str:
    fa, fb = pd.read_parquet(a), pd.read_parquet(b)
    if list(fa.columns) != list(fb.columns):
        return f"columns differ: {list(fa.columns)} vs {list(fb.columns)}"
    if len(fa) != len(fb):
        return f"{len(fa)} vs {len(fb)} rows"
    dtypes = [c for c in fa.columns if fa[c].dtype != fb[c].dtype]
    values = [c for c in fa.columns if not fa[c].equals(fb[c])]
    return (
        f"dtypes differ in {dtypes}, values differ in {values}"
        if dtypes or values
        else ("same frame, different bytes (Parquet metadata)")
    )


def compare_file(a: Path, b: Path) -> str | None:
    """Why two staged files differ, or None when they are the same."""
    if a.read_bytes() == b.read_bytes():
        return None
    if a.suffix == ".parquet":
        return _frame_difference(a, b)
    if a.suffix == ".json":
        da, db = json.loads(a.read_text()), json.loads(b.read_text())
        if isinstance(da, dict) and isinstance(db, dict):
            da = {k: v for k, v in da.items() if k not in CODE_KEYS}
            db = {k: v for k, v in db.items() if k not in CODE_KEYS}
        if da == db:
            return None
        keys = sorted(k for k in set(da) | set(db) if da.get(k) != db.get(k))
        return f"JSON differs in {keys}" if isinstance(da, dict) else "JSON differs"
    return "bytes differ"


def compare_homes(a: Path, b: Path) -> dict[str, str]:
    """Relative path -> reason, for every staged file that differs or exists on one side."""
    files_a, files_b = _files(a), _files(b)
    out = {name: "only in the first home" for name in files_a - files_b}
    out |= {name: "only in the second home" for name in files_b - files_a}
    for name in sorted(files_a & files_b):
        reason = compare_file(a / name, b / name)
        if reason:
            out[name] = reason
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("home_a", type=Path)
    parser.add_argument("home_b", type=Path)
    args = parser.parse_args(argv)
    differences = compare_homes(args.home_a, args.home_b)
    compared = len(_files(args.home_a) | _files(args.home_b))
    for name, reason in sorted(differences.items()):
        print(f"DIFFERS {name}: {reason}")
    print(f"{compared} files compared, {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
