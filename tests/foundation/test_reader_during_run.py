"""An analyst's read-only session is never blocked by a run and never sees half a warehouse."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from esq.runner import run_pipeline

pytestmark = pytest.mark.slow

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    import os
    seen, queries = set(), 0
    con = duckdb.connect(path, read_only=True)   # held open for the whole run
    while not os.path.exists(stop):
        n = con.execute("select count(*) from enterprises").fetchall()[0][0]
        seen.add(n)
        # A fresh session each time too: it must open whatever file is in place, whole.
        with duckdb.connect(path, read_only=True) as fresh:
            fresh.execute("select count(*) from listings join enterprises using (enterprise_id)")
        queries += 1
        time.sleep(0.05)
    print(queries, sorted(seen))
    """
)


def test_reader_is_not_blocked_during_a_second_run(sample_run, tmp_path):
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(sample_run.warehouse_path), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        result = run_pipeline(sample_run)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    assert result.success
    assert reader.returncode == 0, err
    queries, seen = out.split(" ", 1)
    assert int(queries) > 5
    assert seen.strip() not in ("[]", "[0]")
