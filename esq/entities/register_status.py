"""Competing registrations: the active registration before struck-off, annulled or absorbed
ones, and no name edge to an inactive registration whose name an active one holds."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from esq.entities.doors import isin
from esq.entities.exact import Link

if TYPE_CHECKING:
    from esq.entities.pair_view import PairView


def status_rank(status: object) -> int:
    """Register status rank: 0 for the active registration (or no status), 1 for the others
    (struck off, annulled, absorbed)."""
    return 0 if status == "IM" or not isinstance(status, str) else 1


def active_register_names(listings: pd.DataFrame, view: PairView, edges: list[Link]) -> set:
    """Name keys of the inactive registrations some edge would take that an active registration
    of the whole register also holds (vectorised: the register may have millions of rows)."""
    inactive = view.inactive_records  # a set lookup per edge, not a method call
    if not inactive:
        return set()
    wanted = {
        view.name_key.get(m)
        for edge in edges
        if edge.left in inactive or edge.right in inactive
        for m in (edge.left, edge.right)
        if view.role.get(m) == "register"
    } - {None}
    if not wanted or "register_status" not in listings:
        return set()
    # The few rows of those names first, then their role and status (not the whole register's).
    named = isin(listings.name_key, wanted)  # an Arrow hash lookup, not pandas' isin
    rows = listings[["source_role", "register_status", "name_key"]].iloc[np.flatnonzero(named)]
    status = rows.register_status
    active = (rows.source_role == "register") & (status.isna() | (status == "IM"))
    return set(rows.name_key[active])
