"""Contracts layers on disk: staging per source, the core tables, and reading them back.

A contracts source is staged like a listing source: its adapter's ``parse()`` reads the landing
entry, rejects go to ``quarantine.parquet`` and the :class:`~esq.staging.report.StageReport`
to ``meta.json`` (so the ``quarantine`` and ``sources`` tables pick them up), the rows to
``contracts.parquet`` (paths: :class:`esq.layout.Layout`). The core tables ``contracts``,
``supplier_review``, ``procurement_by_city_year`` and ``top_social_economy_suppliers`` are
built from every staged source.
"""

from __future__ import annotations

import pandas as pd

from esq.adapters import adapter_for
from esq.catalog import Catalog, Source
from esq.config import Settings
from esq.contracts.mart import procurement_by_city_year, top_social_economy_suppliers
from esq.contracts.read import contract_rows
from esq.contracts.reference import with_listing_names
from esq.contracts.staging import CONTRACT_STAGE_COLUMNS, stage_contract_rows
from esq.contracts.table import build_contracts
from esq.fetching import entry_for
from esq.landing import LandingZone
from esq.staging.quarantine import quarantine_frame
from esq.staging.report import StageReport, kept_report, unreadable_report, write_report
from esq.staging.reuse import input_key, reusable
from esq.store import empty_frame, read_frame, read_staged, write_frame, write_json
from schemas.contract_tables import (
    CONTRACTS,
    PROCUREMENT_BY_CITY_YEAR,
    SUPPLIER_REVIEW,
    TOP_SOCIAL_ECONOMY_SUPPLIERS,
)

CORE_TABLES = (CONTRACTS, SUPPLIER_REVIEW, PROCUREMENT_BY_CITY_YEAR, TOP_SOCIAL_ECONOMY_SUPPLIERS)
PRIMARY_KINDS = ("ocds",)  # SEAO rows win over a city's own copy of the same contract


def contract_sources(catalog: Catalog) -> list[Source]:
    """Enabled sources of role contracts: kind ocds (SEAO) or anything landing Montréal CSVs."""
    return catalog.enabled("contracts")


def stage_contracts_to_store(source: Source, settings: Settings) -> StageReport:
    """Stage one source into its staging folder; return the report written to meta.json."""
    entry = entry_for(source.id, settings)
    if entry is None:
        return kept_report(settings, source, None, f"source {source.id}: no landing entry yet")
    # The good entries up to this one count (a multi-file reader takes each file's newest good
    # copy among them, esq.adapters.ckan_files): their manifests' sha256s key the staged output,
    # which an unchanged run keeps (esq.staging.reuse). A 304 or a failed fetch adds an entry
    # that holds no file a reader reads, so it must not change the key.
    good = [
        e
        for e in LandingZone(settings.landing_root).entries(source.id)
        if e.manifest.status == "success" and e.fetch_id <= entry.fetch_id
    ]
    key = input_key(source, [entry, *good])
    folder = settings.layout.staged(source.id, "meta.json").parent
    meta = reusable(folder, key, ("contracts.parquet", "quarantine.parquet"))
    if meta is not None:
        fields = StageReport.__dataclass_fields__
        return StageReport(**{**{k: v for k, v in meta.items() if k in fields}, "reused": True})
    try:
        parsed = adapter_for(source.kind).parse(source, entry)
    except Exception as exc:  # keep the last good staged data of this source
        return unreadable_report(
            settings, source, entry.ref, f"source {source.id}: cannot parse {entry.ref}: {exc}"
        )
    staged = stage_contract_rows(source.id, entry.ref, *contract_rows(source.id, parsed))
    layout = settings.layout
    write_frame(layout.staged(source.id, "contracts.parquet"), staged.frame)
    write_frame(layout.staged(source.id, "quarantine.parquet"), quarantine_frame(staged.quarantine))
    report = StageReport(
        source.id,
        entry.ref,
        staged.rows_parsed,
        len(staged.frame),
        staged.rows_rejected,
        len(staged.quarantine) - staged.rows_rejected,
        rows_out_of_scope=staged.rows_out_of_scope,
    )
    return write_report(settings, report, input_key=key)


def build_core_contracts(catalog: Catalog, settings: Settings) -> dict[str, pd.DataFrame]:
    """Combine the staged sources, drop duplicates, link suppliers; write and return frames."""
    layout = settings.layout
    sources = contract_sources(catalog)
    frames = [
        read_staged(layout, s.id, "contracts.parquet", CONTRACT_STAGE_COLUMNS) for s in sources
    ]
    frames = [f for f in frames if len(f)]
    staged = pd.concat(frames, ignore_index=True) if frames else empty_frame(CONTRACT_STAGE_COLUMNS)
    # Candidates are matched too, so that an unlisted non-profit's contracts go to it (and are
    # not counted) rather than to a listed namesake.
    enterprises = pd.concat(
        [read_frame(layout.core(n), "written by the entities step")
         for n in ("enterprises", "candidates")],
        ignore_index=True,
    )  # fmt: skip
    # … under every name they are known by, those their register entries declare included
    # (two columns of the listings only: the whole table is ~30 columns, 800 000 rows at size)
    listings = read_frame(
        layout.core("listings"), "written by the entities step", ["enterprise_id", "other_names"]
    )
    enterprises = with_listing_names(enterprises, listings)
    primary = {s.id for s in sources if s.kind in PRIMARY_KINDS}
    built = build_contracts(staged, enterprises, primary)
    write_frame(layout.core(CONTRACTS.name), built.contracts)
    write_frame(layout.core(SUPPLIER_REVIEW.name), built.supplier_review)
    write_json(layout.contracts_meta, {"duplicates_dropped": built.duplicates})
    return {CONTRACTS.name: built.contracts, SUPPLIER_REVIEW.name: built.supplier_review}


def build_procurement_mart(settings: Settings) -> dict[str, pd.DataFrame]:
    """The mart and the top suppliers from the core contracts; written and returned."""
    layout = settings.layout
    contracts = read_frame(layout.core(CONTRACTS.name), "written by core/contracts")
    enterprises = read_frame(layout.core("enterprises"), "written by the entities step")
    result = {
        PROCUREMENT_BY_CITY_YEAR.name: procurement_by_city_year(contracts),
        TOP_SOCIAL_ECONOMY_SUPPLIERS.name: top_social_economy_suppliers(contracts, enterprises),
    }
    for name, frame in result.items():
        write_frame(layout.core(name), frame)
    return result


def read_core_contracts(settings: Settings) -> dict[str, pd.DataFrame]:
    """The four core contracts tables as last written by core/contracts and core/procurement."""
    return {
        t.name: read_frame(settings.layout.core(t.name), "written by the contracts assets")
        for t in CORE_TABLES
    }
