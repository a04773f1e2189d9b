"""The hard-world generator: same seed, same bytes; its truth agrees with its files; every
phenomenon of issue 12 is present."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from esq.adapters import adapter_for
from esq.catalog import load_catalog
from esq.landing import LandingZone
from evaluation.hardworld.world import REQUIRED_PHENOMENA, build_world

ENTERPRISES, REGISTER = 200, 5_000


@pytest.fixture(scope="module")
def worlds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hardworld")
    out = {}
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        build_world(root / name, ENTERPRISES, REGISTER, seed)
        out[name] = root / name
    return out


def _digests(world: Path) -> dict[str, str]:
    zone = LandingZone(world / "landing")
    return {
        f"{entry.manifest.source_id}/{f.name}": f.sha256
        for source in sorted(p.name for p in (world / "landing").iterdir())
        for entry in zone.entries(source)
        for f in entry.manifest.files
    }


def _truth(world: Path, name: str):
    return pq.read_table(world / "truth" / f"{name}.parquet")


def test_same_seed_same_world_other_seed_other_world(worlds: dict[str, Path]) -> None:
    a, b, c = (_digests(worlds[k]) for k in "abc")
    assert a == b
    assert a != c
    for name in ("listings", "entities", "contracts", "spend"):
        assert _truth(worlds["a"], name).equals(_truth(worlds["b"], name)), name
    assert (worlds["a"] / "catalog.yaml").read_text() == (worlds["b"] / "catalog.yaml").read_text()


def test_every_phenomenon_is_present(worlds: dict[str, Path]) -> None:
    tally = json.loads((worlds["a"] / "world.json").read_text())["phenomena"]
    missing = [p for p in REQUIRED_PHENOMENA if not tally.get(p)]
    assert missing == []


def test_truth_keys_are_the_keys_the_adapters_read(worlds: dict[str, Path]) -> None:
    world = worlds["a"]
    catalog = load_catalog(world / "catalog.yaml")
    zone = LandingZone(world / "landing")
    listings = _truth(world, "listings").to_pylist()
    contracts = _truth(world, "contracts").to_pylist()
    entities = {e["eid"]: e for e in _truth(world, "entities").to_pylist()}
    for source in catalog.enabled():
        if source.role not in ("listing", "register"):
            continue
        entry = zone.latest_good(source.id)
        assert entry is not None, source.id
        parsed = adapter_for(source.kind).parse(source, entry)
        keys = {r.record_key for r in parsed.records}
        expected = {t["record_key"] for t in listings if t["source_id"] == source.id}
        assert len(keys) == len(parsed.records), f"{source.id}: repeated record keys"
        assert keys == expected, source.id
    # every listed entity is listed at least once; every truth row names a known entity
    listed = {t["eid"] for t in listings if t["source_id"] != "req-registre"}
    assert {e for e, row in entities.items() if row["basis"] == "listed"} <= listed
    assert {t["eid"] for t in listings} <= set(entities)
    assert {t["supplier_eid"] for t in contracts} <= set(entities)


def test_contract_truth_matches_the_contract_readers(worlds: dict[str, Path]) -> None:
    from esq.adapters import adapter_for
    from esq.contracts.read import contract_rows

    world = worlds["a"]
    catalog = load_catalog(world / "catalog.yaml")
    zone = LandingZone(world / "landing")
    truth = _truth(world, "contracts").to_pylist()
    for source in catalog.enabled():
        if source.role != "contracts":
            continue
        entry = zone.latest_good(source.id)
        # the path staging takes: the kind's adapter parse(), rows read back
        rows, rejects = contract_rows(source.id, adapter_for(source.kind).parse(source, entry))
        assert rejects == []
        assert {r.contract_key for r in rows} == {
            t["contract_key"] for t in truth if t["source_id"] == source.id
        }
        by_key = {t["contract_key"]: t for t in truth if t["source_id"] == source.id}
        for row in rows:
            amount = row.amount_final if row.amount_final is not None else row.amount_awarded
            assert float(amount) == pytest.approx(by_key[row.contract_key]["amount"], abs=0.01)


def test_supplier_list_carries_the_suppliers_place(worlds: dict[str, Path]) -> None:
    """SEAO rows keep SEAO's published locality; every source's rows carry a town and a postal
    code for a realistic share (vendor_file.py); same seed, same list."""
    import pandas as pd

    read = {k: (worlds[k] / "truth" / "suppliers.csv").read_bytes() for k in "ab"}
    assert read["a"] == read["b"]
    rows = pd.read_csv(worlds["a"] / "truth" / "suppliers.csv", dtype=str, keep_default_na=False)
    assert {"supplier_city", "supplier_postal_code"} <= set(rows.columns)
    for source, part in rows.groupby(rows.source_id.str.startswith("seao")):
        city = (part.supplier_city != "").mean()
        assert 0.65 < city < 0.95, (source, city)
    postal = (rows.supplier_postal_code != "").mean()
    assert 0.3 < postal < 0.6
    seao = pd.read_parquet(worlds["a"] / "truth" / "contracts.parquet")
    assert "locality" not in seao.columns  # the contract truth is as in version 2
