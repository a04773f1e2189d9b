"""Golden records: one row per enterprise, each field from the best source, with provenance.

Set-based over all enterprises at once (:func:`golden_rows`); the rules are in
:mod:`esq.entities.golden_rules`, stated for one cluster in
:mod:`esq.entities.golden_record`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from esq.entities.golden_ranks import RankedRows, sorted_codes
from esq.entities.golden_rules import (
    ADDRESS_FIELDS,
    ADDRESS_PRIORITY,
    ENTERPRISE_COLUMNS,
    FIELD_PRIORITY,
    PROVENANCE_COLUMNS,
    fetch_date,
)


def _fetch_dates(fetch_refs: pd.Series) -> pd.Series:
    """:func:`fetch_date` of each reference, computed once per distinct reference."""
    distinct = fetch_refs.drop_duplicates()
    return fetch_refs.map(dict(zip(distinct, map(fetch_date, distinct), strict=True)))


@dataclass
class Picks:
    """Which row gave each golden field: (field, row positions) pairs over ``listings``,
    ``eid`` each row's enterprise code and ``eids`` the enterprise ids by code."""

    picks: list[tuple[str, np.ndarray]]
    eid: np.ndarray
    eids: np.ndarray
    listings: pd.DataFrame

    def provenance(self, without: Collection[str] = ()) -> pd.DataFrame:
        """The provenance rows, ordered by enterprise id and field, leaving out the
        enterprises ``without``: integer sorts, then one gather per column (the values are
        the listings' own objects), so a left-out enterprise costs nothing."""
        fields = sorted({f for f, _ in self.picks})
        rows = np.concatenate([r for _, r in self.picks]).astype(np.int64)
        field_code = np.concatenate(
            [np.full(len(r), fields.index(f), np.int64) for f, r in self.picks]
        )
        if without:
            kept = ~pd.Series(self.eids, dtype=object).isin(set(without)).to_numpy()
            keep = kept[self.eid[rows]]
            rows, field_code = rows[keep], field_code[keep]
        order = np.lexsort((field_code, self.eid[rows]))
        rows, field_code = rows[order], field_code[order]
        columns = {
            "enterprise_id": self.eids[self.eid[rows]],
            "field": np.asarray(fields, dtype=object)[field_code],
            **{c: self.listings[c].to_numpy(dtype=object)[rows] for c in _CARRIED[2:]},
        }
        return pd.DataFrame({c: columns[c] for c in PROVENANCE_COLUMNS}, dtype=object)


#: Columns every pick carries: the enterprise code, the role and the provenance.
_CARRIED = ("_eid", "source_role", "source_id", "record_key", "fetch_ref")


def _min_max(values: pd.Series, groups: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest text per group code, via integer ranks (pandas reduces object
    columns group by group in Python)."""
    ranks, uniques = pd.factorize(values, sort=True)
    by = pd.Series(ranks).groupby(groups)
    low, high = by.min().reindex(range(size)), by.max().reindex(range(size))
    return np.asarray(uniques, dtype=object)[low], np.asarray(uniques, dtype=object)[high]


def build_golden(
    listings: pd.DataFrame, first_seen: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Enterprises and field provenance from listings that carry an ``enterprise_id``."""
    enterprises, picks = golden_rows(listings, first_seen)
    return enterprises, picks.provenance()


def golden_rows(
    listings: pd.DataFrame, first_seen: Mapping[str, str]
) -> tuple[pd.DataFrame, Picks]:
    """Enterprises from listings that carry an ``enterprise_id``, and the picks their
    provenance is made of (:meth:`Picks.provenance`).

    Set-based: integer-coded enterprises, one integer sort per field over the row positions
    that hold it, group-bys for the rest; picks are row positions until the provenance is
    gathered once, so no copy of the listings frame is made (~800 000 rows at register size).
    The same choices as :func:`esq.entities.golden_record.golden_record`, which states them
    for one cluster.
    """
    codes, eids = sorted_codes(listings.enterprise_id.astype(str))
    eids = np.asarray(eids, dtype=object)
    table = RankedRows(listings, codes)
    n = len(eids)
    columns: dict[str, np.ndarray] = {c: np.full(n, None, dtype=object) for c in ENTERPRISE_COLUMNS}
    columns["enterprise_id"] = eids
    picks: list[tuple[str, np.ndarray]] = []

    def take(field: str, rows: np.ndarray) -> None:
        values = listings[field].to_numpy(dtype=object)[rows]
        present = pd.notna(values)
        columns[field][codes[rows[present]]] = values[present]
        picks.append((field, rows[present]))

    for field, roles in FIELD_PRIORITY.items():
        take(field, table.first_present(field, roles))
    # Address fields travel together from one record: the best located one with a
    # municipality code, else the best with an address line.
    coded = table.first_present("municipality_code", ADDRESS_PRIORITY)
    lined = table.first_present("address", ADDRESS_PRIORITY)
    best = np.concatenate([coded, lined[~np.isin(codes[lined], codes[coded])]])
    for field in ADDRESS_FIELDS:
        take(field, best)
    del table

    named = listings.name.notna().to_numpy()
    names = pd.DataFrame({"_eid": codes[named], "name": listings.name.to_numpy()[named]})
    names = names.drop_duplicates()
    names = names[names.name.to_numpy() != columns["name"][names._eid.to_numpy()]]
    others = names.sort_values(["_eid", "name"]).groupby("_eid", sort=False).name
    joined = others.agg(" | ".join)  # only enterprises with another name: few groups
    columns["other_names"][joined.index.to_numpy()] = joined.to_numpy()
    del names, others
    neq = columns["neq"]
    has_neq = np.array([bool(v) for v in neq], dtype=bool)
    columns["org_id"][has_neq] = [f"CA-QC_QBC-{v}" for v in neq[has_neq]]
    basis = listings.social_economy_basis
    listed = basis.eq("listed").groupby(codes).any().reindex(range(n))
    registered = basis.isin(["legal_form", "register"]).groupby(codes).any()
    kind = np.where(listed, "listed", "legal_form").astype(object)
    kind[(listed & registered.reindex(range(n))).to_numpy()] = "both"
    columns["social_economy_basis"] = kind
    sources = listings.source_id.groupby(codes).nunique()
    columns["source_count"] = sources.reindex(range(n)).to_numpy()
    columns["listing_count"] = np.bincount(codes, minlength=n).astype("int64")
    earliest, latest = _min_max(_fetch_dates(listings.fetch_ref), codes, n)
    before = pd.Series(first_seen, dtype=object).reindex(eids).to_numpy()
    keep = pd.notna(before)
    keep[keep] = before[keep].astype(str) < earliest[keep].astype(str)
    columns["first_seen"] = np.where(keep, before, earliest)
    columns["last_seen"] = latest
    enterprises = pd.DataFrame(columns).infer_objects()  # the dtypes DataFrame(rows) infers
    return enterprises, Picks(picks, codes, eids, listings)
