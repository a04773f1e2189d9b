"""Probabilistic scoring with Splink 5 on its own DuckDB connection (predict only in the run).

The model (m, u, lambda) is estimated once by ``scripts/train_er.py`` and saved as
``esq/entities/model/er_model.json``; ``score_pairs`` loads it and only predicts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from esq.entities.comparisons import settings
from esq.entities.features import TERM_FREQUENCIES, build_scoring_table
from esq.scratch_db import scratch_connection

#: Comparison output names, in settings order (gamma columns of the predictions).
EVIDENCE = ("name", "family", "address", "phone", "domain", "place")
PAIR_COLUMNS = ("left", "right", "score", "agreeing_fields")


@dataclass
class Scored:
    """Scored member pairs at or above the review threshold, and the comparisons made."""

    pairs: pd.DataFrame  # left, right, score, agreeing_fields (left < right)
    comparisons: int
    records_scored: int


def default_model_path() -> Path:
    return Path(str(resources.files("esq.entities").joinpath("model/er_model.json")))


def load_model(path: Path | None = None) -> dict[str, Any]:
    """The saved Splink model (settings with trained parameters)."""
    return json.loads((path or default_model_path()).read_text(encoding="utf-8"))


def _linker(con: duckdb.DuckDBPyConnection, model: dict[str, Any]):
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connection=con)
    table = db_api.register("er_input", dataset_display_name="er_input")
    return db_api, Linker(table, model, log_level=logging.WARNING)


def _agreeing(kept: pd.DataFrame) -> list[str]:
    """Per pair, the comparisons that spoke for the match (positive match weight), joined by
    commas in :data:`EVIDENCE` order: one bit per comparison, then one string per distinct
    combination (at most 64), not a Python call per pair."""
    bits = np.zeros(len(kept), dtype=np.int64)
    for i, n in enumerate(EVIDENCE):
        weight = kept[f"w_{n}"].to_numpy(dtype="float64", na_value=np.nan)
        bits |= (weight > 0).astype(np.int64) << i
    combos = np.unique(bits).tolist()
    text = {b: ",".join(n for i, n in enumerate(EVIDENCE) if b >> i & 1) for b in combos}
    return [text[b] for b in bits.tolist()]


def score_pairs(
    listings: pd.DataFrame,
    threshold: float,
    model: dict[str, Any] | None = None,
    memory_limit: str | None = None,
    other_names: pd.DataFrame | None = None,
) -> Scored:
    """Score candidate pairs of ``listings``; keep member pairs scoring at least ``threshold``.

    ``other_names``: ``features.other_name_rows(listings)``, when the caller has it already.
    """
    empty = pd.DataFrame(columns=list(PAIR_COLUMNS))
    if len(listings) < 2:
        return Scored(empty, 0, len(listings))
    # Blocking is not a model parameter: the code's rules apply, whatever the file saved.
    # Match-weight columns tell which fields agreed; Splink keeps them as intermediate columns.
    model = {
        **(model or load_model()),
        "blocking_rules_to_generate_predictions": settings()[
            "blocking_rules_to_generate_predictions"
        ],
        "retain_intermediate_calculation_columns": True,
    }
    con = scratch_connection()  # Splink's own connection (DESIGN §7)
    try:
        if memory_limit:
            con.execute(f"SET memory_limit = '{memory_limit}'")
        # Only the register rows some blocking rule can pair with a listing (blockable.py).
        rows = build_scoring_table(con, listings, others=other_names, blocked_only=True)
        _, linker = _linker(con, model)
        tf = linker._db_api.register(TERM_FREQUENCIES, dataset_display_name="tf")
        linker.table_management.register_term_frequency_lookup(tf, "name_key")
        predictions = linker.inference.predict(warning_mode="never")
        name = predictions.physical_name
        comparisons = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        gammas = ", ".join(f"max(mw_{n}) AS w_{n}" for n in EVIDENCE)
        kept = con.execute(
            f"""
            SELECT least(member_l, member_r) AS "left", greatest(member_l, member_r) AS "right",
                   max(match_probability) AS score, {gammas}
            FROM {name} WHERE match_probability >= ? AND member_l <> member_r
            GROUP BY 1, 2 ORDER BY 1, 2
        """,
            [threshold],
        ).df()
    finally:
        con.close()
    if kept.empty:
        return Scored(empty, int(comparisons), int(rows))
    kept["agreeing_fields"] = _agreeing(kept)
    return Scored(kept[list(PAIR_COLUMNS)].reset_index(drop=True), int(comparisons), int(rows))
