"""The published enterprises, read once from the warehouse opened read-only.

Both `esq match` and the reconciliation service read the same columns through
:func:`load_enterprises`; the connection is closed before they start linking, so neither holds
the warehouse (the pipeline can publish meanwhile) and neither can write to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from esq.contracts.reference import with_listing_names
from warehouse.readonly import connect_readonly

ENTERPRISE_FIELDS = (
    "enterprise_id", "name", "other_names", "neq", "legal_form", "social_economy_basis",
    "address", "municipality", "postal_code", "region_code", "region_name", "mrc", "sector",
    "website", "register_status",
)  # fmt: skip

_QUERY = """
SELECT e.enterprise_id, e.name, e.other_names, e.neq, e.legal_form, e.social_economy_basis,
       e.address, e.municipality, e.postal_code, e.region_code, r.region_name, e.mrc, e.sector,
       e.website, e.register_status
FROM {table} e
LEFT JOIN (SELECT region_code, min(region_name) AS region_name
           FROM municipalities GROUP BY region_code) r USING (region_code)
ORDER BY e.enterprise_id
"""
# The other names a listing carries (a register entry's trade and former names, Nom.csv).
_LISTING_NAMES = """
SELECT enterprise_id, other_names FROM listings
WHERE other_names IS NOT NULL AND enterprise_id IS NOT NULL
"""


def load_enterprises(warehouse_path: Path, *, candidates: bool = False) -> pd.DataFrame:
    """The enterprises (``ENTERPRISE_FIELDS``) of the published warehouse, read-only; their
    ``other_names`` include those of their listings (:mod:`esq.contracts.reference`).
    ``candidates``: the candidates too (basis ``candidate``), as the contracts' linker reads
    them, so that an unlisted non-profit's name goes to it rather than to a namesake."""
    with connect_readonly(warehouse_path) as con:
        tables = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        names = ["enterprises", *(["candidates"] if candidates and "candidates" in tables else [])]
        frame = pd.concat([con.execute(_QUERY.format(table=t)).df() for t in names])
        listings = con.execute(_LISTING_NAMES).df() if "listings" in tables else pd.DataFrame()
    frame = frame.reset_index(drop=True)
    frame = frame.astype(object).where(frame.notna(), None)
    return with_listing_names(frame, listings)
