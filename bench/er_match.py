"""Benchmark: synthetic listings matched against a synthetic register (rules + saved model),
then the same records through a plain Splink dedupe with default-style settings.

    .venv/bin/python bench/er_match.py [--listings 50000] [--register 3000000] [--plain]

Prints wall time, comparisons and peak RSS (VmHWM) of each part. Rows are generated already
normalised (vectorised), so the figures measure matching, not the normalisers.
"""

from __future__ import annotations

import argparse
import logging
import time

import numpy as np
import pandas as pd

from esq.entities.cluster import cluster
from esq.entities.exact import rule_links, with_members
from esq.entities.scoring import score_pairs
from schemas.listing import LISTING_COLUMNS


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _words(rng: np.random.Generator, n: int) -> np.ndarray:
    syl = np.array(
        [
            "ka",
            "lo",
            "mi",
            "ra",
            "ve",
            "to",
            "su",
            "na",
            "bel",
            "cor",
            "fu",
            "ti",
            "al",
            "dor",
            "pe",
            "gri",
            "mon",
            "sa",
        ]
    )
    parts = rng.integers(0, len(syl), size=(n, 3))
    return np.char.add(np.char.add(syl[parts[:, 0]], syl[parts[:, 1]]), syl[parts[:, 2]])


def make_frames(n_listings: int, n_register: int, seed: int = 1) -> pd.DataFrame:
    """Register rows and listings (90 % copies of register rows with noise) in one frame."""
    rng = np.random.default_rng(seed)
    vocab = np.unique(_words(rng, 60000))
    common = np.array(["centre", "maison", "cooperative", "service", "atelier", "ferme"])
    towns = np.array([f"{c:05d}" for c in rng.choice(np.arange(10000, 99999), 1100, False)])
    regions = np.array([f"{r:02d}" for r in rng.integers(1, 18, len(towns))])
    w1, w2 = (
        vocab[rng.integers(0, len(vocab), n_register)],
        vocab[rng.integers(0, len(vocab), n_register)],
    )
    first = np.where(rng.random(n_register) < 0.3, common[rng.integers(0, 6, n_register)], w1)
    town_i = rng.integers(0, len(towns), n_register)
    reg = pd.DataFrame(
        {
            "source_id": "register",
            "record_key": np.arange(n_register).astype(str),
            "source_role": "register",
            "name_key": np.char.add(np.char.add(first, " "), w2),
            "neq": np.char.zfill(np.arange(n_register).astype(str), 10),
            "neq_status": "valid",
            "municipality_code": towns[town_i],
            "region_code": regions[town_i],
            "civic_number": rng.integers(1, 4000, n_register).astype(str),
            "street_key": "rue " + vocab[rng.integers(0, 500, n_register)],
        }
    )
    pick = rng.integers(0, n_register, n_listings)
    lst = reg.iloc[pick].reset_index(drop=True).copy()
    lst["source_id"], lst["source_role"] = "hub", "listing"
    lst["record_key"] = np.arange(n_listings).astype(str)
    lst["neq"], lst["neq_status"] = None, "missing"
    typo = rng.random(n_listings) < 0.15
    lst.loc[typo, "name_key"] = lst.loc[typo, "name_key"].str.slice(0, -1)
    fresh = rng.random(n_listings) < 0.1
    lst.loc[fresh, "name_key"] = vocab[rng.integers(0, len(vocab), fresh.sum())] + " new"
    frame = pd.concat([reg, lst], ignore_index=True)
    for col in LISTING_COLUMNS:
        if col not in frame:
            frame[col] = None
    return frame[list(LISTING_COLUMNS)]


def run_rules_and_model(frame: pd.DataFrame) -> dict[str, float]:
    start = time.perf_counter()
    framed = with_members(frame)
    links = rule_links(framed)
    t_rules = time.perf_counter() - start
    scored = score_pairs(framed, 0.5, memory_limit="3GB")
    result = cluster(framed, links, scored.pairs, 0.9)
    return {
        "seconds": time.perf_counter() - start,
        "rules_seconds": t_rules,
        "comparisons": scored.comparisons,
        "rule_links": len(links),
        "model_pairs": len(scored.pairs),
        "links": len(result.links),
        "peak_rss_mib": peak_rss_mib(),
    }


def run_plain_splink(frame: pd.DataFrame) -> dict[str, float]:
    """Splink as a tutorial would set it up: dedupe everything, block on name and town."""
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    data = frame[["name_key", "municipality_code", "civic_number", "street_key"]].copy()
    data["unique_id"] = np.arange(len(data))
    data["first_word"] = data.name_key.str.split(" ").str[0]
    db_api = DuckDBAPI(connection=duckdb.connect())
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_key"),
            cl.ExactMatch("municipality_code"),
            cl.ExactMatch("civic_number"),
            cl.LevenshteinAtThresholds("street_key"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_word", "municipality_code"),
            block_on("municipality_code", "civic_number"),
        ],
    )
    linker = Linker(db_api.register(data), settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    predictions = linker.inference.predict(warning_mode="never")
    comparisons, kept = db_api._con.execute(
        f"SELECT count(*), count(*) FILTER (match_probability >= 0.9) "
        f"FROM {predictions.physical_name}"
    ).fetchall()[0]
    return {
        "seconds": time.perf_counter() - start,
        "comparisons": comparisons,
        "pairs_kept": kept,
        "peak_rss_mib": peak_rss_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=50_000)
    parser.add_argument("--register", type=int, default=3_000_000)
    parser.add_argument("--plain", action="store_true", help="also run plain Splink")
    args = parser.parse_args()
    t0 = time.perf_counter()
    frame = make_frames(args.listings, args.register)
    print(
        f"generated {len(frame):,} rows in {time.perf_counter() - t0:.1f} s, "
        f"peak RSS {peak_rss_mib():.0f} MiB",
        flush=True,
    )
    ours = run_rules_and_model(frame)
    print("rules + saved model:", {k: round(v, 1) for k, v in ours.items()}, flush=True)
    if args.plain:
        plain = run_plain_splink(frame)
        print("plain Splink dedupe:", {k: round(v, 1) for k, v in plain.items()}, flush=True)
        print(
            f"time ratio plain/ours: {plain['seconds'] / ours['seconds']:.2f}, comparisons "
            f"ratio: {plain['comparisons'] / max(ours['comparisons'], 1):.1f}"
        )


if __name__ == "__main__":
    main()
