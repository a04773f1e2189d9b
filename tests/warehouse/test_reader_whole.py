"""A reader during a run sees a whole warehouse and a whole publication, and is never blocked."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from pipelines.runner import run_pipeline
from schemas.tables import PUBLIC_TABLES

pytestmark = pytest.mark.slow

READER = textwrap.dedent(
    """
    import hashlib, json, os, sys, time, duckdb
    home, stop, expected = sys.argv[1], sys.argv[2], set(json.loads(sys.argv[3]))
    checks = 0
    def one(con, sql):
        return con.execute(sql).fetchall()[0][0]
    held = duckdb.connect(os.path.join(home, "warehouse.duckdb"), read_only=True)
    while not os.path.exists(stop):
        held.execute("select count(*) from enterprises_by_region").fetchall()
        with duckdb.connect(os.path.join(home, "warehouse.duckdb"), read_only=True) as con:
            rows = con.execute("select table_name from duckdb_tables()").fetchall()
            tables = {r[0] for r in rows}
            assert tables >= expected, sorted(expected - tables)
            total = one(con, "select count(*) from enterprises")
            summed = one(con, "select sum(enterprises) from enterprises_by_region")
            assert total == summed > 0, (total, summed)
        # Resolve the publication once, then read it: every file matches its datapackage hash.
        release = os.path.realpath(os.path.join(home, "published"))
        package = json.load(open(os.path.join(release, "datapackage.json"), encoding="utf-8"))
        for resource in package["resources"]:
            body = open(os.path.join(release, resource["path"]), "rb").read()
            digest = "sha256:" + hashlib.sha256(body).hexdigest()
            assert digest == resource["hash"], resource["path"]
        checks += 1
        time.sleep(0.05)
    print(checks)
    """
)


def test_reader_sees_whole_warehouse_and_publication_during_a_run(sample_run, tmp_path):
    stop = tmp_path / "stop"
    expected = json.dumps([t.name for t in PUBLIC_TABLES if not t.optional])
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(sample_run.home), str(stop), expected],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        result = run_pipeline(sample_run)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=120)
    assert result.success
    assert reader.returncode == 0, err[-3000:]
    assert int(out) > 5
