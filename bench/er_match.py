"""Benchmark: synthetic listings matched against a synthetic register (rules + saved model),
against what a user would write: plain Splink ``link_only`` from the listings to the register
with the same blocking rules and model.

    PYTHONPATH=. .venv/bin/python bench/er_match.py [--listings 50000] [--register 3000000]
        [--plain] [--pairs 3] [--before TREE] [--growth]

With ``--plain``, ours and plain run in interleaved pairs, each in a fresh process; prints each
side's wall time, comparisons and peak RSS (VmHWM), and the ratio ours/plain as the median of
the pairs' ratios. With ``--before TREE`` each round also runs ours from another checkout
(``git archive`` of main), so before and after share the same plain runs. Rows
(``er_world.py``: the hard world's register names, hub renderings of them) are generated and
normalised once, cached as Parquet (under TMPDIR), so the figures measure matching, not the
normalisers. With ``--growth``, the rule stage alone at a twentieth,
a fifth and all of the sizes (wall and CPU seconds, peak RSS) and its fitted growth exponent.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.er_world import make_frames
from bench.growth import growth_exponent
from bench.process_stats import peak_rss_mib
from esq.entities.cluster import cluster
from esq.entities.exact import with_members
from esq.entities.features import other_name_rows
from esq.entities.rule_stage import rule_stage_links
from esq.entities.scoring import score_pairs


def run_rules(frame: pd.DataFrame) -> dict[str, float]:
    """The rule stage alone: wall and CPU seconds (CPU: the box is shared), links, RSS."""
    start, cpu = time.perf_counter(), time.process_time()
    framed = with_members(frame)
    links = rule_stage_links(framed, None, other_name_rows(framed))
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "rule_links": len(links),
        "peak_rss_mib": peak_rss_mib(),
    }


def run_rules_and_model(frame: pd.DataFrame) -> dict[str, float]:
    """Ours as the pipeline runs it; prints each part's wall and CPU time as it ends (the
    preparation both sides share in part, the rule stage, Splink scoring, the clustering)."""
    start, cpu = time.perf_counter(), time.process_time()
    mark = [start, cpu]

    def part(name: str) -> float:
        now, now_cpu = time.perf_counter(), time.process_time()
        print(
            f"[ours] {name} {now - mark[0]:.1f} s (CPU {now_cpu - mark[1]:.1f} s), "
            f"peak RSS {peak_rss_mib():.0f} MiB",
            flush=True,
        )
        spent, mark[:] = now_cpu - mark[1], [now, now_cpu]
        return spent

    framed = with_members(frame)
    # Every rule the pipeline runs (resolve_entities' rule stage), other names read once.
    other_names = other_name_rows(framed)
    prepare_cpu = part("members and other names")
    links = rule_stage_links(framed, None, other_names)
    t_rules = time.perf_counter() - start
    rules_cpu = part("rules")
    scored = score_pairs(framed, 0.5, memory_limit="2GB", other_names=other_names)
    scoring_cpu = part("scoring")
    result = cluster(framed, links, scored.pairs, 0.9)
    cluster_cpu = part("clustering")
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "rules_seconds": t_rules,
        "prepare_cpu_seconds": prepare_cpu,
        "rules_cpu_seconds": rules_cpu,
        "scoring_cpu_seconds": scoring_cpu,
        "cluster_cpu_seconds": cluster_cpu,
        "comparisons": scored.comparisons,
        "rule_links": len(links),
        "model_pairs": len(scored.pairs),
        "links": len(result.links),
        "peak_rss_mib": peak_rss_mib(),
    }


def run_plain_splink(frame: pd.DataFrame) -> dict[str, float]:
    """What a user would write: Splink ``link_only`` from the listings to the register, with
    the same features, blocking rules (without our pair guards, which ``link_only`` makes
    moot), trained model and term frequencies — no rules, no guards, no clustering."""
    import duckdb
    from splink import DuckDBAPI, Linker

    from esq.entities.comparisons import BLOCKING_RULES
    from esq.entities.features import build_scoring_table, register_name_frequencies
    from esq.entities.scoring import load_model

    start, cpu = time.perf_counter(), time.process_time()
    con = duckdb.connect()
    con.execute("SET memory_limit = '2GB'")  # as ours (score_pairs' memory_limit below)
    build_scoring_table(con, with_members(frame))
    con.execute("CREATE TABLE plain_listings AS SELECT * FROM er_input WHERE NOT is_register")
    con.execute("CREATE TABLE plain_register AS SELECT * FROM er_input WHERE is_register")
    model = {
        **load_model(),
        "link_type": "link_only",
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in BLOCKING_RULES
        ],
    }
    db_api = DuckDBAPI(connection=con)
    tables = [
        db_api.register("plain_listings", dataset_display_name="listings"),
        db_api.register("plain_register", dataset_display_name="register"),
    ]
    linker = Linker(tables, model, log_level=logging.WARNING)
    tf = db_api.register(register_name_frequencies(con), dataset_display_name="tf")
    linker.table_management.register_term_frequency_lookup(tf, "name_key")
    predictions = linker.inference.predict(warning_mode="never")  # every pair, as ours
    (comparisons,) = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchall()[0]
    return {
        "seconds": time.perf_counter() - start,
        "cpu_seconds": time.process_time() - cpu,
        "comparisons": float(comparisons),
        "peak_rss_mib": peak_rss_mib(),
    }


def run_part(args: argparse.Namespace) -> dict[str, float]:
    t0 = time.perf_counter()
    frame = make_frames(args.listings, args.register)
    print(
        f"[{args.part}] generated {len(frame):,} rows in {time.perf_counter() - t0:.1f} s, "
        f"peak RSS {peak_rss_mib():.0f} MiB",
        flush=True,
    )
    run = {"ours": run_rules_and_model, "plain": run_plain_splink, "rules": run_rules}
    result = run[args.part](frame)
    result["total_seconds_with_generation"] = time.perf_counter() - t0
    return result


def _child(
    part: str, args: argparse.Namespace, tree: Path | None = None
) -> dict[str, float] | None:
    """One side in a fresh process (its own peak RSS); None when it failed. ``tree``: run
    that checkout's code (its ``bench/er_match.py``, on its ``PYTHONPATH``) instead."""
    script, env = __file__, None
    if tree is not None:
        script = str(tree / "bench" / "er_match.py")
        env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, script, "--part", part, "--listings", str(args.listings),
         "--register", str(args.register)],
        capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    lines = out.stdout.strip().splitlines()
    print("\n".join(lines[:-1]), flush=True)
    name = part if tree is None else f"{part} ({tree})"
    if out.returncode != 0 or not lines:
        print(f"{name} failed: {out.stderr[-2000:]}")
        return None
    result = json.loads(lines[-1])
    print(f"{name}:", {k: round(v, 1) for k, v in result.items()}, flush=True)
    return result


def _summary(label: str, pairs: list[tuple[dict, dict]]) -> str:
    """Medians of interleaved (ours, plain) pairs and the ratio ours/plain, median of pairs."""
    ratios = [o["seconds"] / p["seconds"] for o, p in pairs]
    # CPU seconds (every thread): steadier than wall time when the machine is shared.
    cpu_ratios = [o["cpu_seconds"] / p["cpu_seconds"] for o, p in pairs]
    ours = statistics.median(o["seconds"] for o, _ in pairs)
    plain = statistics.median(p["seconds"] for _, p in pairs)
    cpu = "cpu_seconds"
    return (
        f"{label}{len(pairs)} interleaved pairs: ours {ours:.1f} s (median), plain link_only "
        f"{plain:.1f} s; ratio ours/plain, median of pairs {statistics.median(ratios):.2f} "
        f"({', '.join(f'{r:.2f}' for r in ratios)}); peak RSS ours "
        f"{max(o['peak_rss_mib'] for o, _ in pairs):.0f} MiB, plain "
        f"{max(p['peak_rss_mib'] for _, p in pairs):.0f} MiB; comparisons ours "
        f"{pairs[0][0]['comparisons']:,.0f}, plain {pairs[0][1]['comparisons']:,.0f}; CPU ratio, "
        f"median of pairs {statistics.median(cpu_ratios):.2f} "
        f"({', '.join(f'{r:.2f}' for r in cpu_ratios)}); ours CPU s "
        f"{', '.join(f'{o[cpu]:.1f}' for o, _ in pairs)}, plain CPU s "
        f"{', '.join(f'{p[cpu]:.1f}' for _, p in pairs)}{_parts(pairs)}"
    )


#: Ours' parts, as run_rules_and_model returns their CPU seconds.
PARTS = ("prepare", "rules", "scoring", "cluster")


def _parts(pairs: list[tuple[dict, dict]]) -> str:
    """Ours' CPU seconds by part, median over the pairs (empty for a tree without them)."""
    if not all(f"{p}_cpu_seconds" in o for o, _ in pairs for p in PARTS):
        return ""
    medians = (statistics.median(o[f"{p}_cpu_seconds"] for o, _ in pairs) for p in PARTS)
    return "; ours CPU s by part (median): " + ", ".join(
        f"{p} {m:.1f}" for p, m in zip(PARTS, medians, strict=True)
    )


def rule_growth(args: argparse.Namespace) -> None:
    """The rule stage at three sizes, each in a fresh process, and its fitted growth."""
    sizes, got = [], []
    for share in (20, 5, 1):
        sized = argparse.Namespace(listings=args.listings // share, register=args.register // share)
        result = _child("rules", sized)
        if result:
            sizes.append(sized.listings + sized.register)
            got.append(result)
    if len(got) >= 2:
        wall = growth_exponent(sizes, [r["seconds"] for r in got])
        cpu = growth_exponent(sizes, [r["cpu_seconds"] for r in got])
        print(f"rule stage growth: wall n^{wall:.2f}, CPU n^{cpu:.2f} over {sizes}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--register", type=int, default=3_000_000)
    parser.add_argument("--plain", action="store_true", help="also run plain Splink link_only")
    parser.add_argument("--pairs", type=int, default=3, help="interleaved ours/plain pairs")
    parser.add_argument(
        "--growth",
        action="store_true",
        help="the rule stage alone at 1/20, 1/5 and all of the sizes",
    )
    parser.add_argument(
        "--before",
        type=Path,
        help="also run ours from this checkout (e.g. a git archive of main) in each round, "
        "against the same plain run",
    )
    parser.add_argument("--part", choices=("ours", "plain", "rules"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:  # a child process: its peak RSS is its own
        print(json.dumps(run_part(args)), flush=True)
        return
    if args.growth:
        rule_growth(args)
        return
    if not args.plain:
        _child("ours", args)
        return
    pairs, before = [], []
    for i in range(args.pairs):  # interleaved: both sides see the same machine load
        order = ["ours", "plain"] if i % 2 == 0 else ["plain", "ours"]
        if args.before is not None:  # the other tree's ours in the same round
            order.insert(1, "before")
        got = {
            part: _child("ours", args, args.before) if part == "before" else _child(part, args)
            for part in order
        }
        if got["ours"] and got["plain"]:
            pairs.append((got["ours"], got["plain"]))
        if got.get("before") and got["plain"]:
            before.append((got["before"], got["plain"]))
    if before:
        print(_summary(f"before ({args.before}): ", before))
    if pairs:
        print(_summary("", pairs))


if __name__ == "__main__":
    main()
