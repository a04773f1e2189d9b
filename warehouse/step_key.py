"""The input key of the warehouse and its publication (esq.reuse).

The candidate warehouse is assembled from the core tables, every enabled source's quarantine,
the ``sources`` table as published (catalog, fetch outcome, stage counts), the municipalities
and the previous publication (``changes``). When all but the last hash as they did for the warehouse
that is live now, and the publication is still the release built from it, building and
publishing again would write the same bytes: both steps are skipped.
"""

from __future__ import annotations

import hashlib

from esq.catalog import Catalog
from esq.config import Settings
from esq.reuse import digests, file_digest, step_key
from esq.step_keys import CONTRACT_TABLES, ENTITY_TABLES, PROCUREMENT_TABLES
from schemas.tables import MUNICIPALITIES
from warehouse.assemble import published_sources, sources_frame

WAREHOUSE_STEP = "warehouse"
CODE = ("esq", "schemas", "warehouse", "assets/warehouse.py")


def warehouse_key(catalog: Catalog, settings: Settings) -> str:
    """Every input of the candidate warehouse but the previous publication."""
    layout = settings.layout
    # As published: the attempt's wall-clock is not an input (an unchanged live re-run reuses).
    sources = published_sources(sources_frame(catalog, settings))
    tables = (*ENTITY_TABLES, *CONTRACT_TABLES, *PROCUREMENT_TABLES)
    return step_key(
        WAREHOUSE_STEP,
        CODE,
        {
            "catalog": [s.model_dump(mode="json") for s in catalog.sources],
            "sources": hashlib.sha256(sources.to_json(orient="split").encode()).hexdigest(),
            "core": digests(layout.core(t) for t in tables),
            "contracts_meta": file_digest(layout.contracts_meta),
            "quarantine": digests(
                layout.staged(s.id, "quarantine.parquet") for s in catalog.enabled()
            ),
            "municipalities": file_digest(layout.reference(MUNICIPALITIES.name)),
        },
    )
