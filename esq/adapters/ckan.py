"""CKAN portals (donnees.montreal.ca, Données Québec): package_show, datastore_search, download.

Catalog endpoint::

    base_url: https://donnees.montreal.ca      # the API lives at <base_url>/api/3/action/…
    dataset: liste-des-fournisseurs            # package id or slug
    resource: ceee5da3-…                       # resource id (or resource_name: exact name)
    mode: datastore                            # datastore (paged API) | download (the file)
    page_size: 1000                            # datastore only
    max_pages: 1000

Every fetch stores ``package_show.json`` (metadata_modified, last_modified …) and then either the
datastore pages ``datastore-000001.json`` … (parameters in the manifest) or the resource file.
An unchanged datastore resource (the same ``last_modified``/``metadata_modified`` and size in
package_show as in the previous entry's) is not paged again: the entry is ``not_modified``.
A downloaded file is asked conditionally (ETag / Last-Modified).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from esq.adapters.base import (
    FetchContext,
    ParsedSource,
    RawRecord,
    SourceError,
    record_key_of,
)
from esq.adapters.live import download_or_reuse, land_json, live_http
from esq.adapters.paging import DEFAULT_MAX_PAGES, Page, fingerprint, offset_pages
from esq.catalog import Source
from esq.http import parse_json
from esq.landing import LandingEntry, LandingWriter

PACKAGE_FILE = "package_show.json"
PAGE_PREFIX = "datastore-"


def api_url(base_url: str, action: str) -> str:
    return f"{base_url.rstrip('/')}/api/3/action/{action}"


def ckan_result(payload: Any, source_id: str, url: str) -> Any:
    """The ``result`` of a CKAN action answer; ``success: false`` raises SourceError."""
    if not isinstance(payload, dict) or "success" not in payload:
        raise SourceError(source_id, "not a CKAN API answer (no 'success' key)", url)
    if not payload["success"]:
        raise SourceError(source_id, f"CKAN error: {payload.get('error')}", url)
    return payload.get("result")


def pick_resource(package: dict[str, Any], endpoint: dict[str, Any], source_id: str) -> dict:
    """The resource named by ``resource`` (id) or ``resource_name`` in a package_show result."""
    resources = package.get("resources") or []
    wanted_id, wanted_name = endpoint.get("resource"), endpoint.get("resource_name")
    for res in resources:
        if (wanted_id and res.get("id") == wanted_id) or (
            not wanted_id and wanted_name and res.get("name") == wanted_name
        ):
            return res
    known = ", ".join(f"{r.get('id')} ({r.get('name')})" for r in resources) or "none"
    raise SourceError(
        source_id,
        f"resource {wanted_id or wanted_name!r} not in dataset {package.get('name')!r}; "
        f"resources: {known}",
    )


def _file_name(url: str, resource: dict[str, Any]) -> str:
    tail = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    if "." in tail:
        return tail
    return f"{resource.get('id', 'resource')}.{(resource.get('format') or 'bin').lower()}"


#: package_show fields that change whenever a resource's data does.
CHANGE_FIELDS = (
    "last_modified",
    "metadata_modified",
    "size",
    "datastore_contains_all_records_of_source_file",
)


def unchanged(resource: dict, previous: LandingEntry, endpoint: dict, source_id: str) -> bool:
    """Whether ``resource`` reads the same in the previous entry's package_show (and that entry
    holds datastore pages): a change test before paging."""
    names = {f.name for f in previous.manifest.files}
    if PACKAGE_FILE not in names or not any(n.startswith(PAGE_PREFIX) for n in names):
        return False
    try:
        before = json.loads(previous.file_path(PACKAGE_FILE).read_bytes())
        old = pick_resource(before.get("result") or {}, endpoint, source_id)
    except (ValueError, OSError, SourceError):
        return False
    stamps = [resource.get(k) for k in CHANGE_FIELDS]
    return any(v is not None for v in stamps[:2]) and stamps == [old.get(k) for k in CHANGE_FIELDS]


class CkanAdapter:
    """Source kind ``ckan``."""

    kind = "ckan"

    def fetch(self, ctx: FetchContext) -> LandingEntry:
        """package_show, then datastore pages or the resource file, into one landing entry."""
        source, http = ctx.source, live_http(ctx, ("base_url", "dataset"))
        ep = source.endpoint
        with ctx.landing.writer(source.id, mode="live") as writer:
            url = api_url(ep["base_url"], "package_show")
            payload = land_json(
                http, url, writer, PACKAGE_FILE, source_id=source.id, params={"id": ep["dataset"]}
            )
            resource = pick_resource(ckan_result(payload, source.id, url), ep, source.id)
            if ep.get("mode", "datastore") == "datastore":
                if resource.get("datastore_active") is False:
                    message = f"resource {resource['id']} has no datastore; use mode: download"
                    raise SourceError(source.id, message, url)
                if ctx.previous is not None and unchanged(resource, ctx.previous, ep, source.id):
                    ctx.log.info("%s: resource unchanged since %s", source.id, ctx.previous.ref)
                    return writer.commit("not_modified", reused_from=ctx.previous.fetch_id)
                self._fetch_datastore(http, writer, source, resource["id"])
                return writer.commit()
            return self._fetch_download(ctx, writer, resource)

    @staticmethod
    def _fetch_datastore(http: Any, writer: LandingWriter, source: Source, resource_id: str):
        ep = source.endpoint
        url = api_url(ep["base_url"], "datastore_search")
        limit = int(ep.get("page_size", 1000))
        numbers = itertools.count(1)

        def fetch(offset: int) -> Page:
            # sorting on _id keeps pages stable while the table is read
            params = {"resource_id": resource_id, "limit": limit, "offset": offset, "sort": "_id"}
            name = f"{PAGE_PREFIX}{next(numbers):06d}.json"
            payload = land_json(http, url, writer, name, source_id=source.id, params=params)
            result = ckan_result(payload, source.id, url) or {}
            records = result.get("records") or []
            return Page(len(records), fingerprint(records), total=result.get("total"))

        max_pages = int(ep.get("max_pages", DEFAULT_MAX_PAGES))
        for _ in offset_pages(fetch, source_id=source.id, url=url, max_pages=max_pages):
            pass

    @staticmethod
    def _fetch_download(ctx: FetchContext, writer: LandingWriter, resource: dict) -> LandingEntry:
        url = resource.get("url")
        if not url:
            raise SourceError(ctx.source.id, f"resource {resource.get('id')} has no url")
        return download_or_reuse(ctx, writer, url, _file_name(url, resource), skip=(PACKAGE_FILE,))

    def parse(self, source: Source, entry: LandingEntry) -> ParsedSource:
        """Datastore pages into records; a downloaded file through the tabular parser (a
        contracts source's CSV through the contracts parser)."""
        files = entry.manifest.files
        pages = sorted((f for f in files if f.name.startswith(PAGE_PREFIX)), key=lambda f: f.name)
        if pages:
            return parse_datastore_pages(source, [(f.name, entry.file_path(f.name)) for f in pages])
        if source.role == "contracts":  # a contract CSV: rows of esq's contract shape
            # imported here: the contracts parser reads CSVs with this module's helpers
            from esq.contracts.read import parse_contract_csvs

            return parse_contract_csvs(source, entry)
        data = [f for f in entry.manifest.files if f.name != PACKAGE_FILE]
        if not data:
            raise SourceError(source.id, f"landing entry {entry.ref} holds no data file")
        from esq.adapters.tabular import parse_table_bytes  # the tabular kind owns CSV/XLSX

        out = ParsedSource()
        for landed in data:  # an entry may hold several files of one dataset (e.g. by period)
            part = parse_table_bytes(source, landed.name, entry.file_path(landed.name))
            out.records.extend(part.records)
            out.rejects.extend(part.rejects)
            out.columns.extend(c for c in part.columns if c not in out.columns)
        return out


def parse_datastore_pages(source: Source, pages: list[tuple[str, Path]]) -> ParsedSource:
    """Records of stored datastore_search answers, in page order."""
    out = ParsedSource()
    for name, path in pages:
        payload = parse_json(path.read_bytes(), source.id, None)
        result = ckan_result(payload, source.id, name) or {}
        if not out.columns:
            out.columns = [f["id"] for f in result.get("fields", []) if f.get("id") != "_id"]
        for i, record in enumerate(result.get("records") or [], start=1):
            fields = {k: v for k, v in record.items() if k != "_id"}
            fallback = f"_id={record.get('_id')}" if "_id" in record else f"{name}#{i}"
            key = record_key_of(source, fields, fallback)
            out.records.append(RawRecord(key, fields, f"{name} record {i}"))
    return out


ADAPTER = CkanAdapter()
