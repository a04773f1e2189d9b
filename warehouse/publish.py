"""Published files: one Parquet file per public table and a Frictionless datapackage.json.

A publication is written into a new folder under ``releases/`` and made current by renaming a
symbolic link ``published`` over the old one — an atomic step, so a reader sees the whole old
publication or the whole new one. Rows are sorted and no wall-clock value enters a data file, so
the same inputs give byte-identical Parquet files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from esq.layout import Layout
from schemas.table_shape import Column, Table
from warehouse.build import built_tables

KEEP_RELEASES = 3
NON_COMMERCIAL = {
    "name": "CC-BY-NC-SA-4.0",
    "title": "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
    "path": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
}


def write_parquet(con: duckdb.DuckDBPyConnection, table: Table, path: Path) -> int:
    """Write one table, sorted by its key (or all columns), to a Parquet file; return rows."""
    order = ", ".join(f'"{c}"' for c in (table.primary_key or table.column_names))
    arrow = con.sql(f'SELECT * FROM "{table.name}" ORDER BY {order}').to_arrow_table()
    pq.write_table(arrow, path, compression="zstd", write_statistics=True)
    return arrow.num_rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


#: Said on every resource that can hold register fields when the register contributed rows.
REGISTER_NOTE = (
    " Contains fields from the REQ register: non-commercial use only (CC BY-NC-SA 4.0, the "
    "licence the Registraire states for its open data; not yet confirmed with it in writing)."
)
#: The source roles whose data each public table holds: a table carries the licence of every
#: source of those roles that contributed rows. A table not listed here (a new one) is taken
#: to hold data of every role, so a licence is never left off.
TABLE_ROLES: dict[str, frozenset[str]] = {
    "enterprises": frozenset({"listing", "register", "reference"}),
    "listings": frozenset({"listing", "register", "reference"}),
    "enterprise_links": frozenset({"listing", "register"}),
    "field_provenance": frozenset({"listing", "register", "reference"}),
    "enterprise_ids": frozenset({"listing", "register"}),
    "changes": frozenset({"listing", "register"}),
    "review": frozenset({"listing", "register"}),
    "quarantine": frozenset({"listing", "register", "contracts"}),
    "municipalities": frozenset({"reference"}),
    "contracts": frozenset({"contracts"}),
    "procurement_by_city_year": frozenset({"contracts"}),
    "top_social_economy_suppliers": frozenset({"contracts", "listing", "register"}),
    "supplier_review": frozenset({"contracts", "listing", "register"}),
    "sources": frozenset(),  # the catalog and run state, written by esq itself
}
ALL_ROLES = frozenset({"listing", "register", "reference", "contracts"})


def _contributed(source: dict[str, Any]) -> bool:
    """An enabled source whose data is in this publication (staged rows; for the reference,
    a successful fetch)."""
    if not source.get("enabled"):
        return False
    if source.get("role") == "reference":
        return bool(source.get("last_success_at") or source.get("rows_staged"))
    return bool(source.get("rows_staged"))


def licences_of(sources: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """One licence object per licence id (the title most sources give, then the shortest)."""
    titles: dict[str, Counter] = {}
    urls: dict[str, str] = {}
    for s in sources:
        if not s.get("enabled"):
            continue
        titles.setdefault(s["licence_id"], Counter())[s["licence_title"]] += 1
        if (s.get("licence_url") or "").startswith("http"):
            urls.setdefault(s["licence_id"], s["licence_url"])
    out = {}
    for lid in sorted(titles):
        title = min(titles[lid], key=lambda t: (-titles[lid][t], len(t), t))
        out[lid] = {"name": lid, "title": title, **({"path": urls[lid]} if lid in urls else {})}
    return out


def uses_non_commercial(sources: list[dict[str, Any]]) -> bool:
    """True when a non-commercial source (the REQ register) contributed rows."""
    return any(s.get("non_commercial") and s.get("rows_staged") for s in sources)


def _field(column: Column) -> dict[str, Any]:
    """A Table Schema field. Readers that go through pandas (frictionless among them) turn a
    null integer into NaN and read it as the text "nan"; an integer cell can never mean "nan",
    so integer fields declare it missing."""
    field = {
        "name": column.name,
        "type": column.frictionless_type,
        "description": column.description,
    }
    if column.frictionless_type == "integer":
        field["missingValues"] = ["", "nan"]
    return field


def datapackage(
    tables: Iterable[Table],
    rows: Mapping[str, int],
    hashes: Mapping[str, str],
    sources: list[dict[str, Any]],
    register_used: bool,
) -> dict[str, Any]:
    """A Frictionless Data Package describing the published tables."""
    licences = licences_of(sources)
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": "esq-economie-sociale-quebec",
        "title": "esq — Québec social economy enterprises and public procurement",
        "licenses": list(licences.values()),
        # A source's attribution is what its licence asks to show; the licence URL is not
        # where the data lives, so it goes under "licenses", not as the source's path.
        "sources": [
            {"title": f"{s['title']} — {s['attribution']}" if s.get("attribution") else s["title"]}
            for s in sources
            if s.get("enabled")
        ],
        "resources": [],
    }
    for table in tables:
        resource: dict[str, Any] = {
            "name": table.name,
            "path": f"{table.name}.parquet",
            "profile": "tabular-data-resource",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "description": table.description,
            "hash": f"sha256:{hashes[table.name]}",
            "schema": {
                "fields": [_field(c) for c in table.columns],
            },
            "rows": rows[table.name],
        }
        if table.primary_key:
            resource["schema"]["primaryKey"] = list(table.primary_key)
        roles = TABLE_ROLES.get(table.name, ALL_ROLES)
        if not table.may_hold_register_data:  # ids and links only, no register field
            roles = roles - {"register"}
        held = sorted(
            {
                s["licence_id"]
                for s in sources
                if _contributed(s) and s.get("role") in roles and s["licence_id"] in licences
            }
        )
        if table.may_hold_register_data and register_used:
            held = sorted({*held, NON_COMMERCIAL["name"]})
            resource["description"] += REGISTER_NOTE
        if held:
            resource["licenses"] = [
                NON_COMMERCIAL if lid == NON_COMMERCIAL["name"] else licences[lid] for lid in held
            ]
        package["resources"].append(resource)
    return package


def write_release(
    warehouse: Path,
    home: Path,
    tables: Iterable[Table] | None = None,
    extra_files: Mapping[str, bytes] | None = None,
) -> Path:
    """Write the public tables of ``warehouse`` (default: those it holds) into a new release
    folder; return it. On any failure the half-written folder is removed."""
    releases = Layout(home).releases
    staging = releases / f".building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        digest = _fill_release(warehouse, staging, tables, extra_files or {})
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    final = releases / digest
    if final.exists():
        shutil.rmtree(staging)
    else:
        os.replace(staging, final)
    return final


def _fill_release(
    warehouse: Path,
    staging: Path,
    tables: Iterable[Table] | None,
    extra_files: Mapping[str, bytes],
) -> str:
    """Write the files of a release into ``staging``; return the release's content digest."""
    rows, hashes = {}, {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = built_tables(con) if tables is None else list(tables)
        for table in tables:
            path = staging / f"{table.name}.parquet"
            rows[table.name] = write_parquet(con, table, path)
            hashes[table.name] = _sha256(path)
        cur = con.execute("SELECT * FROM sources ORDER BY source_id")
        names = [d[0] for d in cur.description]
        sources = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    package = datapackage(tables, rows, hashes, sources, uses_non_commercial(sources))
    (staging / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    for name, body in extra_files.items():
        (staging / name).write_bytes(body)
    # The folder is named after its whole content, so identical publications share one.
    listing = "".join(f"{p.name}:{_sha256(p)}\n" for p in sorted(staging.iterdir()))
    return hashlib.sha256(listing.encode()).hexdigest()[:16]


def make_current(release: Path, home: Path) -> Path:
    """Point ``published`` at a release atomically; prune old releases."""
    layout = Layout(home)
    link = layout.published
    if link.exists() and not link.is_symlink():
        # A plain folder from an older layout: move it aside once.
        os.replace(link, layout.releases / "legacy")
    tmp_link = home / f".published.{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    # relative, so the home folder can be moved or mounted elsewhere
    tmp_link.symlink_to(layout.releases.relative_to(home) / release.name, target_is_directory=True)
    os.replace(tmp_link, link)
    _prune(layout.releases, keep={release.name})
    return link


def _prune(releases: Path, keep: set[str]) -> None:
    done = sorted(
        (p for p in releases.iterdir() if not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in done[KEEP_RELEASES:]:
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
