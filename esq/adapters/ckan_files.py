"""CKAN datasets published as many files: list resources by name pattern, land the new ones.

Used by the contract kinds. A live fetch stores the ``package_show`` answer, picks the resources
whose name matches the catalog's patterns, and downloads those not yet landed — "landed" meaning
a file of the same name and the same size (as package_show reports it) in an earlier successful
entry of the source, so a file republished with other contents is fetched again. At most
``max_files`` files are fetched per run (newest names first), so a first run never pulls the
whole 6 GB SEAO history; later runs continue where it stopped. A source declaring ``since``
bounds its history itself: every wanted file back to that date is fetched (a first run backfills
the whole range), ``max_files`` caps only sources without ``since``. When nothing is new the
entry is committed ``not_modified``, pointing at the previous one.

Readers therefore combine *all* successful entries (:func:`landed_files`): per file name, the
most recent copy.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

from esq.adapters.base import FetchContext, SourceError
from esq.adapters.ckan import PACKAGE_FILE, api_url, ckan_result
from esq.adapters.live import land_json, live_http
from esq.landing import LandedFile, LandingEntry, LandingZone

DEFAULT_MAX_FILES = 4
#: Readers of these kinds combine every good entry: each file's newest copy (module docstring).
INCREMENTAL_FILES = True
_DATE_IN_NAME = re.compile(r"(\d{8})")


def _patterns(value: Any) -> list[str]:
    if not value:
        return ["*"]
    return [value] if isinstance(value, str) else [str(v) for v in value]


def wanted_resources(package: dict[str, Any], endpoint: dict[str, Any]) -> list[dict[str, Any]]:
    """Resources named by id (``resources``) or matching ``resource_names`` globs, newest first.

    ``since`` (YYYY-MM-DD) drops files whose first date in the name is earlier.
    """
    ids = endpoint.get("resources")
    patterns = _patterns(endpoint.get("resource_names"))
    since = str(endpoint.get("since") or "").replace("-", "")
    chosen = []
    for res in package.get("resources") or []:
        name = str(res.get("name") or "")
        if ids is not None:
            if res.get("id") in ids:
                chosen.append(res)
            continue
        if not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        date = _DATE_IN_NAME.search(name)
        if since and date and date.group(1) < since:
            continue
        chosen.append(res)
    return sorted(chosen, key=_newest_first, reverse=True)


def _newest_first(resource: dict[str, Any]) -> tuple[str, str]:
    """Sort key: the first date in the name (hebdo_/mensuel_YYYYMMDD_…), then the name."""
    name = str(resource.get("name") or "")
    date = _DATE_IN_NAME.search(name)
    return (date.group(1) if date else "", name)


def landed_files(
    landing: LandingZone, source_id: str, upto: str | None = None
) -> dict[str, tuple[int, Path]]:
    """File name -> (size, path) of the newest copy across the source's successful entries.

    With ``upto`` (a fetch id: the source's last good entry) later entries are left out, so a
    fetch that was refused never contributes a file.
    """
    out: dict[str, tuple[int, Path]] = {}
    for entry in landing.entries(source_id):
        if upto is not None and entry.fetch_id > upto:
            break
        if entry.manifest.status != "success":
            continue
        for landed in entry.manifest.files:
            out[landed.name] = (landed.size, entry.file_path(landed.name))
    return out


def newest_files(entry: LandingEntry) -> list[tuple[str, Path]]:
    """What a reader of a ckan_files source reads for ``entry``: each file's newest good copy
    up to that entry (a fetch lands only the files that changed), by name."""
    zone = LandingZone(entry.path.parent.parent)  # <root>/<source_id>/<fetch_id>
    files = landed_files(zone, entry.manifest.source_id, upto=entry.fetch_id)
    return [(name, path) for name, (_, path) in sorted(files.items())]


def landed_validators(landing: LandingZone, source_id: str) -> dict[str, LandedFile]:
    """File name -> the newest landed copy's manifest record (ETag, Last-Modified)."""
    out: dict[str, LandedFile] = {}
    for entry in landing.entries(source_id):
        if entry.manifest.status == "success":
            out.update({f.name: f for f in entry.manifest.files})
    return out


def file_name(resource: dict[str, Any]) -> str:
    url = str(resource.get("url") or "")
    tail = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    return str(resource.get("name") or "") if "." in str(resource.get("name")) else tail


def fetch_new_resources(ctx: FetchContext) -> LandingEntry:
    """package_show, then download the wanted resources not yet landed (module docstring)."""
    source, http = ctx.source, live_http(ctx, ("dataset",))
    ep = source.endpoint
    base = ep.get("base_url", "https://www.donneesquebec.ca/recherche")
    already = landed_files(ctx.landing, source.id)
    validators = landed_validators(ctx.landing, source.id)
    # `since` is the operator's bound on the history: backfill all of it
    limit = 10**9 if ep.get("since") else int(ep.get("max_files", DEFAULT_MAX_FILES))
    with ctx.landing.writer(source.id, mode="live") as writer:
        url = api_url(base, "package_show")
        payload = land_json(
            http, url, writer, PACKAGE_FILE, source_id=source.id, params={"id": ep["dataset"]}
        )
        package = ckan_result(payload, source.id, url) or {}
        fetched = 0
        for res in wanted_resources(package, ep):
            name = file_name(res)
            if not name or not res.get("url"):
                raise SourceError(source.id, f"resource {res.get('id')} has no name or url")
            known = already.get(name)
            if known and res.get("size") == known[0]:
                continue
            if fetched >= limit:
                ctx.log.info(
                    "%s: %d-file limit reached; the rest on the next run", source.id, limit
                )
                break
            # no size to compare: ask conditionally with the landed copy's validators
            previous = validators.get(name) if known else None
            if http.download(res["url"], writer, name, source_id=source.id, previous=previous):
                fetched += 1
        if fetched == 0 and ctx.previous is not None:
            return writer.commit("not_modified", reused_from=ctx.previous.fetch_id)
        if fetched == 0 and not already:
            raise SourceError(source.id, f"no resource of dataset {ep['dataset']} matches", url)
        return writer.commit("success")
