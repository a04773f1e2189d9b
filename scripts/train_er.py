"""Estimate the Splink model once on the synthetic labelled set and save it in the repo.

    .venv/bin/python scripts/train_er.py [--seed 7] [--n 1500]

u from random sampling, m from the true clusters (label column), lambda from the labels.
"""

from __future__ import annotations

import argparse
import json
import logging

import duckdb

from esq.entities.comparisons import settings
from esq.entities.features import build_scoring_table
from esq.entities.scoring import default_model_path
from evaluation.entities.labelled import labelled_listings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--n", type=int, default=1500)
    args = parser.parse_args()
    from splink import DuckDBAPI, Linker

    listings, _ = labelled_listings(args.seed, args.n)
    con = duckdb.connect()
    build_scoring_table(con, listings, label="truth")
    db_api = DuckDBAPI(connection=con)
    linker = Linker(
        db_api.register("er_input", dataset_display_name="er_input"),
        settings(),
        log_level=logging.WARNING,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_m_from_label_column("truth")
    records = con.execute("SELECT count(DISTINCT member) FROM er_input").fetchall()[0][0]
    true_pairs = int(
        (listings.truth.value_counts() * (listings.truth.value_counts() - 1) / 2).sum()
    )
    model = linker.misc.save_model_to_json(None)
    model["probability_two_random_records_match"] = true_pairs / (records * (records - 1) / 2)
    path = default_model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(model, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"saved {path} (records {records}, true pairs {true_pairs})")


if __name__ == "__main__":
    main()
