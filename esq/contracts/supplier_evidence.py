"""What tells apart enterprises a supplier name ties between (equal names: namesakes, two
registrations, an enterprise and a candidate), strongest first:

- ``neq_digits``: the supplier's published NEQ fails its check digit, but its first nine digits
  are the enterprise's (a typo in the last digit, corroborated by the name);
- ``locality``: the enterprise's town is one of the supplier's localities (SEAO's address);
- ``buyer_city``: it is one of the buying cities;
- ``buyer_region``: it is in the region of one of the buying cities (cities buy locally);
- ``listed``: a source lists it (not only a register entry or a candidate);
- ``active``: its registration is active (IM) or it has none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pandas as pd

from esq.normalise.text import fold

#: What breaks a tie between enterprises of the same name, strongest first.
EVIDENCE_NAMES = ("neq_digits", "locality", "buyer_city", "buyer_region", "listed", "active")

Evidence = Callable[[str], tuple]


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column of ``frame``, or Nones when it lacks it."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), dtype="object")


def town_key(value: object) -> str | None:
    """A town name folded for comparison (« Trois-Rivières (Québec) » -> « trois rivieres »)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(fold(value.split("(")[0]).replace("-", " ").split()) or None


def _towns(values: object) -> set[str]:
    """The towns of a ' | '-separated list."""
    return {t for t in map(town_key, str(values or "").split(" | ")) if t}


def _digits(value: object) -> str | None:
    text = "".join(ch for ch in str(value or "") if ch.isdigit())
    return text if len(text) == 10 else None


class EnterpriseStanding:
    """Per enterprise, what can break a name tie (module docstring). Columns the frame lacks
    count for nobody."""

    def __init__(self, enterprises: pd.DataFrame):
        ids = list(enterprises.enterprise_id)
        self.town = dict(zip(ids, map(town_key, column(enterprises, "municipality")), strict=True))
        self.region = dict(zip(ids, column(enterprises, "region_code"), strict=True))
        self.neq = dict(zip(ids, column(enterprises, "neq"), strict=True))
        basis = column(enterprises, "social_economy_basis")
        self.listed = {e: b in ("listed", "both") for e, b in zip(ids, basis, strict=True)}
        status = column(enterprises, "register_status")
        self.active = {e: x in (None, "IM") or x != x for e, x in zip(ids, status, strict=True)}
        # A town's region: the one most of its enterprises are in (the buyers are big cities).
        counts: dict[str, Counter] = {}
        for e, town in self.town.items():
            region = self.region.get(e)
            if town and isinstance(region, str) and region:
                counts.setdefault(town, Counter())[region] += 1
        self.region_of_town = {t: c.most_common(1)[0][0] for t, c in counts.items()}

    def evidence(self, raw_neq: object, localities: object, buyer_cities: object) -> Evidence:
        """Evidence of one supplier (localities and cities ' | '-separated), per enterprise id."""
        here, cities = _towns(localities), _towns(buyer_cities)
        regions = {self.region_of_town[c] for c in cities if c in self.region_of_town}
        digits = _digits(raw_neq)

        def of(enterprise_id: str) -> tuple:
            town, neq = self.town.get(enterprise_id), self.neq.get(enterprise_id)
            return (
                digits is not None and isinstance(neq, str) and neq[:9] == digits[:9],
                town is not None and town in here,
                town is not None and town in cities,
                self.region.get(enterprise_id) in regions,
                self.listed.get(enterprise_id, False),
                self.active.get(enterprise_id, False),
            )

        return of
