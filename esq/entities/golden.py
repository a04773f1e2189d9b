"""Golden records: one row per enterprise, each field from the best source, with provenance."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

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


def _ranked(group: list[dict], roles: tuple[str, ...], name: bool = False) -> list[dict]:
    """Records of the given roles, best role first, then by source and record key."""
    order = {role: i for i, role in enumerate(roles)}
    kept = [r for r in group if r["source_role"] in order]

    def key(r: dict) -> tuple:
        shown = display_rank(r["name"]) if name else (0, 0)
        return (order[r["source_role"]], *shown, r["source_id"], r["record_key"])

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


def _first_present(frame: pd.DataFrame, field: str, roles: tuple[str, ...]) -> pd.DataFrame:
    """Per enterprise, the record giving ``field``: best role, then (for the name) the display
    rank, then source and record key — the order of :func:`_ranked` — among present values.

    ``frame`` is sorted by (source_id, record_key) and carries ``_eid``, an integer code per
    enterprise; stable sorts on integers keep the source order.
    """
    mask = frame.source_role.isin(roles).to_numpy() & frame[field].notna().to_numpy()
    sub = frame.loc[mask, list(dict.fromkeys([*_CARRIED, field]))]
    keys = {"_eid": sub._eid, "_role": sub.source_role.map({r: i for i, r in enumerate(roles)})}
    if field == "name":
        text = sub.name.astype(str)
        keys["_upper"] = text.str.isupper().astype("int8")
        keys["_accents"] = -text.str.count(r"[^\x00-\x7f]")
    order = pd.DataFrame(keys).sort_values(list(keys), kind="stable")
    return sub.loc[order.index].drop_duplicates("_eid")


#: Columns every pick carries: the enterprise code, the role and the provenance.
_CARRIED = ("_eid", "source_role", "source_id", "record_key", "fetch_ref")


def _min_max(values: pd.Series, groups: pd.Series, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest text per group code, via integer ranks (pandas reduces object
    columns group by group in Python)."""
    ranks, uniques = pd.factorize(values, sort=True)
    by = pd.Series(ranks).groupby(groups.to_numpy())
    low, high = by.min().reindex(range(size)), by.max().reindex(range(size))
    return np.asarray(uniques, dtype=object)[low], np.asarray(uniques, dtype=object)[high]


def build_golden(
    listings: pd.DataFrame, first_seen: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Enterprises and field provenance from listings that carry an ``enterprise_id``.

    Set-based (integer-coded sorts and group-bys over the whole table, ~800 000 rows at
    register size); the same choices as :func:`golden_record`, which states them for one
    cluster.
    """
    codes, eids = pd.factorize(listings.enterprise_id.astype(str), sort=True)
    used = {"name", "social_economy_basis", *_CARRIED[1:], *FIELD_PRIORITY, *ADDRESS_FIELDS}
    frame = listings[[c for c in listings.columns if c in used]].assign(_eid=codes)
    frame = frame.sort_values(["source_id", "record_key"], kind="stable")
    n = len(eids)
    columns: dict[str, np.ndarray] = {c: np.full(n, None, dtype=object) for c in ENTERPRISE_COLUMNS}
    columns["enterprise_id"] = np.asarray(eids, dtype=object)
    picks: list[pd.DataFrame] = []

    def take(field: str, chosen: pd.DataFrame) -> None:
        chosen = chosen[chosen[field].notna()]
        columns[field][chosen._eid.to_numpy()] = chosen[field].to_numpy(dtype=object)
        picks.append(chosen[["_eid", "source_id", "record_key", "fetch_ref"]].assign(field=field))

    for field, roles in FIELD_PRIORITY.items():
        take(field, _first_present(frame, field, roles))
    # Address fields travel together from one record: the best located one with a
    # municipality code, else the best with an address line.
    coded = _first_present(frame, "municipality_code", ADDRESS_PRIORITY)
    lined = _first_present(frame, "address", ADDRESS_PRIORITY)
    best = frame.loc[pd.concat([coded, lined[~lined._eid.isin(coded._eid)]]).index]
    for field in ADDRESS_FIELDS:
        take(field, best)

    names = frame.loc[frame.name.notna(), ["_eid", "name"]].drop_duplicates()
    names = names[names.name.to_numpy() != columns["name"][names._eid.to_numpy()]]
    others = names.sort_values(["_eid", "name"]).groupby("_eid", sort=False).name
    joined = others.agg(" | ".join)  # only enterprises with another name: few groups
    columns["other_names"][joined.index.to_numpy()] = joined.to_numpy()
    neq = columns["neq"]
    has_neq = np.array([bool(v) for v in neq], dtype=bool)
    columns["org_id"][has_neq] = [f"CA-QC_QBC-{v}" for v in neq[has_neq]]
    by = frame._eid.to_numpy()
    listed = frame.social_economy_basis.eq("listed").groupby(by).any().reindex(range(n))
    registered = frame.social_economy_basis.isin(["legal_form", "register"]).groupby(by).any()
    basis = np.where(listed, "listed", "legal_form").astype(object)
    basis[(listed & registered.reindex(range(n))).to_numpy()] = "both"
    columns["social_economy_basis"] = basis
    columns["source_count"] = frame.source_id.groupby(by).nunique().reindex(range(n)).to_numpy()
    columns["listing_count"] = np.bincount(by, minlength=n).astype("int64")
    earliest, latest = _min_max(_fetch_dates(frame.fetch_ref), frame._eid, n)
    before = pd.Series(first_seen, dtype=object).reindex(eids).to_numpy()
    keep = pd.notna(before)
    keep[keep] = before[keep].astype(str) < earliest[keep].astype(str)
    columns["first_seen"] = np.where(keep, before, earliest)
    columns["last_seen"] = latest
    enterprises = pd.DataFrame(columns).infer_objects()  # the dtypes DataFrame(rows) infers
    if picks:
        prov = pd.concat(picks, ignore_index=True)
        prov["_eid"] = columns["enterprise_id"][prov._eid.to_numpy()]
        prov = prov.rename(columns={"_eid": "enterprise_id"})
    else:
        prov = pd.DataFrame(columns=list(PROVENANCE_COLUMNS))
    prov = prov[list(PROVENANCE_COLUMNS)].sort_values(["enterprise_id", "field"])
    return enterprises, prov.reset_index(drop=True)
