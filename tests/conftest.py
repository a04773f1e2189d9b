"""Shared fixtures: a whole-graph run on the bundled sample in a temporary ESQ_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

from esq.config import Settings
from pipelines.runner import run_pipeline


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The whole graph materialised once on the sample; tests only read its outputs."""
    home = tmp_path_factory.mktemp("esq-home")
    settings = Settings.from_env({"ESQ_HOME": str(home), "ESQ_MODE": "replay"})
    result = run_pipeline(settings)
    assert result.success, "the sample run failed"
    return settings


@pytest.fixture
def fresh_settings(tmp_path: Path) -> Settings:
    return Settings.from_env({"ESQ_HOME": str(tmp_path / "home"), "ESQ_MODE": "replay"})


@pytest.fixture(autouse=True)
def _esq_environment_restored():
    """`esq` passes its --home/--mode/--catalog on as ESQ_* variables of the process: whatever a
    test's call sets is put back afterwards, so no test runs under another test's catalog."""
    import os

    saved = {k: v for k, v in os.environ.items() if k.startswith("ESQ_")}
    yield
    for key in [k for k in os.environ if k.startswith("ESQ_")]:
        if key not in saved:
            del os.environ[key]
    os.environ.update(saved)
