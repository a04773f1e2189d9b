"""Golden records: one row per enterprise, each field from the best source, with provenance."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from esq.normalise.legal_form import is_social_economy_form
from schemas.tables import ENTERPRISES, FIELD_PROVENANCE

#: Which role supplies a field first (DESIGN §4): the register for identity, hubs for contact data.
FIELD_PRIORITY: dict[str, tuple[str, ...]] = {
    "name": ("register", "listing"),
    "neq": ("register", "listing"),
    "legal_form": ("register", "listing"),
    "register_status": ("register",),
    "phone": ("listing", "register"),
    "website": ("listing", "register"),
    "email": ("listing", "register"),
    "sector": ("listing", "register"),
}
#: Address fields travel together, from one listing, so a street never meets another's city.
ADDRESS_FIELDS = (
    "address",
    "municipality",
    "municipality_code",
    "mrc",
    "region_code",
    "postal_code",
    "latitude",
    "longitude",
)
ADDRESS_PRIORITY = ("listing", "register")

ENTERPRISE_COLUMNS = tuple(ENTERPRISES.column_names)
PROVENANCE_COLUMNS = tuple(FIELD_PROVENANCE.column_names)


def company_registration(role: object, legal_form: object) -> bool:
    """A register record of a form that is not social economy by law: the company a listed
    enterprise runs through (esq.register.named), often registered under a number (« 9345-1234
    Québec inc. »). It gives the NEQ and the legal form, not the name people know."""
    return (
        role == "register"
        and isinstance(legal_form, str)
        and not is_social_economy_form(legal_form)
    )


def _ranked(group: list[dict], roles: tuple[str, ...], name: bool = False) -> list[dict]:
    """Records of the given roles, best role first, then by source and record key; for the
    name, a company's registration after every listing."""
    order = {role: i for i, role in enumerate(roles)}
    kept = [r for r in group if r["source_role"] in order]

    def key(r: dict) -> tuple:
        shown = display_rank(r["name"]) if name else (0, 0)
        rank = order[r["source_role"]]
        if name and company_registration(r["source_role"], r.get("legal_form")):
            rank = len(roles)
        return (rank, *shown, r["source_id"], r["record_key"])

    return sorted(kept, key=key)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def display_rank(name: object) -> tuple[int, int]:
    """Prefer a name as people write it: mixed case, accents kept (lower ranks first)."""
    text = str(name)
    return (int(text.isupper()), -sum(1 for ch in text if ord(ch) > 127))


def fetch_date(fetch_ref: str) -> str:
    """The date of a fetch from its reference ``source/20260601T000000Z``."""
    stamp = fetch_ref.rsplit("/", 1)[-1]
    return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]}"


def _basis(roles: set[str], bases: set[str]) -> str:
    listed = "listed" in bases
    registered = bool(bases & {"legal_form", "register"})
    if listed and registered:
        return "both"
    return "listed" if listed else "legal_form"


def golden_record(
    enterprise_id: str, group: list[dict], first_seen: str | None
) -> tuple[dict, list[tuple]]:
    """The golden row of one cluster (records as dicts) and the provenance of its fields."""
    row: dict = dict.fromkeys(ENTERPRISE_COLUMNS)
    provenance: list[tuple] = []
    row["enterprise_id"] = enterprise_id

    def take(field: str, listing: dict) -> None:
        row[field] = listing[field]
        provenance.append(
            (
                enterprise_id,
                field,
                listing["source_id"],
                listing["record_key"],
                listing["fetch_ref"],
            )
        )

    for field, roles in FIELD_PRIORITY.items():
        for listing in _ranked(group, roles, name=field == "name"):
            if _present(listing[field]):
                take(field, listing)
                break
    located = _ranked(group, ADDRESS_PRIORITY)
    best = [r for r in located if _present(r["municipality_code"])] or [
        r for r in located if _present(r["address"])
    ]
    if best:
        for field in ADDRESS_FIELDS:
            if _present(best[0][field]):
                take(field, best[0])
    names = sorted({r["name"] for r in group if _present(r["name"])} - {row["name"]})
    row["other_names"] = " | ".join(names) or None
    row["org_id"] = f"CA-QC_QBC-{row['neq']}" if row["neq"] else None
    row["social_economy_basis"] = _basis(
        {r["source_role"] for r in group}, {r["social_economy_basis"] for r in group}
    )
    row["source_count"] = len({r["source_id"] for r in group})
    row["listing_count"] = len(group)
    dates = sorted(fetch_date(r["fetch_ref"]) for r in group)
    row["first_seen"] = min(first_seen, dates[0]) if first_seen else dates[0]
    row["last_seen"] = dates[-1]
    return row, provenance


def _fetch_dates(fetch_refs: pd.Series) -> pd.Series:
    """:func:`fetch_date` of each reference, computed once per distinct reference."""
    distinct = fetch_refs.drop_duplicates()
    return fetch_refs.map(dict(zip(distinct, map(fetch_date, distinct), strict=True)))


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
    tie-break of :func:`_ranked`."""
    order = np.lexsort((sorted_codes(record_key)[0], sorted_codes(source_id)[0]))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def name_rank(names: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`display_rank` of every name, as two integer arrays (upper case, minus accents);
    zeros where the name is missing (never compared: a missing name is never picked)."""
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


class _Table:
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
        display rank, then source and record key — the order of :func:`_ranked` — among
        present values. Row positions, enterprises ascending."""
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
    The same choices as :func:`golden_record`, which states them for one cluster.
    """
    codes, eids = sorted_codes(listings.enterprise_id.astype(str))
    eids = np.asarray(eids, dtype=object)
    table = _Table(listings, codes)
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
