"""Incremental core steps (esq.reuse): an unchanged re-run reuses the municipalities table,
entity resolution, supplier linking, the mart, the warehouse and the publication, rewriting no
published file; any change of a step's inputs (a staged file, a catalog entry, the code, review
decisions, the publication it read) computes it again."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

import esq.reuse
from esq.catalog import Catalog, load_catalog
from esq.config import Settings
from esq.reuse import accept_release, current_release, record, reusable
from esq.step_keys import contracts_key, entities_key, procurement_key
from pipelines.runner import run_pipeline
from warehouse.step_key import warehouse_key

CORE_ASSETS = (
    "reference/municipalities",
    "core/enterprises",
    "core/contracts",
    "core/procurement",
    "warehouse/candidate",
    "warehouse/published",
)


def _reused(result) -> dict[str, bool]:
    out = {}
    for event in result.get_asset_materialization_events():
        meta = event.materialization.metadata
        if "reused" in meta:
            out[event.asset_key.to_user_string()] = meta["reused"].value
    return out


def _files(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def twice(tmp_path_factory: pytest.TempPathFactory):
    """The sample run twice in one home: the published files after each, and the results."""
    home = tmp_path_factory.mktemp("reuse-home")
    settings = Settings.from_env({"ESQ_HOME": str(home), "ESQ_MODE": "replay"})
    first = run_pipeline(settings)
    assert first.success
    release, files = current_release(settings.layout.published), _files(settings.published_dir)
    warehouse = settings.warehouse_path.stat().st_mtime_ns
    second = run_pipeline(settings)
    assert second.success
    return settings, first, second, (release, files, warehouse)


def test_an_unchanged_second_run_reuses_every_core_step(twice):
    settings, first, second, (release, files, warehouse) = twice
    assert {k: v for k, v in _reused(first).items() if k in CORE_ASSETS} == dict.fromkeys(
        CORE_ASSETS, False
    )
    assert {k: v for k, v in _reused(second).items() if k in CORE_ASSETS} == dict.fromkeys(
        CORE_ASSETS, True
    )
    # Not rewritten: same release, same bytes and times, the live warehouse untouched.
    assert current_release(settings.layout.published) == release
    assert _files(settings.published_dir) == files
    assert settings.warehouse_path.stat().st_mtime_ns == warehouse
    # The reused steps report what they reported when they computed.
    by_key = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in second.get_asset_materialization_events()
    }
    firsts = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in first.get_asset_materialization_events()
    }
    for asset in CORE_ASSETS:
        assert by_key[asset]["dagster/row_count"] == firsts[asset]["dagster/row_count"]
    checks = {c.check_name: c.passed for c in second.get_asset_check_evaluations()}
    assert checks["entity_invariants"] and checks["primary_keys_unique"]


def test_the_run_history_is_whole(twice):
    """The run's events, stored through pipelines.run_history's engines, read back as Dagster
    writes them: the run, its materialisations, its step events."""
    settings, _, second, _ = twice
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home))
    assert instance.get_run_by_id(second.run_id).status == dg.DagsterRunStatus.SUCCESS
    latest = instance.get_latest_materialization_event(dg.AssetKey(["core", "enterprises"]))
    assert latest is not None and latest.run_id == second.run_id
    kinds = {r.dagster_event.event_type_value for r in instance.all_logs(second.run_id)
             if r.dagster_event is not None}  # fmt: skip
    wanted = ("STEP_START", "STEP_SUCCESS", "ASSET_MATERIALIZATION", "RUN_SUCCESS")
    assert {dg.DagsterEventType[name].value for name in wanted} <= kinds


def _restage(settings: Settings, catalog: Catalog) -> None:
    """A staged listings file with one row fewer (as if the source lost a record)."""
    path = settings.layout.staged("pes-mauricie-repertoire", "listings.parquet")
    frame = pd.read_parquet(path)
    frame.iloc[1:].to_parquet(path, index=False)


def _remap(settings: Settings, catalog: Catalog) -> Catalog:
    """The catalog with one listing source's mapping edited."""

    def remapped(source):
        if source.id != "pes-mauricie-repertoire":
            return source
        return source.model_copy(update={"mapping": {**source.mapping, "email": "nothing"}})

    return catalog.model_copy(update={"sources": tuple(remapped(s) for s in catalog.sources)})


def _edit(relative: str) -> Callable[[Settings, Catalog], None]:
    """A code change: a line appended to one file of the (copied) code."""

    def edit(settings: Settings, catalog: Catalog) -> None:
        path = esq.reuse.REPO / relative
        path.write_text(path.read_text("utf-8") + "\n# changed\n", "utf-8")
        esq.reuse.code_digest.cache_clear()

    return edit


def _decide(settings: Settings, catalog: Catalog) -> None:
    settings.layout.decisions.parent.mkdir(parents=True, exist_ok=True)
    settings.layout.decisions.write_text("left_record,right_record,decision\n", "utf-8")


def _resite(settings: Settings, catalog: Catalog) -> None:
    """The register's staged sites (address evidence of its records) change."""
    path = settings.layout.staged("req-registre", "establishments.parquet")
    if path.exists() and len(frame := pd.read_parquet(path)):
        frame.iloc[1:].to_parquet(path, index=False)
    else:
        pd.DataFrame({"member": ["req-registre:1"]}).to_parquet(path, index=False)


def _recontract(settings: Settings, catalog: Catalog) -> None:
    path = settings.layout.staged("seao-contrats", "contracts.parquet")
    frame = pd.read_parquet(path)
    frame.iloc[1:].to_parquet(path, index=False)


def _requarantine(settings: Settings, catalog: Catalog) -> None:
    path = settings.layout.staged("req-registre", "quarantine.parquet")
    frame = pd.read_parquet(path)
    pd.concat([frame, frame.head(1)] if len(frame) else [frame]).to_parquet(path, index=False)
    if not len(frame):  # nothing to repeat: any new bytes do
        path.write_bytes(path.read_bytes() + b"\0")


@pytest.mark.parametrize(
    ("change", "entities", "contracts", "procurement", "warehouse"),
    [
        (lambda s, c: None, False, False, False, False),
        (_restage, True, False, False, False),
        (_remap, True, False, False, True),
        (_edit("esq/entities/golden.py"), True, True, True, True),
        (_edit("esq/entities/model/er_model.json"), True, True, True, True),
        (_edit("warehouse/changes.py"), False, False, False, True),
        (_edit("assets/contracts.py"), False, True, True, False),
        (_decide, True, False, False, False),
        (_resite, True, False, False, False),
        (_recontract, False, True, False, False),
        (_requarantine, False, False, False, True),
    ],
    ids=[
        "unchanged",
        "staged",
        "catalog",
        "entities-code",
        "model",
        "warehouse-code",
        "asset-code",
        "decisions",
        "register-sites",
        "contracts",
        "quarantine",
    ],
)
def test_a_changed_input_changes_the_keys_it_feeds(
    twice,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Settings, Catalog], Catalog | None],
    entities: bool,
    contracts: bool,
    procurement: bool,
    warehouse: bool,
):
    settings = twice[0]
    home = tmp_path / "home"
    shutil.copytree(settings.home, home, symlinks=True)
    copy = Settings.from_env({"ESQ_HOME": str(home), "ESQ_MODE": "replay"})

    def keys(catalog: Catalog) -> tuple[str, ...]:
        return (
            entities_key(catalog, copy),
            contracts_key(catalog.enabled("contracts"), copy),
            procurement_key(copy),
            warehouse_key(catalog, copy),
        )

    code = tmp_path / "repo"
    for folder in ("esq", "schemas", "warehouse", "assets"):
        shutil.copytree(esq.reuse.REPO / folder, code / folder)
    monkeypatch.setattr(esq.reuse, "REPO", code)
    esq.reuse.code_digest.cache_clear()
    try:
        catalog = load_catalog()
        before = keys(catalog)
        after = keys(change(copy, catalog) or catalog)
    finally:
        esq.reuse.code_digest.cache_clear()
    changed = tuple(a != b for a, b in zip(before, after, strict=True))
    assert changed == (entities, contracts, procurement, warehouse)


def test_a_changed_staged_file_recomputes_down_to_a_new_publication(twice, tmp_path: Path):
    """Keys chain through outputs: new staged listings -> new enterprises -> new warehouse."""
    home = tmp_path / "home"
    shutil.copytree(twice[0].home, home, symlinks=True)
    copy = Settings.from_env({"ESQ_HOME": str(home), "ESQ_MODE": "replay"})
    release = current_release(copy.layout.published)
    _restage(copy, load_catalog())
    third = run_pipeline(copy)
    assert third.success
    reused = _reused(third)
    assert reused["staging/pes-mauricie-repertoire"]  # its landed content did not change
    assert not any(reused[a] for a in ("core/enterprises", "warehouse/candidate"))
    assert not reused["warehouse/published"]
    assert current_release(copy.layout.published) != release


def test_the_publication_a_step_read_must_still_be_current(tmp_path: Path):
    """Outputs computed from release A serve while A, or a release made from them, is current;
    another publication (a rollback, a hand edit) computes again."""
    meta, out = tmp_path / "step.meta.json", tmp_path / "out.parquet"
    out.write_bytes(b"x")
    record(meta, "k1", {"rows": 3}, releases=["A"])
    table = [("A", {"rows": 3}), ("B", None), (None, None)]
    for release, expected in table:
        assert reusable(meta, "k1", [out], release) == expected
    assert reusable(meta, "k2", [out], "A") is None  # another key
    assert not accept_release(meta, "k2", "B")  # published from other outputs: refused
    assert accept_release(meta, "k1", "B")
    assert reusable(meta, "k1", [out], "B") == {"rows": 3}
    out.unlink()
    assert reusable(meta, "k1", [out], "B") is None  # an output is missing
