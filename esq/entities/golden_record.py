"""One cluster's golden record, record by record: the statement of the precedence rules
(:mod:`esq.entities.golden_rules`) that the set-based :func:`esq.entities.golden.golden_rows`
applies to all enterprises at once, and the reference its tests compare it with."""

from __future__ import annotations

import math

from esq.entities.golden_rules import (
    ADDRESS_FIELDS,
    ADDRESS_PRIORITY,
    ENTERPRISE_COLUMNS,
    FIELD_PRIORITY,
    company_registration,
    display_rank,
    fetch_date,
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
