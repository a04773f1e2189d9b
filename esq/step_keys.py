"""The input keys of the core steps (esq.reuse): what each one's outputs depend on.

Code is hashed by package, not by the exact modules imported: a change anywhere in ``esq/`` or
``schemas/`` recomputes every core step once (a deploy), which costs one full run and can never
miss a dependency. The asset module that reports a step's metadata is hashed with it.
"""

from __future__ import annotations

from pathlib import Path

from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.entities.files import ENTITY_FILES
from esq.register.other_forms import OTHER_FORMS_FILE
from esq.reuse import digests, file_digest, step_key
from schemas.contract_tables import (
    CONTRACTS,
    PROCUREMENT_BY_CITY_YEAR,
    SUPPLIER_REVIEW,
    TOP_SOCIAL_ECONOMY_SUPPLIERS,
)

ENTITIES_STEP = "entities"
CONTRACTS_STEP = "contracts"
PROCUREMENT_STEP = "procurement"
ENTITY_TABLES = ENTITY_FILES
CONTRACT_TABLES = (CONTRACTS.name, SUPPLIER_REVIEW.name)
PROCUREMENT_TABLES = (PROCUREMENT_BY_CITY_YEAR.name, TOP_SOCIAL_ECONOMY_SUPPLIERS.name)
CORE_CODE = ("esq", "schemas")


def entity_sources(catalog: Catalog) -> list[Source]:
    """The sources whose staged listings entity resolution reads."""
    return [s for s in catalog.sources if s.enabled and s.role in ("listing", "register")]


def entities_key(catalog: Catalog, settings: Settings) -> str:
    """Staged listings (content), their catalog entries, review decisions, code and model."""
    sources = entity_sources(catalog)
    layout = settings.layout
    return step_key(
        ENTITIES_STEP,
        (*CORE_CODE, "assets/entities.py"),
        {
            "sources": [s.model_dump(mode="json") for s in sources],
            "staged": digests(layout.staged(s.id, "listings.parquet") for s in sources),
            # The register's sites are address evidence of its records (esq.entities).
            "sites": digests(
                layout.staged(s.id, "establishments.parquet")
                for s in sources
                if s.role == "register"
            ),
            # Companies a listing may name (esq.register.named).
            "other_forms": digests(
                layout.staged(s.id, OTHER_FORMS_FILE) for s in sources if s.role == "register"
            ),
            "decisions": file_digest(layout.decisions),
        },
    )


def contracts_key(sources: list[Source], settings: Settings) -> str:
    """Staged contracts (content), their catalog entries, the enterprises linked to, code."""
    layout = settings.layout
    return step_key(
        CONTRACTS_STEP,
        (*CORE_CODE, "assets/contracts.py"),
        {
            "sources": [s.model_dump(mode="json") for s in sources],
            "staged": digests(layout.staged(s.id, "contracts.parquet") for s in sources),
            "core": digests(layout.core(t) for t in ("enterprises", "candidates", "listings")),
        },
    )


def procurement_key(settings: Settings) -> str:
    """The core contracts and enterprises the mart is computed from, and the code."""
    layout = settings.layout
    return step_key(
        PROCUREMENT_STEP,
        (*CORE_CODE, "assets/contracts.py"),
        {"core": digests(layout.core(t) for t in ("contracts", "enterprises"))},
    )


def outputs(settings: Settings, tables: tuple[str, ...]) -> list[Path]:
    """The core files of these tables."""
    return [settings.layout.core(t) for t in tables]
