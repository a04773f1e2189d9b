"""The web-service hubs: an ArcGIS layer's query pages and an HTML directory with detail pages,
stored as a live fetch would have stored them (URLs and parameters in the manifest)."""

from __future__ import annotations

import html
import json

from evaluation.hardworld.listings import Listing
from evaluation.hardworld.population import slug

Body = tuple[str, bytes, dict]  # (file name, bytes, manifest metadata)
HTML_HOST = "https://repertoire.hw.example"
ARCGIS_LAYER = "https://services.hw.example/arcgis/rest/services/Organismes/FeatureServer/0"
PAGE_SIZE = 50
HEAD = (
    '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{title}</title></head>\n'
)


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


def _url(url: str, params: dict) -> dict:
    return {
        "url": url,
        "params": params,
        "http_status": 200,
        "content_type": "text/html" if url.startswith(HTML_HOST) else "application/json",
    }
