"""Gated, atomic publication: a failed blocking check or a crash mid-publish leaves the previous
warehouse and published files byte-identical, says why, and leaves no temporary file behind."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from assets.summary_tables import run_summary
from pipelines.runner import run_pipeline

pytestmark = pytest.mark.slow


def _snapshot(home: Path) -> dict[str, str]:
    """Hash of every file a reader can see: the warehouse and the current publication."""
    published = home / "published"
    files = {"warehouse.duckdb": home / "warehouse.duckdb"}
    files |= {f"published/{p.name}": p for p in published.iterdir()}
    return {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in sorted(files.items())}


def _leftovers(home: Path) -> list[str]:
    patterns = ("releases/.building-*", ".published.*", ".warehouse.duckdb.*", "build/.*")
    return sorted(str(p.relative_to(home)) for pat in patterns for p in home.glob(pat))


@pytest.fixture
def copy_of_sample(sample_run, tmp_path):
    """A private copy of the sample run's ESQ_HOME (symlinks kept), to run again."""
    home = tmp_path / "home"
    shutil.copytree(sample_run.home, home, symlinks=True)
    return replace(sample_run, home=home)


def _claim_previous_rows(home: Path, source_id: str, rows: int) -> None:
    """Make the current publication say a source had more rows than it has now."""
    path = (home / "published" / "sources.parquet").resolve()
    with duckdb.connect() as con:
        table = con.sql(
            f"SELECT * REPLACE (CASE WHEN source_id = '{source_id}' THEN {rows}::BIGINT "
            f"ELSE rows_staged END AS rows_staged) FROM read_parquet('{path}')"
        ).to_arrow_table()
    pq.write_table(table, path)


def test_a_failed_check_publishes_nothing_and_says_why(copy_of_sample):
    home = copy_of_sample.home
    _claim_previous_rows(home, "pes-mauricie-repertoire", 1000)
    before = _snapshot(home)
    result = run_pipeline(copy_of_sample)
    summary = run_summary(result, copy_of_sample)
    assert _snapshot(home) == before
    failed = [line for line in summary.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "row_count_drop" in failed[0]
    assert "pes-mauricie-repertoire" in failed[0] and "1000 -> 122 rows" in failed[0]
    assert "NOT published" in summary
    assert _leftovers(home) == []


def test_a_crash_mid_publish_leaves_the_previous_files(copy_of_sample, monkeypatch):
    home = copy_of_sample.home
    before = _snapshot(home)
    # Unchanged inputs would reuse the live warehouse (esq.reuse): forget its key so that this
    # run builds and publishes again.
    copy_of_sample.layout.step_meta("warehouse").unlink()
    real = pq.write_table
    calls = []

    def write_then_crash(table, where, *args, **kwargs):
        if ".building-" in str(where):
            calls.append(where)
            if len(calls) > 1:
                raise OSError("disk full (injected)")
        return real(table, where, *args, **kwargs)

    monkeypatch.setattr(pq, "write_table", write_then_crash)
    result = run_pipeline(copy_of_sample)
    assert not result.success
    assert len(calls) == 2  # the crash came after one file was written
    assert "disk full (injected)" in str(result.all_events)
    assert _snapshot(home) == before
    assert _leftovers(home) == []
    monkeypatch.undo()
    inode = (home / "warehouse.duckdb").stat().st_ino
    assert run_pipeline(copy_of_sample).success  # and the next run publishes normally
    assert (home / "warehouse.duckdb").stat().st_ino != inode  # a new warehouse was swapped in
    after = _snapshot(home)
    after.pop("warehouse.duckdb"), before.pop("warehouse.duckdb")  # DuckDB files: not byte-stable
    assert after == before


def test_the_next_run_cleans_what_a_killed_run_left(copy_of_sample):
    home = copy_of_sample.home
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    uncommitted = home / "landing" / "pes-mauricie-repertoire" / ".20260101T000000Z.k1ll3d"
    (uncommitted / "files").mkdir(parents=True)
    (uncommitted / "files" / "half.csv").write_text("Nom\nhalf", "utf-8")
    leftovers = [
        home / "build" / ".warehouse.duckdb.0123abcd.building",
        home / "build" / ".warehouse.duckdb.0123abcd.building.wal",
        home / "staging" / "pes-mauricie-repertoire" / ".listings.parquet.tmp",
        home / "state" / "sources" / "pes-mauricie-repertoire.json.tmp",
    ]
    for path in leftovers:
        path.write_bytes(b"half written")
    spill = home / "build" / ".warehouse.duckdb.0123abcd.building.tmp"  # DuckDB's spill folder
    (spill / "duckdb_temp_storage-0.tmp").parent.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"spilled")
    leftovers.append(spill)
    (home / "releases" / f".building-{dead}").mkdir()
    (home / f".published.{dead}").symlink_to("releases", target_is_directory=True)
    assert run_pipeline(copy_of_sample).success
    assert _leftovers(home) == []
    assert not uncommitted.exists()
    assert [p for p in leftovers if p.exists()] == []
