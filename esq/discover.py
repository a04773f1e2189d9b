"""``esq discover ORG [keywords]``: candidate datasets of a CKAN organisation, for the catalog.

Lists, through CKAN ``package_search`` (paged with start/rows until ``count``), the datasets of one
organisation that match the keywords, with the ids an operator copies into the catalog (dataset
name, resource ids, formats, datastore flag) and the last-modified dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from esq.adapters.ckan import api_url, ckan_result
from esq.adapters.paging import Page, fingerprint, offset_pages
from esq.http import HttpClient

#: What a social-economy listing or a contract table is usually called on Québec portals.
DEFAULT_KEYWORDS: tuple[str, ...] = (
    "organismes",
    "fournisseurs",
    "contrats",
    "coopératives",
    "entreprises",
    "subventions",
    "économie sociale",
)


@dataclass(frozen=True)
class ResourceRow:
    """One resource of a candidate dataset."""

    id: str
    name: str
    format: str
    datastore_active: bool
    last_modified: str | None


@dataclass(frozen=True)
class DatasetRow:
    """One candidate dataset, as an operator needs it to write a catalog entry."""

    name: str  # the slug: endpoint.dataset
    id: str
    title: str
    organization: str
    metadata_modified: str | None
    licence: str | None
    resources: tuple[ResourceRow, ...]


def search_params(org: str, keywords: Sequence[str], start: int, rows: int) -> dict[str, Any]:
    """package_search parameters: the organisation as a filter, keywords OR-ed (quoted)."""
    terms = [f'"{k}"' if " " in k else k for k in keywords if k.strip()]
    return {
        "fq": f"organization:{org}",
        "q": " OR ".join(terms) if terms else "*:*",
        "rows": rows,
        "start": start,
        "sort": "name asc",  # a stable order keeps start/rows pages disjoint
    }


def dataset_row(package: dict[str, Any]) -> DatasetRow:
    """A package_search result reduced to what the catalog needs."""
    resources = tuple(
        ResourceRow(
            id=str(r.get("id", "")),
            name=str(r.get("name") or ""),
            format=str(r.get("format") or ""),
            datastore_active=bool(r.get("datastore_active")),
            last_modified=r.get("last_modified") or r.get("metadata_modified"),
        )
        for r in package.get("resources") or []
    )
    org = package.get("organization") or {}
    return DatasetRow(
        name=str(package.get("name", "")),
        id=str(package.get("id", "")),
        title=str(package.get("title") or ""),
        organization=str(org.get("name") or ""),
        metadata_modified=package.get("metadata_modified"),
        licence=package.get("license_id"),
        resources=resources,
    )


def discover(
    http: HttpClient,
    base_url: str,
    org: str,
    keywords: Sequence[str] = DEFAULT_KEYWORDS,
    *,
    rows: int = 100,
    max_pages: int = 50,
) -> list[DatasetRow]:
    """Candidate datasets of ``org`` on the CKAN portal at ``base_url``, newest first."""
    url = api_url(base_url, "package_search")
    source_id = f"discover-{org}"[:64]
    found: list[DatasetRow] = []

    def fetch(start: int) -> Page:
        params = search_params(org, keywords, start, rows)
        result = ckan_result(http.get_json(url, source_id=source_id, params=params), source_id, url)
        packages = (result or {}).get("results") or []
        found.extend(dataset_row(p) for p in packages)
        ids = [p.get("id") for p in packages]
        return Page(len(packages), fingerprint(ids), total=(result or {}).get("count"))

    for _ in offset_pages(fetch, source_id=source_id, url=url, max_pages=max_pages):
        pass
    return sorted(found, key=lambda d: (d.metadata_modified or "", d.name), reverse=True)
