"""Source kind ``montreal_contracts``: Montréal's contract datasets (CSV files on CKAN).

Catalog endpoint::

    base_url: https://donnees.montreal.ca
    dataset: contrats-conseil-municipal-et-conseil-d-agglomeration
    resources: [1e5ab066-…, 7cf955d0-…]    # resource ids (or resource_names: globs)

options.dataset names the dataset in contract keys (e.g. ``conseil``). Fetch: the CSV files,
re-downloaded only when their size changes (:mod:`esq.adapters.ckan_files`); parse:
:func:`esq.contracts.montreal.parse_montreal`, which knows the four layouts and their header
spellings.
"""

from __future__ import annotations

from esq.adapters.base import FetchContext, ParsedSource
from esq.adapters.ckan_files import fetch_new_resources
from esq.catalog import Source
from esq.contracts.read import as_parsed_source, read_montreal
from esq.landing import LandingEntry


class MontrealContractsAdapter:
    """Source kind ``montreal_contracts``."""

    kind = "montreal_contracts"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        return fetch_new_resources(ctx)

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        files = [(f.name, p) for f, p in entry.iter_files()]
        dataset = str(source.options.get("dataset") or source.id)
        return as_parsed_source(*read_montreal(source.id, files, dataset))


ADAPTER = MontrealContractsAdapter()
