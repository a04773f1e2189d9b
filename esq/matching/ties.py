"""The row's own place (the supplier's town or postal code in the user's list) against the
linker's choice between enterprises of the same name.

- A tie the linker leaves (``tie``, to review) is broken by place: of the tied enterprises,
  the one at the supplier's postal code (else in its town), when exactly one is (method
  ``name_place``). Only a tie is broken — the names are already equally good and
  compatible — never a review-band score, where the place would be the only evidence.
- A tie the linker broke on evidence weaker than the supplier's town (the buying city, the
  whole name, the kind, being listed, an active registration) is held for review when the row
  says its supplier is elsewhere than the enterprise chosen (:func:`elsewhere`): on the hard
  benchmark's lists (v3, seeds 1–5 and medium) these links were wrong 9 times in 11.

Towns compare as the linker compares localities (:func:`town_key`: « St-Georges »,
« SAINT-GEORGES (Québec) » and « Saint-Georges » are one town). Used by `esq match` and by
the service (``match`` on that candidate).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from esq.contracts.supplier_evidence import town_key
from esq.normalise.postal import postal_code

METHOD = "name_place"
#: Tie-breakers weaker than the supplier's own town (esq.contracts.supplier_evidence).
WEAK_EVIDENCE = frozenset({"buyer_city", "same_name", "same_kind", "listed", "active"})

Info = Callable[[str], Mapping[str, Any] | None]


def _code(value: object) -> str | None:
    return postal_code(value) if isinstance(value, str) and value.strip() else None


def _agree(ids: Sequence[str], field: Callable[[Mapping[str, Any]], object], value: object,
           info: Info) -> list[str]:  # fmt: skip
    return [e for e in ids if (rec := info(e)) is not None and field(rec) == value]


def break_tie(
    tied: Sequence[str], info: Info, municipality: str | None, postal: str | None
) -> str | None:
    """The one tied enterprise at ``postal`` (else the one in ``municipality``), or None.

    Of several in town, none is chosen because the others are at another postal code than the
    row's: the one whose code is unknown is then chosen by elimination only, and a list's code
    is often an old address (large hard world, v6: 5 such links, all wrong; by the postal
    code itself 3, all right)."""
    code = _code(postal)
    if code:
        hits = _agree(tied, lambda r: _code(r.get("postal_code")), code, info)
        if len(hits) == 1:
            return hits[0]
    place = town_key(municipality)
    if place:
        hits = _agree(tied, lambda r: town_key(r.get("municipality")), place, info)
        if len(hits) == 1:
            return hits[0]
    return None


def tied_ids(link_detail: object, candidates: object) -> list[str]:
    """The tied enterprise ids of a link row (empty unless the row is a tie)."""
    if not (isinstance(link_detail, str) and link_detail.startswith("tie")):
        return []
    return candidates.split(" | ") if isinstance(candidates, str) and candidates else []


def weakly_decided(row: Mapping[str, Any]) -> bool:
    """The linker broke a tie on evidence weaker than the supplier's town (its link row's
    ``tie_broken_by``, :data:`esq.contracts.supplier_link.LINK_COLUMNS`)."""
    return row.get("tie_broken_by") in WEAK_EVIDENCE


def elsewhere(enterprise_id: str, info: Info, municipality: str | None, postal: str | None) -> bool:
    """The row says where its supplier is (its town, else its postal code) and the enterprise
    is not there. A row that says nothing is never elsewhere."""
    rec = info(enterprise_id) or {}
    place = town_key(municipality)
    if place:
        return town_key(rec.get("municipality")) != place
    code = _code(postal)
    return bool(code) and _code(rec.get("postal_code")) != code


def towns_by_postal_code(enterprises: pd.DataFrame) -> Callable[[str | None], str | None]:
    """The town of the enterprises at a postal code, when they are all in one town (a postal
    code is a street side or a building); None for an unknown code or one shared by towns."""
    towns: dict[str, set[str]] = {}
    if {"postal_code", "municipality"} <= set(enterprises.columns):
        for code, town in zip(enterprises.postal_code, enterprises.municipality, strict=True):
            key = _code(code)
            if key and isinstance(town, str) and town.strip():
                towns.setdefault(key, set()).add(town.strip())
    one = {code: next(iter(t)) for code, t in towns.items() if len(t) == 1}
    return lambda value: one.get(_code(value) or "")
