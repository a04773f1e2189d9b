"""Contracts layers on disk: staging per source, the core tables, and reading them back.

Layout under ESQ_HOME/staging: ``<source_id>/contracts.parquet``, ``quarantine.parquet`` and
``meta.json`` per contracts source (the quarantine and meta formats of the listing sources, so
the ``quarantine`` and ``sources`` tables pick them up); ``core/contracts.parquet``,
``core/supplier_review.parquet``, ``core/procurement_by_city_year.parquet`` and
``core/top_social_economy_suppliers.parquet``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from esq.adapters.ckan_files import landed_files
from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.contracts.mart import (
    MART_COLUMNS,
    TOP_COLUMNS,
    procurement_by_city_year,
    top_social_economy_suppliers,
)
from esq.contracts.read import METADATA_FILES, read_contract_files
from esq.contracts.staging import CONTRACT_STAGE_COLUMNS, stage_contract_rows
from esq.contracts.supplier_link import REVIEW_COLUMNS
from esq.contracts.table import CONTRACT_COLUMNS, build_contracts
from esq.fetching import entry_for
from esq.landing import LandingZone
from esq.staging.quarantine import quarantine_frame
from esq.store import read_frame, write_frame, write_json

CORE_FILES: dict[str, tuple[str, ...]] = {
    "contracts": CONTRACT_COLUMNS,
    "supplier_review": REVIEW_COLUMNS,
    "procurement_by_city_year": MART_COLUMNS,
    "top_social_economy_suppliers": TOP_COLUMNS,
}
PRIMARY_KINDS = ("ocds",)
#: Kinds fetched by esq.adapters.ckan_files, whose entries hold only the files that changed.
INCREMENTAL_KINDS = (
    "ocds",
    "montreal_contracts",
)  # SEAO rows win over a city's own copy of the same contract


def contract_sources(catalog: Catalog) -> list[Source]:
    """Enabled sources of role contracts: kind ocds (SEAO) or anything landing Montréal CSVs."""
    return catalog.enabled("contracts")


def _files(source: Source, settings: Settings) -> tuple[list[tuple[str, Path]], str | None]:
    """The files to read and the fetch reference they come from."""
    entry = entry_for(source.id, settings)
    if entry is None:
        return [], None
    if source.kind in INCREMENTAL_KINDS:
        # A fetch lands only the files that changed: read each file's newest good copy.
        landing = LandingZone(settings.landing_root)
        files = landed_files(landing, source.id, upto=entry.fetch_id)
        return [(name, path) for name, (_, path) in sorted(files.items())], entry.ref
    return [(f.name, p) for f, p in entry.iter_files()], entry.ref


def stage_contracts_to_store(source: Source, settings: Settings) -> dict:
    """Stage one source into ESQ_HOME/staging/<id>/; return the report written to meta.json."""
    out = settings.staging_dir / source.id
    files, fetch_ref = _files(source, settings)
    if fetch_ref is None:
        return {"source_id": source.id, "error": f"source {source.id}: no landing entry yet"}
    rows, rejects = read_contract_files(source.kind, source.id, files, source.options)
    staged = stage_contract_rows(source.id, fetch_ref, rows, rejects)
    write_frame(out / "contracts.parquet", staged.frame)
    write_frame(out / "quarantine.parquet", quarantine_frame(staged.quarantine))
    report = {
        "source_id": source.id,
        "fetch_ref": fetch_ref,
        "files": sum(name not in METADATA_FILES for name, _ in files),
        "rows_parsed": staged.rows_parsed,
        "rows_staged": len(staged.frame),
        "rows_quarantined": staged.rows_rejected,
        "values_quarantined": len(staged.quarantine) - staged.rows_rejected,
        "rows_out_of_scope": staged.rows_out_of_scope,
        "error": None,
    }
    write_json(out / "meta.json", report)
    return report


def build_core_contracts(catalog: Catalog, settings: Settings) -> dict[str, pd.DataFrame]:
    """Combine the staged sources, drop duplicates, link suppliers; write and return frames."""
    sources = contract_sources(catalog)
    frames = [
        read_frame(settings.staging_dir / s.id / "contracts.parquet", CONTRACT_STAGE_COLUMNS)
        for s in sources
    ]
    frames = [f for f in frames if len(f)]
    staged = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {c: pd.Series(dtype="object") for c in CONTRACT_STAGE_COLUMNS})  # fmt: skip
    enterprises = read_frame(settings.staging_dir / "core" / "enterprises.parquet",
                             ("enterprise_id", "name", "other_names", "neq"))  # fmt: skip
    primary = {s.id for s in sources if s.kind in PRIMARY_KINDS}
    built = build_contracts(staged, enterprises, primary)
    core = settings.staging_dir / "core"
    write_frame(core / "contracts.parquet", built.contracts)
    write_frame(core / "supplier_review.parquet", built.supplier_review)
    write_json(core / "contracts_meta.json", {"duplicates_dropped": built.duplicates})
    return {"contracts": built.contracts, "supplier_review": built.supplier_review}


def build_procurement_mart(settings: Settings) -> dict[str, pd.DataFrame]:
    """The mart and the top suppliers from the core contracts; written and returned."""
    core = settings.staging_dir / "core"
    contracts = read_frame(core / "contracts.parquet", CONTRACT_COLUMNS)
    enterprises = read_frame(core / "enterprises.parquet", ("enterprise_id", "name"))
    result = {
        "procurement_by_city_year": procurement_by_city_year(contracts),
        "top_social_economy_suppliers": top_social_economy_suppliers(contracts, enterprises),
    }
    for name, frame in result.items():
        write_frame(core / f"{name}.parquet", frame)
    return result


def read_core_contracts(settings: Settings) -> dict[str, pd.DataFrame]:
    """The four core frames as last written (empty frames when never built)."""
    core = settings.staging_dir / "core"
    return {n: read_frame(core / f"{n}.parquet", cols) for n, cols in CORE_FILES.items()}
