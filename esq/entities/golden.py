"""Golden records: one row per enterprise, each field from the best source, with provenance."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

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

ENTERPRISE_COLUMNS = (
    "enterprise_id",
    "name",
    "other_names",
    "neq",
    "org_id",
    "legal_form",
    "social_economy_basis",
    *ADDRESS_FIELDS,
    "phone",
    "website",
    "email",
    "sector",
    "register_status",
    "source_count",
    "listing_count",
    "first_seen",
    "last_seen",
)
PROVENANCE_COLUMNS = ("enterprise_id", "field", "source_id", "record_key", "fetch_ref")


def _ranked(group: pd.DataFrame, roles: tuple[str, ...]) -> pd.DataFrame:
    order = {role: i for i, role in enumerate(roles)}
    ranked = group[group.source_role.isin(order)]
    return ranked.assign(_rank=ranked.source_role.map(order)).sort_values(
        ["_rank", "source_id", "record_key"], kind="stable"
    )


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
    enterprise_id: str, group: pd.DataFrame, first_seen: str | None
) -> tuple[dict, list[tuple]]:
    """The golden row of one cluster and the provenance of each of its fields."""
    row: dict = dict.fromkeys(ENTERPRISE_COLUMNS)
    provenance: list[tuple] = []
    row["enterprise_id"] = enterprise_id

    def take(field: str, listing: pd.Series) -> None:
        row[field] = listing[field]
        provenance.append(
            (enterprise_id, field, listing.source_id, listing.record_key, listing.fetch_ref)
        )

    for field, roles in FIELD_PRIORITY.items():
        ranked = _ranked(group, roles)
        if field == "name":
            ranked = ranked.assign(_display=ranked.name.map(display_rank)).sort_values(
                ["_rank", "_display", "source_id", "record_key"], kind="stable"
            )
        for _, listing in ranked.iterrows():
            if pd.notna(listing[field]):
                take(field, listing)
                break
    located = _ranked(group, ADDRESS_PRIORITY)
    best = located[located.municipality_code.notna()]
    best = best if not best.empty else located[located.address.notna()]
    if not best.empty:
        listing = best.iloc[0]
        for field in ADDRESS_FIELDS:
            if pd.notna(listing[field]):
                take(field, listing)
    names = sorted(set(group.name.dropna()) - {row["name"]})
    row["other_names"] = " | ".join(names) or None
    row["org_id"] = f"CA-QC_QBC-{row['neq']}" if row["neq"] else None
    row["social_economy_basis"] = _basis(set(group.source_role), set(group.social_economy_basis))
    row["source_count"] = int(group.source_id.nunique())
    row["listing_count"] = len(group)
    dates = sorted(fetch_date(ref) for ref in group.fetch_ref)
    row["first_seen"] = min(first_seen, dates[0]) if first_seen else dates[0]
    row["last_seen"] = dates[-1]
    return row, provenance


def build_golden(
    listings: pd.DataFrame, first_seen: Mapping[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Enterprises and field provenance from listings that carry an ``enterprise_id``."""
    rows, provenance = [], []
    for enterprise_id, group in listings.groupby("enterprise_id", sort=True):
        row, prov = golden_record(str(enterprise_id), group, first_seen.get(str(enterprise_id)))
        rows.append(row)
        provenance.extend(prov)
    enterprises = pd.DataFrame(rows, columns=list(ENTERPRISE_COLUMNS))
    field_provenance = pd.DataFrame(provenance, columns=list(PROVENANCE_COLUMNS))
    return enterprises, field_provenance.sort_values(["enterprise_id", "field"]).reset_index(
        drop=True
    )
