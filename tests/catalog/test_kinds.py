"""The catalog is checked whole when it loads, against the typed models of each source kind."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

from esq.catalog import CatalogError, load_catalog, resolve_catalog_path
from esq.kinds import KINDS

LICENCE = {"id": "CC0-1.0", "title": "CC0", "attribution": "test"}


def entry(source_id: str, kind: str, endpoint: dict, **extra) -> dict:
    base = {"id": source_id, "kind": kind, "role": "contracts", "title": "t", "publisher": "p"}
    return {**base, "licence": LICENCE, "endpoint": endpoint, **extra}


def write(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"version": 1, "sources": list(entries)}), encoding="utf-8")
    return path


CKAN = {"base_url": "https://x.example", "dataset": "d", "resource": "r1", "mode": "download"}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        # a misspelt key is refused with the entry and the key, never ignored
        (entry("city-a", "ckan", {**CKAN, "resouce": "r2"}), r"'city-a'.*unknown key 'resouce'"),
        (
            entry("hub-b", "html", {"start_url": "https://h.example", "item_selecter": "li"}),
            r"'hub-b'.*unknown key 'item_selecter' for a html endpoint",
        ),
        (
            entry("c", "tabular", {"url": "https://f.example/a.csv"}, options={"delimitor": ";"}),
            r"'c'.*field 'options'.*unknown key 'delimitor'",
        ),
        (entry("d", "ckan", {**CKAN, "page_size": "many"}), r"'d'.*key 'page_size'.*integer"),
        (entry("e", "ckan", {**CKAN, "mode": "scrape"}), r"'e'.*key 'mode'"),
        (entry("f", "gopher", {}), r"'f'.*unknown source kind 'gopher'"),
        # an enabled entry must say where its data is, before anything is fetched
        (entry("g", "ckan", {"dataset": "d", "resource": "r"}), r"'g'.*needs base_url"),
        (entry("h", "html", {"start_url": "https://h.example"}), r"'h'.*needs item_selector"),
        (entry("i", "tabular", {}), r"'i'.*needs url or inbox"),
    ],
)
def test_a_bad_entry_is_refused_naming_entry_and_key(tmp_path, bad, message) -> None:
    with pytest.raises(CatalogError, match=message):
        load_catalog(write(tmp_path, bad))


def test_a_disabled_sketch_may_leave_its_endpoint_incomplete_but_not_misspelt(tmp_path) -> None:
    sketch = entry("hub", "html", {"start_url": "https://h.example"}, enabled=False,
                   disabled_reason="selectors not confirmed")  # fmt: skip
    assert load_catalog(write(tmp_path, sketch)).get("hub").enabled is False
    misspelt = {**sketch, "endpoint": {"start_ulr": "https://h.example"}}
    with pytest.raises(CatalogError, match="unknown key 'start_ulr'"):
        load_catalog(write(tmp_path, misspelt))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (entry("a", "ckan", CKAN), entry("b", "ckan", {**CKAN, "base_url": "https://x.example/"})),
        (
            entry(
                "a",
                "montreal_contracts",
                {"base_url": CKAN["base_url"], "dataset": "d", "resources": ["r0", "r1"]},
            ),
            entry("b", "ckan", CKAN),
        ),
        (
            entry("a", "tabular", {"url": "https://f.example/x.csv"}),
            entry("b", "tabular", {"url": "https://f.example/x.csv", "filename": "y.csv"}),
        ),
    ],
)
def test_one_resource_in_two_enabled_entries_is_refused(tmp_path, first, second) -> None:
    with pytest.raises(CatalogError, match=r"'a' and 'b' both fetch .*counted twice"):
        load_catalog(write(tmp_path, first, second))
    second = {**second, "enabled": False, "disabled_reason": "same resource as a"}
    assert [s.id for s in load_catalog(write(tmp_path, first, second)).enabled()] == ["a"]


def test_the_shipped_catalog_loads_and_every_kind_has_its_adapter() -> None:
    catalog = load_catalog()
    assert {s.kind for s in catalog.sources} <= set(KINDS)
    for kind, spec in KINDS.items():
        adapter = importlib.import_module(spec.adapter_module).ADAPTER
        assert adapter.kind == kind


def test_esq_catalog_is_the_catalog_everywhere(tmp_path, monkeypatch) -> None:
    from assets.resources import EsqResource
    from pipelines.definitions import build_definitions

    own = write(tmp_path, entry("own-contracts", "ckan", CKAN))
    monkeypatch.setenv("ESQ_CATALOG", str(own))
    assert resolve_catalog_path() == own.resolve()
    assert [s.id for s in load_catalog().sources] == ["own-contracts"]
    assert [s.id for s in EsqResource().catalog().sources] == ["own-contracts"]
    defs = build_definitions()
    raw_keys = {k.to_user_string() for k in defs.resolve_all_asset_keys() if k.path[0] == "raw"}
    assert raw_keys - {"raw/mamh-municipalites"} == {"raw/own-contracts"}  # + the reference table
    # an explicit path still wins over the variable
    assert resolve_catalog_path(tmp_path / "other.yaml") == (tmp_path / "other.yaml").resolve()


def test_an_unknown_source_is_refused_before_anything_runs(tmp_path) -> None:
    from esq.config import Settings
    from pipelines.runner import UnknownSourceError, run_pipeline

    settings = Settings(home=tmp_path / "home")
    with pytest.raises(UnknownSourceError, match=r"unknown source nope; .*pes-mauricie-membres"):
        run_pipeline(settings, ["nope"])
    assert not (tmp_path / "home" / "landing").exists()


def test_the_sources_table_documents_every_kind() -> None:
    """schemas cannot import the registry (it sits below esq): the text is checked here."""
    from schemas.tables import SOURCES

    described = next(c.description for c in SOURCES.columns if c.name == "kind")
    assert [k for k in KINDS if k not in described] == []
