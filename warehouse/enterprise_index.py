"""The published enterprises, read once from the warehouse opened read-only.

Both `esq match` and the reconciliation service read the same columns through
:func:`load_enterprises`; the connection is closed before they start linking, so neither holds
the warehouse (the pipeline can publish meanwhile) and neither can write to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

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
FROM enterprises e
LEFT JOIN (SELECT region_code, min(region_name) AS region_name
           FROM municipalities GROUP BY region_code) r USING (region_code)
ORDER BY e.enterprise_id
"""


def load_enterprises(warehouse_path: Path) -> pd.DataFrame:
    """The enterprises (``ENTERPRISE_FIELDS``) of the published warehouse, read-only."""
    with connect_readonly(warehouse_path) as con:
        frame = con.execute(_QUERY).df()
    return frame.astype(object).where(frame.notna(), None)
