"""Precision, recall and spend share of `esq match` on generated supplier lists with truth.

Usage: python scripts/evaluate_match.py [--seeds 1 2 3] [--enterprises 3000] [--rows 3000]
       python scripts/evaluate_match.py --hard small --seeds 1 2   # generate, run, score
       python scripts/evaluate_match.py --hard-world WORLD --warehouse FILE [--misses]

By default the list is evaluation.matching.supplier_list's own generator. With --hard SIZE, the
list is the hard benchmark world's ``truth/suppliers.csv`` (issue 12's generator,
evaluation/hardworld): the world is generated per seed, the pipeline runs on it, and the list
is matched against the warehouse it built (the unpublished candidate when a blocking check
stopped publication) and scored (evaluation/matching/hard_list.py). --hard-world scores a world
already run (``python scripts/evaluate_hard.py --keep``). A version 3 world's list carries the
supplier's town and postal code (evaluation/hardworld/vendor_file.py), passed as the
municipality and postal code columns; ``--names-only`` leaves them out. The missed and wrong
rows are tallied by cause (evaluation/matching/list_misses.py; ``--misses`` lists them).
Targets (issue 17): precision ≥ 0.99 and recall ≥ 0.95 on rows whose supplier is a social
economy enterprise; spend share within 3 %.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.matching.measure import recall_by_change, score, write_world
from evaluation.matching.supplier_list import make_world
from warehouse.matchfile import match_file


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--hard", help="hard benchmark size (tiny, small, medium, large)")
    parser.add_argument("--hard-world", type=Path, help="a hard benchmark world folder")
    parser.add_argument("--warehouse", type=Path, help="the warehouse built on that world")
    parser.add_argument(
        "--misses", action="store_true", help="list every missed or wrong row with its cause"
    )
    parser.add_argument(
        "--names-only",
        action="store_true",
        help="leave the supplier's town and postal code out of the hard list",
    )
    args = parser.parse_args()
    if args.hard:
        places = not args.names_only
        runs = (run_hard_world(args.hard, seed) for seed in args.seeds)
        return max(hard(*run, places, args.misses) for run in runs)
    if args.hard_world:
        return hard(args.hard_world, args.warehouse, not args.names_only, args.misses)
    print("seed  rows  se_rows  linked  right  review  precision  recall  true_share  share  error"
          "  relative")  # fmt: skip
    for seed in args.seeds:
        world = make_world(seed, args.enterprises, args.rows)
        with tempfile.TemporaryDirectory() as tmp:
            warehouse, payments = write_world(world, Path(tmp))
            report = match_file(payments, warehouse, {})
            s = score(report.output, world)
            by_change = recall_by_change(report.output, world)
        print(f"{seed:>4}  {s['rows']:>4}  {s['se_rows']:>7}  {s['linked']:>6}  {s['right']:>5}  "
              f"{s['review']:>6}  {s['precision']:>9.4f}  {s['recall']:>6.4f}  "
              f"{s['true_share']:>10.4f}  {s['share']:>5.4f}  {s['share_error']:+.4f}  "
              f"{s['share_error_relative']:+.1%}")  # fmt: skip
        changes = ", ".join(f"{k} {r}/{n}" for k, (r, n) in by_change.items())
        print(f"      recall by change to the name (right/rows): {changes}")
    return 0


def run_hard_world(size: str, seed: int) -> tuple[Path, Path]:
    """Generate a hard world (reused when present) and run the pipeline on it; return the world
    and the warehouse it built."""
    from esq.config import Settings
    from evaluation.hardworld.world import SIZES, build_world
    from pipelines.runner import run_pipeline

    n, r = SIZES[size]
    world = Path(tempfile.gettempdir()) / "esq-hardworlds" / f"hw-{n}-{r}-s{seed}"
    if not (world / "world.json").exists():
        build_world(world, n, r, seed)
    home = Path(tempfile.mkdtemp(prefix="esq-match-hard-"))
    settings = Settings(home=home, mode="replay", replay_root=(world / "landing").resolve())
    run_pipeline(settings, catalog_path=world / "catalog.yaml")
    published = settings.warehouse_path
    return world, published if published.is_file() else home / "build" / "warehouse.duckdb"


def hard(world: Path, warehouse: Path | None, places: bool = True, why: bool = False) -> int:
    """Match a hard world's supplier list against its warehouse and print the figures (and,
    with ``why``, each missed or wrong row with its cause)."""
    from evaluation.matching.hard_list import owners, score_hard, write_list
    from evaluation.matching.list_misses import misses, tally

    if warehouse is None or not warehouse.is_file():
        print("--hard-world needs --warehouse FILE (the warehouse built on that world)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path, truth, roles = write_list(world, Path(tmp), places)
        report = match_file(path, warehouse, roles)
        owner = owners(warehouse, world)
        s = score_hard(report.output, truth, owner)
        found = misses(report.output, truth, owner)
    print(f"{world.name}: rows {s['rows']}, social economy rows {s['se_rows']}, linked "
          f"{s['linked']} (right {s['right']}), in review {s['review']}")  # fmt: skip
    print(f"precision {s['precision']:.4f}  recall {s['recall']:.4f}  spend share "
          f"{s['share']:.4f} vs true {s['true_share']:.4f} ({s['share_error']:+.4f}, "
          f"{s['share_error_relative']:+.1%} of the true share)")  # fmt: skip
    print("missed or wrong rows by cause:", *tally(found), sep="\n")
    if why:
        for r in found.itertuples():
            print(f"  row {r.row}: {r.cause} | {r.name} | {r.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
