"""Match the Mauricie hub directory against the REQ-derived Mauricie extract (real-data check).

The files have no open licence: they are read from the shared folder at run time, never copied.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pandas as pd

from esq.entities.entity_tables import Entities
from esq.entities.resolve import resolve_entities
from esq.normalise.names import name_key
from evaluation.entities.frames import listing_frame, sample_municipalities
from evaluation.entities.labelled import repo_root


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [
            {k: (None if v in ("", "NA") else v) for k, v in r.items()} for r in csv.DictReader(fh)
        ]


def hub_records(path: Path) -> list[dict]:
    return [
        {
            "record_key": f"{i:04d}",
            "name": r["NomEntreprise"],
            "address": r["Adresse"],
            "municipality": r["Municipalite"],
            "postal_code": r["CodePostal"],
            "website": r["SiteWeb"],
            "territory": r["Territoire"],
        }
        for i, r in enumerate(_rows(path))
    ]


def register_records(path: Path) -> list[dict]:
    """One record per NEQ (the extract repeats a few), as staging keeps record keys unique."""
    rows = {r["NEQ"]: r for r in _rows(path)}
    return [
        {
            "record_key": r["NEQ"],
            "neq": r["NEQ"],
            "name": r["NomEntreprise"],
            "address": r["Adresse"],
            "municipality": r["Municipalite"],
            "postal_code": r["CodePostal"],
            "legal_form": r["FormeJuridique"],
            "register_status": "IM",
        }
        for r in rows.values()
    ]


def silver_links(path: Path) -> dict[tuple[str | None, str | None], str]:
    """(name key, address) -> NEQ from the author's exact-name linkage."""
    return {
        (name_key(r["NomEntreprise"]), r["Adresse"]): r["NEQ"] for r in _rows(path) if r.get("NEQ")
    }


def match_mauricie(hub_csv: Path, req_csv: Path) -> tuple[pd.DataFrame, Entities]:
    """Hub listings with the NEQ their cluster got (``neq_found``), and the entities."""
    municipalities = sample_municipalities(repo_root())
    hub = listing_frame(hub_records(hub_csv), "pole-mauricie", "listing", municipalities)
    reg = listing_frame(register_records(req_csv), "req-mauricie", "register", municipalities)
    with tempfile.TemporaryDirectory() as empty:
        entities = resolve_entities(pd.concat([hub, reg], ignore_index=True), Path(empty))
    neq_of = entities.enterprises.set_index("enterprise_id").neq
    listed = entities.listings[entities.listings.source_role == "listing"].copy()
    listed["neq_found"] = listed.enterprise_id.map(neq_of)
    return listed, entities
