"""Source kind ``montreal_contracts``: Montréal's contract datasets (CSV files on CKAN).

Catalog endpoint::

    base_url: https://donnees.montreal.ca
    dataset: contrats-conseil-municipal-et-conseil-d-agglomeration
    resources: [1e5ab066-…, 7cf955d0-…]    # resource ids (or resource_names: globs)

options.dataset names the dataset in contract keys (e.g. ``conseil``). Fetch: the CSV files,
re-downloaded only when their size changes (:mod:`esq.adapters.ckan_files`); parse:
:func:`esq.contracts.montreal.parse_montreal`, which knows the four layouts and their header
spellings. A ``ckan`` or ``tabular`` source of role ``contracts`` (a contract CSV downloaded by
a generic kind) is parsed here too (:func:`esq.contracts.read.parse_contract_csvs`).
"""

from __future__ import annotations

from esq.adapters.base import FetchContext, ParsedSource
from esq.adapters.ckan_files import fetch_new_resources, newest_files
from esq.catalog import Source
from esq.contracts.read import parse_contract_csvs
from esq.landing import LandingEntry


class MontrealContractsAdapter:
    """Source kind ``montreal_contracts``."""

    kind = "montreal_contracts"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        return fetch_new_resources(ctx)

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Each CSV's newest good copy: a fetch lands only the files that changed."""
        return parse_contract_csvs(source, entry, newest_files(entry))


ADAPTER = MontrealContractsAdapter()
