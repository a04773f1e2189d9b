"""Why entity resolution misses on a hard world: false-negative pairs grouped by phenomenon.

    python -m evaluation.hardworld.misses HOME WORLD [--resolve] [--examples N]

HOME is an ESQ_HOME kept by ``scripts/evaluate_hard.py --keep``; WORLD the world folder. By
default the run's linked listings (``staging/core/listings.parquet``) are scored; ``--resolve``
re-runs ``resolve_entities`` on the run's staged listings first (seconds, not the whole
pipeline: the loop for changing resolution code). Prints pairwise precision / recall and, for
the pairs of one true entity left in different clusters, their count by kind of pair (hub-hub,
hub-register) and by phenomenon tag (the listing's tags and the entity's), then a few examples.
"""

from __future__ import annotations

import argparse
import inspect
import tempfile
from collections import Counter
from itertools import combinations
from pathlib import Path

import duckdb
import pandas as pd

KEEP = ("source_id", "record_key", "source_role", "enterprise_id", "name", "postal_code")


def resolved_listings(home: Path) -> pd.DataFrame:
    """Re-resolve the run's staged listings (same code path as the pipeline's entity step)."""
    from esq.entities.resolve import resolve_entities

    staged = sorted((home / "staging").glob("*/listings.parquet"))
    frames = [pd.read_parquet(p) for p in staged if p.parent.name != "core"]
    sites = [
        pd.read_parquet(p).assign(source_id=p.parent.name)
        for p in sorted((home / "staging").glob("*/establishments.parquet"))
    ]
    # An older checkout on PYTHONPATH (to compare) may not read the register's sites.
    takes_sites = "establishments" in inspect.signature(resolve_entities).parameters
    extra = {"establishments": pd.concat(sites, ignore_index=True)} if sites and takes_sites else {}
    with tempfile.TemporaryDirectory() as empty:
        return resolve_entities(pd.concat(frames, ignore_index=True), Path(empty), **extra).listings


def _tags(*values: object) -> set[str]:
    out: set[str] = set()
    for v in values:
        if isinstance(v, str) and v:
            out.update(t for t in v.split(";") if t)
    return out


def with_truth(linked: pd.DataFrame, truth: Path) -> pd.DataFrame:
    """The linked records with their true entity (eid), its role and both phenomena tags."""
    con = duckdb.connect()
    con.register("linked", linked[list(KEEP)])
    return con.sql(f"""
        SELECT l.*, t.eid, t.phenomena AS lp, e.phenomena AS ep, e.role
        FROM linked l
        JOIN read_parquet('{truth / "listings.parquet"}') t USING (source_id, record_key)
        JOIN read_parquet('{truth / "entities.parquet"}') e ON e.eid = t.eid
    """).df()


def false_negatives(linked: pd.DataFrame, truth: Path) -> tuple[dict, pd.DataFrame]:
    """Pairwise figures and one row per missed pair (true entity split across clusters)."""
    rec = with_truth(linked, truth)
    pairs = lambda g: (g.size() * (g.size() - 1) // 2).sum()  # noqa: E731
    tp = pairs(rec.groupby(["enterprise_id", "eid"]))
    figures = {
        "pairwise_precision": tp / max(pairs(rec.groupby("enterprise_id")), 1),
        "pairwise_recall": tp / max(pairs(rec.groupby("eid")), 1),
    }
    rows = []
    split = rec.groupby("eid").enterprise_id.transform("nunique") > 1
    for _, group in rec[split].groupby("eid"):
        for a, b in combinations(group.itertuples(index=False), 2):
            if a.enterprise_id != b.enterprise_id:
                kind = "-".join(
                    sorted(("hub" if r.source_role == "listing" else "reg") for r in (a, b))
                )
                rows.append(
                    {
                        "eid": a.eid,
                        "kind": kind,
                        "tags": ";".join(sorted(_tags(a.lp, b.lp, a.ep) - {"se"})),
                        "a": f"{a.source_id}:{a.name}:{a.postal_code}",
                        "b": f"{b.source_id}:{b.name}:{b.postal_code}",
                    }
                )
    return figures, pd.DataFrame(rows, columns=["eid", "kind", "tags", "a", "b"])


def false_positives(linked: pd.DataFrame, truth: Path) -> pd.DataFrame:
    """One row per pair of records of different true entities in one cluster."""
    rec = with_truth(linked, truth)
    mixed = rec.groupby("enterprise_id").eid.transform("nunique") > 1
    rows = []
    for _, group in rec[mixed].groupby("enterprise_id"):
        for a, b in combinations(group.itertuples(index=False), 2):
            if a.eid != b.eid:
                rows.append(
                    {
                        "kind": f"{a.role}/{b.role}",
                        "tags": ";".join(sorted(_tags(a.ep, b.ep) - {"se"})),
                        "a": f"{a.source_id}:{a.name}:{a.postal_code}",
                        "b": f"{b.source_id}:{b.name}:{b.postal_code}",
                    }
                )
    return pd.DataFrame(rows, columns=["kind", "tags", "a", "b"])


def report(figures: dict, misses: pd.DataFrame, examples: int) -> None:
    """Print the figures, missed pairs by kind and by tag, and examples of the commonest tags."""
    print(" ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    print(f"missed pairs: {len(misses)}  entities split: {misses.eid.nunique()}")
    print("by kind:", dict(Counter(misses.kind).most_common()))
    tags = Counter(t for s in misses.tags for t in (s.split(";") if s else ["(none)"]))
    print("by tag (a pair counts once per tag):")
    for tag, n in tags.most_common(25):
        print(f"  {tag:<40} {n}")
    print("by tag set:")
    for tagset, n in Counter(misses.tags).most_common(15):
        print(f"  {tagset or '(none)':<70} {n}")
    for row in misses.head(examples).itertuples():
        print(f"  [{row.kind}] {row.tags}\n     {row.a}\n     {row.b}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("home", type=Path)
    parser.add_argument("world", type=Path)
    parser.add_argument("--resolve", action="store_true")
    parser.add_argument("--examples", type=int, default=0)
    parser.add_argument("--csv", type=Path, help="write the missed pairs here")
    args = parser.parse_args(argv)
    if args.resolve:
        linked = resolved_listings(args.home)
    else:
        linked = pd.read_parquet(args.home / "staging" / "core" / "listings.parquet")
    figures, misses = false_negatives(linked, args.world / "truth")
    report(figures, misses.sample(frac=1, random_state=0), args.examples)
    wrong = false_positives(linked, args.world / "truth")
    print(f"wrongly joined pairs: {len(wrong)}")
    for row in wrong.head(args.examples).itertuples():
        print(f"  [{row.kind}] {row.tags}\n     {row.a}\n     {row.b}")
    if args.csv:
        misses.to_csv(args.csv, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
