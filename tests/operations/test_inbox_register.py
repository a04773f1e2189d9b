"""The REQ ZIP dropped in the inbox: a good one is staged, a broken one leaves the register stale
with its last good data."""

from __future__ import annotations

import dagster as dg
import pytest

from esq.catalog import load_catalog
from esq.config import SAMPLE_LANDING
from esq.status import read_status
from esq.store import read_frame
from pipelines.schedules import source_job_name
from tests.operations.ops_env import make_env

REQ = "req-registre"
SAMPLE_ZIP = next((SAMPLE_LANDING / REQ).glob("*/files/*.zip"), None)

pytestmark = pytest.mark.skipif(SAMPLE_ZIP is None, reason="no bundled REQ sample ZIP")


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (b"<html>Service temporairement indisponible</html>", "not a ZIP"),
        (b"PK\x03\x04" + b"\x00" * 64, "not a ZIP"),  # a ZIP header, then nothing
    ],
)
def test_a_broken_req_drop_keeps_the_last_good_register(tmp_path, broken, reason):
    entry = load_catalog().get(REQ).model_dump(mode="json")
    env = make_env(tmp_path, [entry])
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(source_job_name("mamh-municipalites"), instance).success
    env.drop("req/registre-1.zip", SAMPLE_ZIP.read_bytes())
    assert env.run(source_job_name(REQ), instance).success
    good = read_status(env.settings.state_dir, REQ)
    staged = read_frame(env.settings.staging_dir / REQ / "listings.parquet")
    assert not good.stale and len(staged) > 0

    env.drop("req/registre-2.zip", broken)  # newer: the adapter takes it
    assert env.run(source_job_name(REQ), instance).success
    status = read_status(env.settings.state_dir, REQ)
    assert status.stale and reason in status.last_error
    assert status.fetch_ref == good.fetch_ref
    again = read_frame(env.settings.staging_dir / REQ / "listings.parquet")
    assert len(again) == len(staged)
