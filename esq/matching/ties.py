"""A tie broken by place: of the enterprises a name ties between, the one at the supplier's
postal code (else in its municipality), when exactly one is.

The contracts' linker sends a name shared by two enterprises to review (``tie``); a user's
list often says where the supplier is. Only a tie is broken — the names are already equally
good and compatible — never a review-band score, where the place would be the only evidence.
Used by `esq match` (method ``name_place``) and by the service (``match`` on that candidate).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from esq.normalise.postal import postal_code
from esq.normalise.text import fold

METHOD = "name_place"


def _agree(
    ids: Sequence[str], field: Callable[[Mapping[str, Any]], object], value: object, info
) -> list[str]:
    return [e for e in ids if (rec := info(e)) is not None and field(rec) == value]


def break_tie(
    tied: Sequence[str],
    info: Callable[[str], Mapping[str, Any] | None],
    municipality: str | None,
    postal: str | None,
) -> str | None:
    """The one tied enterprise at ``postal`` (else in ``municipality``), or None."""
    code = postal_code(postal) if postal else None
    if code:
        hits = _agree(tied, lambda r: postal_code(r.get("postal_code")), code, info)
        if len(hits) == 1:
            return hits[0]
    if municipality and municipality.strip():
        place = fold(municipality.strip())
        hits = _agree(tied, lambda r: fold(str(r.get("municipality") or "")), place, info)
        if len(hits) == 1:
            return hits[0]
    return None


def tied_ids(link_detail: object, candidates: object) -> list[str]:
    """The tied enterprise ids of a link row (empty unless the row is a tie)."""
    if not (isinstance(link_detail, str) and link_detail.startswith("tie")):
        return []
    return candidates.split(" | ") if isinstance(candidates, str) and candidates else []
