"""The hubs' files, in the formats the adapters read: CSV (Mauricie layouts) and XLSX here, an
ArcGIS layer and an HTML directory in hub_services. Each writer returns the bodies to land and
the record key of every listing, computed the way the adapter will compute it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from evaluation.hardworld.hub_services import arcgis_pages, html_directory
from evaluation.hardworld.listings import SOURCES, Listing

Body = tuple[str, bytes, dict]  # (file name, bytes, manifest metadata)
FIXED = datetime(2026, 6, 1)


def _csv(header: list[str], rows: list[list[str | None]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _unique(
    listings: list[Listing], key: Callable[[Listing], str]
) -> tuple[list[Listing], list[Listing]]:
    """Listings whose key is new, and those whose key repeats (a hub file has one row per key)."""
    seen: set[str] = set()
    kept, dropped = [], []
    for listing in listings:
        k = key(listing)
        (dropped if k in seen else kept).append(listing)
        seen.add(k)
    return kept, dropped


def _mauricie_key(listing: Listing) -> str:
    parts = [(listing.fields["name"] or "").strip(), (listing.fields["postal_code"] or "").strip()]
    return "|".join(parts)


def pole_a_repertoire(listings: list[Listing]) -> tuple[list[Body], dict[int, str], list[Listing]]:
    kept, dropped = _unique(listings, _mauricie_key)
    header = ["NomEntreprise", "Adresse", "Municipalite", "CodePostal", "Territoire", "SiteWeb"]
    rows = [
        [f["name"], f["address"], f["municipality"], f["postal_code"], f["territory"], f["website"]]
        for f in (x.fields for x in kept)
    ]
    keys = {id(x): _mauricie_key(x) for x in kept}
    return (
        [
            (
                "RepertoireEntreprises_ES.csv",
                _csv(header, rows),
                _inbox("RepertoireEntreprises_ES.csv"),
            )
        ],
        keys,
        dropped,
    )


def pole_a_members(listings: list[Listing]) -> tuple[list[Body], dict[int, str], list[Listing]]:
    kept, dropped = _unique(listings, _mauricie_key)
    header = [
        "NomEntreprise",
        "Type",
        "SecteurActivite",
        "Adresse",
        "Municipalite",
        "CodePostal",
        "SiteWeb",
        "CategorieMembre",
    ]
    rows = [
        [
            f["name"],
            f["legal_form"],
            f["sector"],
            f["address"],
            f["municipality"],
            f["postal_code"],
            f["website"],
            "Membre corporatif"
            if f["legal_form"] in ("Organisme municipal", "Syndicat")
            else "Entreprise d'économie sociale",
        ]
        for f in (x.fields for x in kept)
    ]
    keys = {id(x): _mauricie_key(x) for x in kept}
    return [("MembresPole.csv", _csv(header, rows, ";"), _inbox("MembresPole.csv"))], keys, dropped


def pole_b_xlsx(
    listings: list[Listing], work: Path
) -> tuple[list[Body], dict[int, str], list[Listing]]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Entreprises")
    ws.append(
        [
            "ID",
            "Nom de l'organisation",
            "Forme juridique",
            "Adresse",
            "Ville",
            "Code postal",
            "Téléphone",
            "Site web",
        ]
    )
    keys = {}
    for i, x in enumerate(listings, start=1):
        f = x.fields
        cells = [
            f"B{i:06d}",
            f["name"],
            f["legal_form"],
            f["address"],
            f["municipality"],
            f["postal_code"],
            f["phone"],
            f["website"],
        ]
        ws.append(["" if v is None else v for v in cells])  # empty, not missing: see README
        keys[id(x)] = f"B{i:06d}"
    wb.properties.created = wb.properties.modified = FIXED
    path = work / "export-pole-b.xlsx"
    wb.save(path)
    return (
        [("export-pole-b.xlsx", _fixed_zip_times(path.read_bytes()), _inbox("export-pole-b.xlsx"))],
        keys,
        [],
    )


def _fixed_zip_times(data: bytes) -> bytes:
    """The same archive with every member stamped at a fixed time: same seed, same bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-06-01T00:00:00Z", body
                )
            dst.writestr(
                zipfile.ZipInfo(info.filename, date_time=(2026, 6, 1, 0, 0, 0)),
                body,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def _inbox(name: str) -> dict:
    return {"url": f"inbox:{name}", "params": {}, "content_type": None}


def write_hub_files(
    listings: list[Listing], work: Path
) -> tuple[dict[str, list[Body]], list[tuple[str, str, Listing]]]:
    """Bodies per source id, and (source id, record key, listing) for every listing kept.

    A listing whose key repeats in its file is moved to the HTML directory (keys there are unique).
    """
    by_source: dict[str, list[Listing]] = {k: [] for k in SOURCES}
    for x in listings:
        by_source[x.source].append(x)
    writers = {"a": pole_a_repertoire, "a_members": pole_a_members, "c": arcgis_pages}
    bodies: dict[str, list[Body]] = {}
    keyed: list[tuple[str, str, Listing]] = []
    moved: list[Listing] = []
    for source, writer in writers.items():
        files, keys, dropped = writer(by_source[source])
        bodies[SOURCES[source]] = files
        keyed += [(SOURCES[source], keys[id(x)], x) for x in by_source[source] if id(x) in keys]
        moved += dropped
    for x in moved:
        x.source = "dir"
        x.phenomena.append("moved_duplicate_key")
    for source, writer in (("b", lambda ls: pole_b_xlsx(ls, work)), ("dir", html_directory)):
        items = by_source[source] + (moved if source == "dir" else [])
        files, keys, _ = writer(items)
        bodies[SOURCES[source]] = files
        keyed += [(SOURCES[source], keys[id(x)], x) for x in items]
    return bodies, keyed
