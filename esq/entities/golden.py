"""Golden records: one row per enterprise, each field from the best source, with provenance."""

from __future__ import annotations

import math
from collections.abc import Mapping

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


def build_golden(
    listings: pd.DataFrame, first_seen: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Enterprises and field provenance from listings that carry an ``enterprise_id``."""
    groups: dict[str, list[dict]] = {}
    for record in listings.to_dict("records"):
        groups.setdefault(str(record["enterprise_id"]), []).append(record)
    rows, provenance = [], []
    for enterprise_id in sorted(groups):
        row, prov = golden_record(
            enterprise_id, groups[enterprise_id], first_seen.get(enterprise_id)
        )
        rows.append(row)
        provenance.extend(prov)
    enterprises = pd.DataFrame(rows, columns=list(ENTERPRISE_COLUMNS))
    field_provenance = pd.DataFrame(provenance, columns=list(PROVENANCE_COLUMNS))
    return enterprises, field_provenance.sort_values(["enterprise_id", "field"]).reset_index(
        drop=True
    )
