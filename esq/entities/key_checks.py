"""The key rules' pair test (``exact.rule_links``): whether a rule links two rows sharing its key.

The rows of the candidate pairs are read once for every rule, a column at a time, with what
the test asks of a row alone worked out once per row (its texts, effective family and kind):
a row comes back in several pairs and several rules' pairs, and the test runs on every pair.
"""

from __future__ import annotations

from collections import namedtuple
from functools import lru_cache

import numpy as np
import pandas as pd

from esq.entities.column_take import column_values
from esq.entities.compat import (
    compatible_names,
    degenerate_key,
    effective_family,
    families_conflict,
    kinds_conflict,
    place_words,
    token_overlap,
)

#: The columns of a rule row the test reads.
ROW_COLUMNS = (
    "member",
    "name_key",
    "name_family",
    "source_role",
    "municipality_code",
    "municipality",
    "mrc",
    "legal_form",
    "postal_code",
    "civic_number",
)
#: Read as text or None (the test asks nothing else of them).
_TEXTS = frozenset(ROW_COLUMNS) - {"member", "name_key", "source_role"}
#: A row: its columns (texts as str or None), its effective family and its kind (the tuple
#: ``compat.kinds_conflict`` reads).
Row = namedtuple("Row", [*ROW_COLUMNS, "family", "kind"])


def add_rows(table: pd.DataFrame, at: np.ndarray, known: dict[int, Row]) -> dict[int, Row]:
    """``known`` with the rows of ``table`` at positions ``at`` it lacks (only those: the table
    can hold the whole register)."""
    at = np.setdiff1d(at, np.fromiter(known, np.int64, len(known)), assume_unique=True)
    if not len(at):
        return known
    # column by column: a take of every column of ``table`` at once copied ~20 of them
    columns = {c: column_values(table[c], at, texts=c in _TEXTS) for c in ROW_COLUMNS}
    family = [
        effective_family(f, lf, role)
        for f, lf, role in zip(
            columns["name_family"], columns["legal_form"], columns["source_role"], strict=True
        )
    ]
    kind = zip(
        columns["name_key"], family, columns["legal_form"], columns["source_role"], strict=True
    )
    values = zip(*columns.values(), family, kind, strict=True)
    known.update(zip(at.tolist(), map(Row._make, values), strict=True))
    return known


@lru_cache(maxsize=1 << 16)  # a few thousand towns and MRCs, asked for every pair
def places(*names: str | None) -> frozenset[str]:
    """Words of the given municipality and MRC names (None: none)."""
    return frozenset().union(*(place_words(n) for n in names))


def proposes(rule: str, need_name: bool, a: Row, b: Row) -> bool:
    """Whether the rule links this pair of rows sharing its key (the rule stage's decision,
    as ``exact`` has always made it)."""
    if a.source_role == "register" and b.source_role == "register":
        return False
    if rule == "same_neq":
        return True
    fa, fb = a.family, b.family
    where = places(a.municipality, a.mrc, b.municipality, b.mrc)
    if kinds_conflict(a.kind, b.kind, where):
        return False
    if need_name:
        names = compatible_names(a.name_key, b.name_key, fa, fb, where) or (
            rule == "same_postal_civic_compatible_name" and same_kind_place_name(a, b, fa, fb)
        )
        return names and _same_place(a.municipality_code, b.municipality_code)
    if families_conflict(fa, fb):
        return False
    # A name reduced to a place (« CDC Mékinac », « Coop de Mékinac » -> « mekinac »; « Caisse
    # Desjardins de X ») identifies only at the same postal code, or with the same kind of
    # body when a postal code is missing or the civic number agrees: a town can have several
    # « Coop de X » (a workers' and a solidarity co-op), told apart by their doors.
    if not degenerate_key(a.name_key, where):
        return True
    pa, pb = a.postal_code, b.postal_code
    if pa is not None and pa == pb:
        return True
    same_kind = fa is not None and fa == fb
    if pa is None or pb is None:
        return same_kind
    return same_kind and a.civic_number is not None and a.civic_number == b.civic_number


def _same_place(a: str | None, b: str | None) -> bool:
    """Same municipality, or one of them unknown: a shared website across towns is a network
    of distinct organisations more often than one organisation."""
    return not (a is not None and b is not None and a != b)


def same_kind_place_name(a: Row, b: Row, fa: str | None, fb: str | None) -> bool:
    """At one door, two names of one kind of body that share their place (« Coopérative de
    solidarité Les Grès » / « … santé Les Grès » in Saint-Étienne-des-Grès) are one body: the
    place words that carry no identity across a town do at a single door."""
    return fa is not None and fa == fb and token_overlap(a.name_key, b.name_key) >= 0.5
