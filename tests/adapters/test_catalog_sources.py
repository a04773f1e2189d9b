"""The catalog's connector sources: valid, honest about what is unknown, replayable samples."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from esq.adapters import arcgis, ckan, html
from esq.catalog import Catalog, load_catalog
from esq.config import SAMPLE_LANDING
from esq.landing import LandingZone
from tests.fixtures.http.build_sample import build
from tests.http.loopback import shared_path

ADAPTERS = {"ckan": ckan.ADAPTER, "arcgis": arcgis.ADAPTER, "html": html.ADAPTER}
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def montreal_resource_ids() -> set[str]:
    """Resource ids of the real donnees.montreal.ca snapshot, when the shared folder is here."""
    snapshot = shared_path("montreal-ckan-catalog") / "dataset-catalog_procurement_subset.json"
    return {r["id"] for d in json.loads(snapshot.read_text("utf-8")) for r in d["resources"]}


def test_fragment_is_valid_with_unique_ids(catalog: Catalog) -> None:
    ids = [s.id for s in catalog.sources]
    assert len(ids) == len(set(ids))
    hubs = [s for s in catalog.sources if s.kind == "html" and not s.id.startswith("sample-")]
    assert len(hubs) == 23  # 22 regional hubs + ESJA
    assert len({s.region for s in hubs if s.region}) == 17  # every administrative region


def test_every_disabled_entry_says_why_and_real_ids_are_not_invented(catalog: Catalog) -> None:
    for source in catalog.sources:
        assert source.enabled or len(source.disabled_reason or "") > 40, source.id
        assert source.licence.attribution and source.publisher and source.cadence
    known = montreal_resource_ids()
    for source in catalog.sources:
        if source.endpoint.get("base_url") == "https://donnees.montreal.ca":
            ids = source.endpoint.get("resources") or [source.endpoint["resource"]]
            ids = [r["id"] if isinstance(r, dict) else r for r in ids]
            assert set(ids) <= known, source.id


@pytest.mark.parametrize(
    ("source_id", "count", "first"),
    [
        ("montreal-subventions-comite-executif", 5, "MAISON DES JEUNES FICTIVE"),
        ("sample-arcgis-organismes", 3, "Coopérative fictive de l'Estuaire"),
        ("sample-html-repertoire", 3, "Atelier du Quai, coopérative de travail"),
    ],
)
def test_sample_entries_replay_through_the_adapters(catalog, source_id, count, first) -> None:
    source = catalog.get(source_id)
    entry = LandingZone(SAMPLE_LANDING).latest_good(source_id)
    assert entry is not None and entry.manifest.mode == "sample"
    parsed = ADAPTERS[source.kind].parse(source, entry)
    assert len(parsed.records) == count and not parsed.rejects
    assert first in {v for r in parsed.records for v in r.fields.values()}
    assert set(source.mapping.values()) <= set(parsed.columns) | set(parsed.records[0].fields)
    assert len({r.record_key for r in parsed.records}) == count


def test_a_ckan_contracts_source_parses_into_contract_rows(catalog) -> None:
    """Mode download, role contracts: package_show.json is skipped and the CSV read by the
    contracts parser, through the ckan adapter's parse() like any other source."""
    source = catalog.get("montreal-contrats-comite-executif")
    entry = LandingZone(SAMPLE_LANDING).latest_good(source.id)
    parsed = ADAPTERS[source.kind].parse(source, entry)
    assert (len(parsed.records), len(parsed.rejects)) == (7, 1)
    assert parsed.rejects[0].message == "MONTANT 'À DÉTERMINER' is not an amount"
    names = {r.fields["supplier_name"] for r in parsed.records}
    assert "COOPÉRATIVE DE SOLIDARITÉ TISSERAND DU LAC" in names


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("files/*"))
    }


def test_sample_build_is_reproducible(tmp_path: Path) -> None:
    build(tmp_path)
    committed = {
        k: v
        for k, v in _digests(SAMPLE_LANDING).items()
        if k.split("/")[0] in {e.name for e in tmp_path.iterdir()}
    }
    assert _digests(tmp_path) == committed
