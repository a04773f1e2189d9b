"""Scratch DuckDB connections spill under the system temp folder, never the working directory."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from esq.scratch_db import rule_connection, scratch_connection


@pytest.mark.parametrize("spills", [True, False])
def test_spill_files_stay_out_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spills: bool
) -> None:
    work, temp = tmp_path / "checkout", tmp_path / "temp"
    work.mkdir()
    temp.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    rows = 2_000_000 if spills else 1_000
    with scratch_connection(memory_limit="64MB", threads=1) as con:
        con.execute(f"CREATE TABLE t AS SELECT md5(range::VARCHAR) AS s FROM range({rows})")
        first = con.execute("SELECT s FROM t ORDER BY s LIMIT 1").fetchone()
        used = [p for p in temp.iterdir() if p.name.startswith("esq-duckdb-")]
        assert bool(used) == spills and all(any(p.iterdir()) for p in used)
    assert first is not None
    assert list(work.iterdir()) == []  # no .tmp/ in the working directory
    assert list(temp.iterdir()) == []  # DuckDB removed its folder on close


def test_each_connection_has_its_own_spill_folder() -> None:
    with scratch_connection() as a, scratch_connection() as b:
        folders = {
            c.execute("SELECT current_setting('temp_directory')").fetchone()[0] for c in (a, b)
        }
    assert len(folders) == 2 and all(Path(f).parent == Path(tempfile.gettempdir()) for f in folders)


def test_rule_stage_connections_have_a_memory_limit() -> None:
    with rule_connection() as con, scratch_connection() as default:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        other = default.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit == "488.2 MiB" and limit != other  # 512 MB as DuckDB prints it
