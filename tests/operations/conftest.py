"""Each operations test starts like a new Dagster run process: no HTTP client (and so no
robots.txt answer or per-host clock) carried over from another test."""

from __future__ import annotations

import pytest

from tests.operations.ops_env import new_run_process


@pytest.fixture(autouse=True)
def _fresh_http_client():
    new_run_process()
    yield
    new_run_process()
