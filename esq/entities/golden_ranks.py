"""Row ranks for the set-based golden records, as integer arrays: text sorted in C, each row's
place in the source order, names' display ranks, the first row of each group by keys, and the
rows of one table the precedence rules read (:class:`RankedRows`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from esq.entities.golden_rules import company_registration


def sorted_codes(values: pd.Series | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, sort=True)`` for text: hash first, then sort only the distinct
    values as fixed-width text in C (pandas sorts Python strings one comparison at a time:
    ~5 s for 800 000 distinct ids). Code point order, as Python's. Falls back to pandas for
    anything but missing-free text."""
    codes, uniques = pd.factorize(values)
    if not len(uniques) or (codes < 0).any() or pd.api.types.infer_dtype(uniques) != "string":
        return pd.factorize(values, sort=True)
    order = np.argsort(np.asarray(uniques, dtype=object).astype(str), kind="stable")
    where = np.empty(len(order), dtype=np.int64)
    where[order] = np.arange(len(order))
    return where[codes], np.asarray(uniques, dtype=object)[order]


def source_rank(source_id: pd.Series, record_key: pd.Series) -> np.ndarray:
    """Each row's place in the (source_id, record_key) order, ties in row order: the last
    tie-break of :func:`esq.entities.golden_record.golden_record`."""
    order = np.lexsort((sorted_codes(record_key)[0], sorted_codes(source_id)[0]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def name_rank(names: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`esq.entities.golden_rules.display_rank` of every name, as two integer arrays
    (upper case, minus accents); zeros where the name is missing (never compared: a missing
    name is never picked)."""
    present = names.notna().to_numpy()
    text = names[present].astype(str)
    upper = np.zeros(len(names), dtype=np.int8)
    accents = np.zeros(len(names), dtype=np.int64)
    upper[present] = text.str.isupper().to_numpy(dtype=np.int8)
    accents[present] = -text.str.count(r"[^\x00-\x7f]").to_numpy(dtype=np.int64)
    return upper, accents


def first_per_group(groups: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Row positions of the first row of each group when rows are ordered by ``keys`` (most
    significant first; ties keep row order), groups ascending."""
    order = np.lexsort((*reversed(keys), groups)) if keys else np.argsort(groups, kind="stable")
    ordered = groups[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    return order[first]


class RankedRows:
    """The columns build_golden reads, as arrays: no copy of the listings frame.

    ``eid`` is each row's enterprise code (codes in enterprise id order), ``rank`` its place
    in the source order, ``role`` its source role and ``upper``/``accents`` its name's
    display rank. Ranks order rows within an enterprise only, so they are computed for the
    rows of enterprises of two or more rows (zero elsewhere): a register is mostly
    singletons, and sorting its ~800 000 record keys was most of this.
    """

    def __init__(self, listings: pd.DataFrame, eid: np.ndarray):
        self.frame, self.eid = listings, eid
        n = len(listings)
        multi = np.bincount(eid, minlength=eid.max() + 1 if n else 0)[eid] > 1
        self.rank = np.zeros(n, dtype=np.int64)
        self.upper = np.zeros(n, dtype=np.int8)
        self.accents = np.zeros(n, dtype=np.int64)
        if multi.any():
            self.rank[multi] = source_rank(listings.source_id[multi], listings.record_key[multi])
            self.upper[multi], self.accents[multi] = name_rank(listings.name[multi])
        self.role = listings.source_role.to_numpy(dtype=object)

    def company_rows(self) -> np.ndarray:
        """Rows of :func:`company_registration`, decided once per distinct legal form."""
        forms = self.frame.legal_form
        distinct = forms.dropna().unique()
        company = {f for f in distinct if company_registration("register", f)}
        return (self.role == "register") & forms.isin(company).to_numpy()

    def first_present(self, field: str, roles: tuple[str, ...]) -> np.ndarray:
        """Per enterprise, the row giving ``field``: best role, then (for the name) the
        display rank, then source and record key — the order of
        :func:`esq.entities.golden_record.golden_record` — among present values. Row
        positions, enterprises ascending."""
        role = np.full(len(self.role), -1, dtype=np.int64)
        for i, name in enumerate(roles):
            role[self.role == name] = i
        if field == "name":
            role[self.company_rows() & (role >= 0)] = len(roles)
        rows = np.flatnonzero((role >= 0) & self.frame[field].notna().to_numpy())
        keys = [role[rows]]
        if field == "name":
            keys += [self.upper[rows], self.accents[rows]]
        return rows[first_per_group(self.eid[rows], *keys, self.rank[rows])]
