"""The hubs' files, in the formats the adapters read: CSV (Mauricie layouts), XLSX, ArcGIS query
pages, an HTML directory with detail pages. Each writer returns the bodies to land and the record
key of every listing, computed the way the adapter will compute it.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from evaluation.hardworld.listings import SOURCES, Listing
from evaluation.hardworld.population import slug

Body = tuple[str, bytes, dict]  # (file name, bytes, manifest metadata)
HTML_HOST = "https://repertoire.hw.example"
ARCGIS_LAYER = "https://services.hw.example/arcgis/rest/services/Organismes/FeatureServer/0"
PAGE_SIZE = 50
FIXED = datetime(2026, 6, 1)
HEAD = (
    '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>\n'
)


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


def arcgis_pages(listings: list[Listing]) -> tuple[list[Body], dict[int, str], list[Listing]]:
    fields = [{"name": "OBJECTID", "type": "esriFieldTypeOID", "alias": "OBJECTID"}] + [
        {"name": n, "type": "esriFieldTypeString", "alias": n, "length": 255}
        for n in ("NOM", "ADRESSE", "MUNICIPALITE", "CODE_POSTAL", "TELEPHONE", "SITE_WEB")
    ]
    layer = {
        "name": "Organismes",
        "type": "Feature Layer",
        "objectIdField": "OBJECTID",
        "maxRecordCount": 1000,
        "fields": fields,
    }
    bodies: list[Body] = [
        (
            "layer.json",
            json.dumps(layer, ensure_ascii=False).encode(),
            _url(ARCGIS_LAYER, {"f": "json"}),
        )
    ]
    keys = {}
    for page, start in enumerate(range(0, max(len(listings), 1), 1000), start=1):
        features = []
        for oid, x in enumerate(listings[start : start + 1000], start=start + 1):
            f = x.fields
            attrs = {
                "OBJECTID": oid,
                "NOM": f["name"],
                "ADRESSE": f["address"],
                "MUNICIPALITE": f["municipality"],
                "CODE_POSTAL": f["postal_code"],
                "TELEPHONE": f["phone"],
                "SITE_WEB": f["website"],
            }
            features.append({"attributes": attrs})
            keys[id(x)] = str(oid)
        payload = {
            "objectIdFieldName": "OBJECTID",
            "geometryType": "esriGeometryPoint",
            "spatialReference": {"wkid": 4326, "latestWkid": 4326},
            "fields": fields,
            "features": features,
            "exceededTransferLimit": start + 1000 < len(listings),
        }
        params = {
            "f": "json",
            "where": "1=1",
            "outFields": "*",
            "resultOffset": start,
            "resultRecordCount": 1000,
        }
        bodies.append(
            (
                f"query-{page:06d}.json",
                json.dumps(payload, ensure_ascii=False).encode(),
                _url(ARCGIS_LAYER + "/query", params),
            )
        )
    return bodies, keys, []


def _e(text: str | None) -> str:
    return html.escape(text or "")


def html_directory(listings: list[Listing]) -> tuple[list[Body], dict[int, str], list[Listing]]:
    bodies: list[Body] = []
    keys = {}
    pages = max(1, -(-len(listings) // PAGE_SIZE))
    for p in range(pages):
        items = []
        for j, x in enumerate(listings[p * PAGE_SIZE : (p + 1) * PAGE_SIZE]):
            f = x.fields
            n = p * PAGE_SIZE + j + 1
            link = f"{HTML_HOST}/fiche/{slug(f['name'] or 'x')[:50]}-{n}"
            keys[id(x)] = link
            site = (
                f'\n    <a class="site" href="{_e(f["website"])}">Site Web</a>'
                if f["website"]
                else ""
            )
            cp = f'  <span class="cp">{_e(f["postal_code"])}</span>' if f["postal_code"] else ""
            items.append(
                '  <article class="entreprise">\n'
                f'    <h2><a href="{link}">{_e(f["name"])}</a></h2>\n'
                f'    <p class="adresse"><span class="rue">{_e(f["address"])}</span><br>'
                f'<span class="ville">{_e(f["municipality"])}</span> (Québec){cp}</p>\n'
                f'    <p class="secteur">{_e(f["legal_form"])}</p>{site}\n  </article>'
            )
            tel = (
                f'<p>Téléphone : <span class="tel">{_e(f["phone"])}</span></p>'
                if f["phone"]
                else ""
            )
            neq = (
                f'<p>NEQ : <span class="neq">{_e(f.get("neq"))}</span></p>' if f.get("neq") else ""
            )
            detail = (
                f'{HEAD.format(title="Fiche")}<body><div class="fiche">'
                f"<h1>{_e(f['name'])}</h1>{tel}{neq}</div></body></html>\n"
            )
            bodies.append((f"detail-{n:06d}.html", detail.encode(), _url(link, {})))
        url = f"{HTML_HOST}/repertoire" + (f"?page={p + 1}" if p else "")
        nxt = (
            f'<a class="next" href="{HTML_HOST}/repertoire?page={p + 2}">Page suivante »</a>'
            if p + 1 < pages
            else ""
        )
        page = (
            HEAD.format(title=f"Répertoire — page {p + 1}")
            + "<body><main><h1>Répertoire</h1>\n"
            + "\n".join(items)
            + f"\n</main>{nxt}</body></html>\n"
        )
        bodies.append((f"page-{p + 1:06d}.html", page.encode(), _url(url, {})))
    return bodies, keys, []


def _inbox(name: str) -> dict:
    return {"url": f"inbox:{name}", "params": {}, "content_type": None}


def _url(url: str, params: dict) -> dict:
    return {
        "url": url,
        "params": params,
        "http_status": 200,
        "content_type": "text/html" if url.startswith(HTML_HOST) else "application/json",
    }


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
