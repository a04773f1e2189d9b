"""Run-time settings, read from the environment when a run starts — never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from esq.layout import Layout

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_LANDING = REPO_ROOT / "sample" / "landing"
DEFAULT_CONTACT = "esq-pipeline@chantier.qc.ca"

Mode = Literal["replay", "live"]

#: The Dagster instance written under ESQ_HOME/dagster on first use: no telemetry, esq's own
#: loggers (download and load progress) routed into the run logs, one run at a time (one
#: DuckDB writer).
INSTANCE_YAML = """\
telemetry:
  enabled: false
python_logs:
  managed_python_loggers: [esq]
  python_log_level: INFO
concurrency:
  runs:
    max_concurrent_runs: 1
"""


@dataclass(frozen=True)
class Settings:
    """Where esq reads and writes. Every path derives from ``home`` (ESQ_HOME)."""

    home: Path
    mode: Mode = "replay"
    replay_root: Path = SAMPLE_LANDING
    contact: str = DEFAULT_CONTACT

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Build settings from ESQ_HOME, ESQ_MODE, ESQ_REPLAY_ROOT and ESQ_CONTACT."""
        env = dict(os.environ if env is None else env)
        mode = env.get("ESQ_MODE", "replay")
        if mode not in ("replay", "live"):
            raise ValueError(f"ESQ_MODE must be 'replay' or 'live', not {mode!r}")
        return cls(
            home=Path(env.get("ESQ_HOME", "data")).resolve(),
            mode=mode,  # type: ignore[arg-type]
            replay_root=Path(env.get("ESQ_REPLAY_ROOT", str(SAMPLE_LANDING))).resolve(),
            contact=env.get("ESQ_CONTACT", DEFAULT_CONTACT),
        )

    @property
    def layout(self) -> Layout:
        """Every path under ESQ_HOME (esq.layout)."""
        return Layout(self.home)

    @property
    def landing_root(self) -> Path:
        return self.layout.landing

    @property
    def inbox(self) -> Path:
        return self.layout.inbox

    @property
    def staging_dir(self) -> Path:
        """The staging root; files in it come from ``layout`` (staged, core, reference)."""
        return self.layout.staging

    @property
    def state_dir(self) -> Path:
        return self.layout.state

    @property
    def warehouse_path(self) -> Path:
        return self.layout.warehouse

    @property
    def published_dir(self) -> Path:
        return self.layout.published

    @property
    def dagster_home(self) -> Path:
        return self.layout.dagster

    def ensure(self) -> Settings:
        for path in self.layout.folders():
            path.mkdir(parents=True, exist_ok=True)
        instance_yaml = self.dagster_home / "dagster.yaml"
        if not instance_yaml.exists():
            instance_yaml.write_text(INSTANCE_YAML, encoding="utf-8")
        return self
