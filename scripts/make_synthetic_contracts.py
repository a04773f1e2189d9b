"""Write the SYNTHETIC contracts landing entry of the sample (sample/README-contracts.md).

The releases are invented for the offline demo: real city names as buyers, the sample's
synthetic hub enterprises (and a few invented firms and one invented person) as suppliers, so
that the procurement mart shows social economy spend, a review pair, a person and a collapsed
update. Deterministic: rerunning it rewrites the same bytes.

Usage: python scripts/make_synthetic_contracts.py [--out sample/landing]
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from esq.landing import LandingWriter, fetch_id_for

SOURCE_ID = "seao-contrats-synthetique"
FILE_NAME = "synthetique_economie_sociale.json"
NOW = datetime(2026, 6, 1, tzinfo=UTC)
SHERBROOKE, QUEBEC = ("Ville de Sherbrooke", "OP-SYN1"), ("Ville de Québec", "OP-SYN2")

# (n, release id, buyer, title, supplier, awarded, final or None, tag)
RELEASES = [
    (1, "20250310120000", SHERBROOKE, "Collecte et réemploi d'encombrants",
     "Ressourcerie Table des Bois", 48500, None, "award"),
    (1, "20250915120000", SHERBROOKE, "Collecte et réemploi d'encombrants",
     "Ressourcerie Table des Bois", 48500, 51200, "contractUpdate"),
    (2, "20250402120000", SHERBROOKE, "Entretien de la flotte de vélos",
     "Coop de travail Velo de l'Est inc.", 32750, None, "award"),
    (3, "20240611120000", SHERBROOKE, "Mobilier urbain",
     "Ateliers Pignon du Quartier (Les)", 61000, None, "award"),
    (4, "20250120120000", SHERBROOKE, "Traiteur, événements municipaux",
     "Grenier populaire coop", 27400, None, "award"),
    (5, "20250505120000", SHERBROOKE, "Animation estivale", "TREMBLAY, JULIE", 26000, None,
     "award"),
    (6, "20250707120000", SHERBROOKE, "Réfection de trottoirs", "Pavage Synthétique Estrie inc.",
     412000, None, "award"),
    (7, "20240903120000", QUEBEC, "Livres pour les bibliothèques", "Mutuelle Bouquinerie du Lac",
     38900, None, "award"),
    (8, "20241104120000", QUEBEC, "Déneigement de stationnements",
     "Déneigement Synthétique Capitale ltée", 655000, None, "award"),
    (9, "20250812120000", SHERBROOKE, "Tri de matières textiles",
     "Ressourcerie Semence Quartier Est", 29800, None, "award"),
]  # fmt: skip


def release(n: int, rid: str, buyer: tuple[str, str], title: str, supplier: str,
            awarded: int, final: int | None, tag: str) -> dict:  # fmt: skip
    """One OCDS release in SEAO's shape (parties with details.municipal, award, contract)."""
    ocid, party = f"ocds-ec9k95-SYN{n:04d}", f"FO-SYN{n:04d}"
    date = f"{rid[:4]}-{rid[4:6]}-{rid[6:8]}T12:00:00-04:00"
    name, op = buyer
    award_id = f"{ocid}-1"
    return {
        "ocid": ocid, "id": rid, "date": date, "tag": [tag], "initiationType": "tender",
        "parties": [
            {"id": op, "name": name, "roles": ["buyer"], "details": {"municipal": "1"}},
            {"id": party, "name": supplier, "roles": ["supplier"],
             "address": {"locality": "Sherbrooke", "region": "QC", "countryName": "Canada"}},
        ],
        "buyer": {"id": op, "name": name},
        "tender": {"id": f"SYN-{n:04d}", "title": f"{title} (synthétique)",
                   "procurementMethodDetails": "Contrat de gré à gré"},
        "awards": [{"id": award_id, "date": date, "status": "active",
                    "value": {"amount": awarded, "currency": "CAD"},
                    "suppliers": [{"id": party, "name": supplier}]}],
        "contracts": [{"id": award_id, "awardID": award_id, "status": "active",
                       "value": {"amount": final or awarded, "currency": "CAD"}}],
    }  # fmt: skip


def package() -> bytes:
    body = {
        "uri": "synthetic:esq-sample",
        "version": "1.1",
        "publishedDate": "2026-06-01T00:00:00Z",
        "publisher": {"name": "esq sample (SYNTHETIC releases, not SEAO data)"},
        "releases": [release(*r) for r in RELEASES],
    }
    return (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("sample/landing"))
    out = parser.parse_args(argv).out
    shutil.rmtree(out / SOURCE_ID / fetch_id_for(NOW), ignore_errors=True)
    writer = LandingWriter(out, SOURCE_ID, mode="sample", now=NOW)
    origin = "SYNTHETIC: invented for the esq sample; suppliers are sample hub enterprises"
    writer.add_bytes(FILE_NAME, package(), content_type="application/json",
                     params={"origin": origin}, fetched_at="2026-06-01T00:00:00Z")  # fmt: skip
    entry = writer.commit("success")
    fixed = replace(entry.manifest, finished_at=entry.manifest.started_at)  # no wall-clock time
    (entry.path / "manifest.json").write_text(fixed.to_json(), encoding="utf-8")
    return entry.path


if __name__ == "__main__":
    main()
