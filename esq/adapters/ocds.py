"""Source kind ``ocds``: SEAO's OCDS release packages on Données Québec.

Catalog endpoint::

    base_url: https://www.donneesquebec.ca/recherche   # CKAN API at <base_url>/api/3/action/
    dataset: d23b2e02-085d-43e5-9e6e-e1d558ebfdd5      # systeme-electronique-dappel-doffres-seao
    resource_names: ["hebdo_*.json", "mensuel_*.json"] # globs on resource names
    max_files: 4                                       # downloads per run (newest first)
    since: 2024-01-01                                  # optional: older files are not fetched

Fetch: :func:`esq.adapters.ckan_files.fetch_new_resources`. Parse: the streaming OCDS reader,
collapsed to the latest release per contract (:mod:`esq.contracts.read`).
"""

from __future__ import annotations

from esq.adapters.base import FetchContext, ParsedSource
from esq.adapters.ckan_files import fetch_new_resources, newest_files
from esq.catalog import Source
from esq.contracts.read import as_parsed_source, read_ocds
from esq.landing import LandingEntry


class OcdsAdapter:
    """Source kind ``ocds``."""

    kind = "ocds"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        return fetch_new_resources(ctx)

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Every landed file of the source, not only this entry's: a fetch lands only the
        files not landed before (per name, the newest copy is read)."""
        return as_parsed_source(*read_ocds(source.id, newest_files(entry)))


ADAPTER = OcdsAdapter()
