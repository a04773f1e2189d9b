"""What suppliers are linked to: the enterprises (and candidates) with every name they are known by.

A golden record's ``other_names`` are the names its listings were published under. A register
entry also carries the other names the enterprise declared (Nom.csv: trade names in force,
former names, names in another language) in its listing's ``other_names``; a buyer's system
often holds exactly that trade name (« COOP LA GRANDE OURSE » for « Coopérative de
consommateurs La Grande Ourse »). :func:`with_listing_names` adds them to the reference the
linker indexes, so a trade name registered by one enterprise tells it apart from its namesakes.
"""

from __future__ import annotations

import pandas as pd

SEPARATOR = " | "


def split_names(value: object) -> list[str]:
    """The names of an ``other_names`` cell (`` | ``-separated); none for a missing cell."""
    if not isinstance(value, str):
        return []
    return [n.strip() for n in value.split(SEPARATOR) if n.strip()]


def with_listing_names(reference: pd.DataFrame, listings: pd.DataFrame) -> pd.DataFrame:
    """``reference`` (enterprise_id, name, other_names) with the ``other_names`` of the listings
    (enterprise_id, other_names) of each enterprise added to its own, once each, sorted."""
    if reference.empty or listings.empty or "other_names" not in listings:
        return reference
    extra: dict[str, set[str]] = {}
    has = listings[listings.other_names.notna() & listings.enterprise_id.notna()]
    for eid, value in zip(has.enterprise_id, has.other_names, strict=True):
        extra.setdefault(eid, set()).update(split_names(value))
    if not extra:
        return reference
    out = reference.copy()
    merged = []
    for eid, name, others in zip(out.enterprise_id, out.name, out.other_names, strict=True):
        names = set(split_names(others)) | extra.get(eid, set())
        names.discard(name)
        merged.append(SEPARATOR.join(sorted(names)) or None)
    out["other_names"] = merged
    return out
