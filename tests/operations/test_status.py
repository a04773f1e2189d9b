"""`esq status` tells a never-fetched source from a stale one, a refused file from a good one."""

from __future__ import annotations

import dagster as dg

from esq.status import read_status
from pipelines.cli import main
from pipelines.schedules import source_job_name
from tests.operations.ops_env import HUB_ROWS, csv_text, make_env, source


def _status_lines(env, capsys) -> dict[str, str]:
    args = ["--home", str(env.home), "--mode", "live", "--catalog", str(env.catalog_path)]
    assert main([*args, "status"]) == 0
    out = capsys.readouterr().out.splitlines()
    return {sid: next(line for line in out if sid in line) for sid in ("hub", "later")}


def test_never_fetched_and_refused_are_said_so(tmp_path, capsys, monkeypatch):
    for name in ("ESQ_HOME", "ESQ_CATALOG", "ESQ_MODE"):  # main() sets them: restore after
        monkeypatch.setenv(name, "-")
        monkeypatch.delenv(name)
    env = make_env(
        tmp_path,
        [source("hub", {"inbox": "hub/*.csv"}), source("later", {"inbox": "later/*.csv"})],
    )
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    env.drop("hub/export.csv", csv_text(HUB_ROWS))
    assert env.run(source_job_name("hub"), instance).success
    env.drop("hub/export2.csv", "<html><body>Maintenance</body></html>")
    assert env.run(source_job_name("hub"), instance).success
    status = read_status(env.settings.state_dir, "hub")
    assert status.last_fetch_status == "refused" and status.stale
    lines = _status_lines(env, capsys)
    assert "never fetched" in lines["later"] and "False" not in lines["later"]
    assert "refused" in lines["hub"] and "success" not in lines["hub"]
    assert " yes " in lines["hub"]  # stale
