"""Write a :class:`SupplierWorld` as a warehouse and a payment file, and score `esq match`.

Scores, on the rows of the list: precision = rows linked to their true enterprise / rows
linked; recall = rows linked to their true enterprise / rows whose supplier is a social
economy enterprise; spend share = amount linked / amount, against the true share.
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pandas as pd

from evaluation.matching.supplier_list import SupplierWorld


def write_world(world: SupplierWorld, folder: Path) -> tuple[Path, Path]:
    """``warehouse.duckdb`` (enterprises, municipalities) and ``paiements.csv`` in ``folder``
    (the truth column left out of the file)."""
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "warehouse.duckdb"
    warehouse.unlink(missing_ok=True)
    con = duckdb.connect(str(warehouse))
    con.register("e", world.enterprises)
    con.execute("CREATE TABLE enterprises AS SELECT * FROM e")
    con.execute("CREATE TABLE municipalities (region_code VARCHAR, region_name VARCHAR)")
    con.close()
    payments = folder / "paiements.csv"
    visible = world.payments.drop(columns=["truth_enterprise_id", "truth_done"])
    with payments.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(visible.columns)
        writer.writerows(visible.itertuples(index=False))
    return warehouse, payments


def score(matched: Path, world: SupplierWorld) -> dict[str, float | int]:
    """Precision, recall and spend shares of a matched CSV against the world's truth."""
    out = pd.read_csv(matched, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    truth = world.payments.truth_enterprise_id.tolist()
    amounts = world.payments.Montant.astype(float).tolist()
    linked = out.enterprise_id.tolist()
    pairs = list(zip(linked, truth, amounts, strict=True))
    n_linked = sum(bool(got) for got, _, _ in pairs)
    right = sum(bool(got) and got == want for got, want, _ in pairs)
    se_rows = sum(bool(want) for _, want, _ in pairs)
    total = sum(amounts)
    true_share = sum(a for _, want, a in pairs if want) / total
    tied = out.get("tied_social_economy", pd.Series("False", index=out.index)).tolist()
    # the share esq match reports: linked rows, and ties between social economy enterprises only
    share = sum(a for (got, _, a), t in zip(pairs, tied, strict=True) if got or t == "True") / total
    review = sum(v == "True" for v in out.needs_review)
    return {
        "rows": len(out), "se_rows": se_rows, "linked": n_linked, "right": right,
        "review": review, "precision": right / n_linked if n_linked else 1.0,
        "recall": right / se_rows if se_rows else 1.0, "true_share": true_share,
        "share": share, "share_error": share - true_share,
        "share_error_relative": (share - true_share) / true_share if true_share else 0.0,
    }  # fmt: skip


def recall_by_change(matched: Path, world: SupplierWorld) -> dict[str, tuple[int, int]]:
    """For each change made to names (typo, truncated …): (rows right, social economy rows)."""
    out = pd.read_csv(matched, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    counts: dict[str, list[int]] = {}
    for got, want, done in zip(out.enterprise_id, world.payments.truth_enterprise_id,
                               world.payments.truth_done, strict=True):  # fmt: skip
        if not want:
            continue
        for change in done.split() or ["none"]:
            c = counts.setdefault(change, [0, 0])
            c[0] += got == want
            c[1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(counts.items())}
