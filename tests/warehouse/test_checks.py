"""Blocking checks that need no pipeline run: the row-count drop share is per source and
configurable; optional tables are built only when supplied."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
import yaml

from assets.warehouse import row_drops
from esq.catalog import Catalog, Licence, Source
from esq.config import Settings
from esq.store import write_frame, write_json
from pipelines.cli import main
from schemas.table_shape import Column, Table
from warehouse.build import build_warehouse, built_tables, primary_key_problems


def _catalog(max_row_drop: float | None) -> Catalog:
    extra = {} if max_row_drop is None else {"max_row_drop": max_row_drop}
    licence = Licence(id="CC-BY-4.0", title="CC BY 4.0", attribution="Test")
    source = Source(id="hub", kind="tabular", role="listing", title="Hub", publisher="Hub",
                    mapping={"name": "Nom"},
                    licence=licence, **extra)  # fmt: skip
    return Catalog(sources=(source,))


@pytest.mark.parametrize(
    ("max_row_drop", "before", "after", "blocked"),
    [
        (None, 1000, 980, False),  # default share: 2 %
        (None, 1000, 970, True),  # 3 % and 30 rows: a collapse
        (None, 240, 230, False),  # a hub removing 10 of 240 rows (4 %): routine, under the floor
        (None, 100, 97, False),  # 3 % but 3 rows
        (None, 20, 0, True),  # to nothing: always a collapse
        (0.5, 1000, 600, False),  # a source allowed to halve
        (0.5, 1000, 400, True),
        (None, None, 10, False),  # never published before
        (None, 100, 120, False),  # growth is fine
    ],
)
def test_row_count_drop_needs_share_and_floor(tmp_path, max_row_drop, before, after, blocked):
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path)})
    if before is not None:
        frame = pd.DataFrame({"source_id": ["hub"], "rows_staged": [before]})
        write_frame(settings.home / "published" / "sources.parquet", frame)
    write_json(settings.staging_dir / "hub" / "meta.json", {"rows_staged": after})
    drops = row_drops(_catalog(max_row_drop), settings)
    assert ("hub" in drops) is blocked
    if blocked:
        assert drops["hub"].startswith(f"{before} -> {after} rows")
        assert "esq accept-drop hub" in drops["hub"]  # the summary names the command


def test_accept_drop_lets_that_drop_only_through(tmp_path, capsys, monkeypatch):
    for name in ("ESQ_HOME", "ESQ_CATALOG", "ESQ_MODE"):  # main() sets them: restore after
        monkeypatch.setenv(name, "-")
        monkeypatch.delenv(name)
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path)})
    catalog = _catalog(None)
    catalog_path = tmp_path / "sources.yaml"
    sources = [
        {**s.model_dump(mode="json", exclude_defaults=True), "endpoint": {"inbox": "hub.csv"}}
        for s in catalog.sources
    ]
    catalog_path.write_text(yaml.safe_dump({"version": 1, "sources": sources}), "utf-8")
    frame = pd.DataFrame({"source_id": ["hub"], "rows_staged": [1000]})
    write_frame(settings.home / "published" / "sources.parquet", frame)
    write_json(settings.staging_dir / "hub" / "meta.json", {"rows_staged": 500})
    assert "hub" in row_drops(catalog, settings)
    args = ["--home", str(tmp_path), "--catalog", str(catalog_path), "accept-drop", "hub"]
    assert main(args) == 0
    assert "accepted hub: 1000 -> 500 rows" in capsys.readouterr().out
    assert row_drops(catalog, settings) == {}
    log = (settings.state_dir / "drops" / "accepted.log").read_text("utf-8")
    assert "accepted hub: 1000 -> 500 rows" in log
    write_json(settings.staging_dir / "hub" / "meta.json", {"rows_staged": 400})
    assert "hub" in row_drops(catalog, settings)  # another drop is flagged again
    write_json(settings.staging_dir / "hub" / "meta.json", {"rows_staged": 1000})
    assert main(args) == 2  # nothing to accept: a clear message, no record
    assert "no flagged row drop" in capsys.readouterr().err


EXTRA = Table("extra", "An optional table.", (Column("k", "VARCHAR", "Key."),), ("k",),
              optional=True)  # fmt: skip
REQUIRED = Table("required", "A required table.", (Column("k", "VARCHAR", "Key."),), ("k",))


@pytest.mark.parametrize(
    ("frames", "built"),
    [({"required": ["a"]}, ["required"]), ({"required": ["a"], "extra": ["b"]},
                                           ["required", "extra"])],
)  # fmt: skip
def test_optional_tables_are_built_only_when_supplied(tmp_path, frames, built):
    frames = {name: pd.DataFrame({"k": keys}) for name, keys in frames.items()}
    tmp = build_warehouse(frames, tmp_path / "w.duckdb", tables=[REQUIRED, EXTRA], views=())
    with duckdb.connect(str(tmp), read_only=True) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert sorted(present) == sorted(built)


def test_a_missing_required_table_is_an_error_and_leaves_no_file(tmp_path):
    with pytest.raises(ValueError, match="no frame for table required"):
        build_warehouse({}, tmp_path / "w.duckdb", tables=[REQUIRED], views=())
    assert list(tmp_path.iterdir()) == []


def test_built_tables_lists_public_tables_present(sample_run):
    with duckdb.connect(str(sample_run.warehouse_path), read_only=True) as con:
        assert "enterprises" in [t.name for t in built_tables(con)]


@pytest.mark.parametrize(
    ("rows", "problems"),
    [
        ([("hub", "1"), ("hub", "2"), ("dir", "1")], {}),
        ([("hub", "1"), ("hub", "1"), ("hub", "2")], {"listings": {"duplicated": 1}}),
        ([("hub", "1"), ("hub", None)], {"listings": {"null": 1}}),  # one null key, no twin
        (
            [(None, "1"), (None, "1"), ("hub", "2")],
            {"listings": {"duplicated": 1, "null": 2}},
        ),
    ],
)
def test_primary_keys_are_unique_and_never_null(rows, problems):
    con = duckdb.connect()
    con.execute("CREATE TABLE listings (source_id VARCHAR, record_key VARCHAR)")
    con.executemany("INSERT INTO listings VALUES (?, ?)", rows)
    assert primary_key_problems(con) == problems
