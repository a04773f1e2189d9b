"""The world's catalog: its hub sources plus the register, contract and reference entries of the
project catalog (same ids, so code that names them keeps working), all replayed from the world's
landing zone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from esq.catalog import DEFAULT_CATALOG
from evaluation.hardworld.hub_services import ARCGIS_LAYER, HTML_HOST
from evaluation.hardworld.listings import SOURCES

KEPT = (
    "mamh-municipalites",
    "req-registre",
    "seao-contrats",
    "montreal-contrats-conseil",
    "montreal-contrats-fonctionnaires",
)
_LICENCE = {
    "id": "CC0-1.0",
    "title": "Synthetic benchmark data (CC0 1.0)",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
    "attribution": "esq hard world (synthetic)",
}
_LISTED = {"social_economy_basis": "listed"}


def _hub(sid: str, kind: str, title: str, **rest: Any) -> dict[str, Any]:
    return {
        "id": sid,
        "kind": kind,
        "role": "listing",
        "title": title,
        "publisher": "hard world (synthetic)",
        "licence": _LICENCE,
        "cadence": "monthly",
        "constants": _LISTED,
        **rest,
    }


def hub_entries() -> list[dict[str, Any]]:
    mauricie = {
        "name": "NomEntreprise",
        "address": "Adresse",
        "municipality": "Municipalite",
        "postal_code": "CodePostal",
        "website": "SiteWeb",
    }
    return [
        _hub(
            SOURCES["a"],
            "tabular",
            "Hub A répertoire (CSV)",
            endpoint={"inbox": "hw-a/Repertoire*.csv"},
            mapping={**mauricie, "territory": "Territoire"},
            record_key=["NomEntreprise", "CodePostal"],
        ),
        _hub(
            SOURCES["a_members"],
            "tabular",
            "Hub A members (CSV)",
            endpoint={"inbox": "hw-a/Membres*.csv"},
            mapping={
                **mauricie,
                "legal_form": "Type",
                "sector": "SecteurActivite",
                "member_category": "CategorieMembre",
            },
            record_key=["NomEntreprise", "CodePostal"],
        ),
        _hub(
            SOURCES["b"],
            "tabular",
            "Hub B export (XLSX)",
            endpoint={"inbox": "hw-b/*.xlsx"},
            mapping={
                "name": "Nom de l'organisation",
                "legal_form": "Forme juridique",
                "address": "Adresse",
                "municipality": "Ville",
                "postal_code": "Code postal",
                "phone": "Téléphone",
                "website": "Site web",
            },
            record_key=["ID"],
        ),
        _hub(
            SOURCES["c"],
            "arcgis",
            "Hub C organisations (ArcGIS layer)",
            endpoint={
                "layer_url": ARCGIS_LAYER,
                "where": "1=1",
                "out_fields": "*",
                "page_size": 1000,
            },
            mapping={
                "name": "NOM",
                "address": "ADRESSE",
                "municipality": "MUNICIPALITE",
                "postal_code": "CODE_POSTAL",
                "phone": "TELEPHONE",
                "website": "SITE_WEB",
            },
            record_key=["OBJECTID"],
        ),
        _hub(
            SOURCES["dir"],
            "html",
            "Province-wide directory (HTML)",
            endpoint={
                "start_url": f"{HTML_HOST}/repertoire",
                "item_selector": "article.entreprise",
                "next_selector": "a.next",
                "detail_link_selector": "h2 a",
                "max_pages": 100000,
            },
            options={
                "fields": {
                    "name": "h2",
                    "address": ".adresse .rue",
                    "municipality": ".adresse .ville",
                    "postal_code": ".adresse .cp",
                    "legal_form": ".secteur",
                    "website": {"selector": "a.site", "attr": "href"},
                    "page_link": {"selector": "h2 a", "attr": "href"},
                },
                "detail_fields": {"phone": ".tel", "neq": ".neq"},
            },
            mapping={
                "name": "name",
                "address": "address",
                "municipality": "municipality",
                "postal_code": "postal_code",
                "legal_form": "legal_form",
                "website": "website",
                "phone": "phone",
                "neq": "neq",
            },
            record_key=["page_link"],
        ),
    ]


def write_catalog(target: Path) -> None:
    """The world's catalog YAML: the hubs, then the project's register, contract and reference
    entries (enabled, replay only)."""
    project = yaml.safe_load(Path(DEFAULT_CATALOG).read_text(encoding="utf-8"))
    kept = [dict(s) for s in project["sources"] if s["id"] in KEPT]
    for entry in kept:
        entry["enabled"] = True
        entry.pop("disabled_reason", None)
    doc = {"version": 1, "sources": [*kept, *hub_entries()]}
    header = "# Catalog of a SYNTHETIC hard world (evaluation/hardworld); replay only.\n"
    target.write_text(
        header + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
