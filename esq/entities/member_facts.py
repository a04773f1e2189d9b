"""What the constrained union-find knows of each record (``union_find.Facts``), and the
column readers the clustering shares: a column at a time as Python lists (an Arrow column
read value by value is slow)."""

from __future__ import annotations

import pandas as pd

from esq.entities.compat import effective_family, form_class, province_of
from esq.entities.union_find import Facts


def member_facts(
    listings: pd.DataFrame, families: list[str | None] | None = None
) -> dict[str, Facts]:
    """NEQ (valid or from the register), province, register flag, family and legal-form class
    of each member; ``families``: ``effective_families(listings)``, when the caller has it
    already."""
    facts = {}
    cols = ["member", "neq", "neq_status", "source_role", "postal_code", "region_code"]
    forms = listings.legal_form if "legal_form" in listings else [None] * len(listings)
    # A column at a time as Python lists (an Arrow column read value by value is slow).
    values = [listings[c].astype(object).tolist() for c in cols]
    for member, neq, neq_status, role, postal_code, region_code, family, form in zip(
        *values,
        effective_families(listings) if families is None else families,
        column_values(forms),
        strict=True,
    ):
        register = role == "register"
        # A listing that gives its NEQ takes the register's legal form with it: the form it
        # states itself does not hold the pair apart (hubs label a co-op « OBNL » by mistake).
        given = isinstance(neq, str) and (register or neq_status == "valid")
        facts[member] = Facts(
            neq if given else None,
            province_of(postal_code, region_code),
            register,
            family,
            form_class(form) if register or not given else None,
        )
    return facts


def effective_families(listings: pd.DataFrame) -> list[str | None]:
    """Each record's family, corrected by its register legal form (``effective_family``)."""
    form = listings.legal_form if "legal_form" in listings else [None] * len(listings)
    columns = (listings.name_family, form, listings.source_role)
    return [
        effective_family(f, lf, role)
        for f, lf, role in zip(*(column_values(c) for c in columns), strict=True)
    ]


def column_values(column: pd.Series | list) -> list:
    """A column's values as a Python list, a column at a time."""
    return column.astype(object).tolist() if isinstance(column, pd.Series) else list(column)


def column_texts(column: pd.Series) -> list[str | None]:
    """The column's values, text or None (one Python list: an Arrow column read value by
    value is slow)."""
    return [v if isinstance(v, str) else None for v in column.astype(object).tolist()]
