"""A small live-mode esq for operations tests: a test catalog, a tmp ESQ_HOME and Definitions.

Sources: the MAMH table and a hub export dropped in the inbox, and a city dataset served by a
loopback server (pytest-httpserver). Nothing reaches the internet; everything is under tmp_path.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import yaml

from assets import resources
from assets.resources import EsqResource, HttpResource
from esq.config import SAMPLE_LANDING, Settings
from pipelines.definitions import build_definitions

MUN_CSV = SAMPLE_LANDING / "mamh-municipalites" / "20260601T000000Z" / "files" / "MUN.csv"
LICENCE = {"id": "test", "title": "Test data", "attribution": "esq tests"}
MAPPING = {"name": "Nom", "municipality": "Municipalite", "postal_code": "CodePostal"}
FAST_RETRY = dg.RetryPolicy(max_retries=1, delay=0)

HUB_ROWS = [
    ("Coop du Lac", "Sherbrooke", "J1H 6K7"),
    ("Friperie Soleil", "Granby", "J2G 3R2"),
    ("Cuisine collective Alpha", "Magog", "J1X 2E6"),
]


def new_run_process() -> None:
    """Forget the process-wide HTTP client (robots.txt answers, host clocks), as a new Dagster
    run process would."""
    resources._shared_client.cache_clear()


def csv_text(rows: list[tuple[str, str, str]]) -> str:
    return "Nom,Municipalite,CodePostal\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)


def source(sid: str, endpoint: dict, role: str = "listing", **extra: object) -> dict:
    entry = {
        "id": sid,
        "kind": "tabular",
        "role": role,
        "title": f"Test {sid}",
        "publisher": "esq tests",
        "licence": LICENCE,
        "cadence": "weekly",
        "endpoint": endpoint,
        **extra,
    }
    if role == "listing":
        entry.setdefault("record_key", ["Nom"])
        entry.update(mapping=MAPPING, constants={"social_economy_basis": "listed"})
    return entry


@dataclass
class OpsEnv:
    """A tmp ESQ_HOME in live mode with its catalog and Definitions."""

    home: Path
    catalog_path: Path
    http: HttpResource

    @property
    def settings(self) -> Settings:
        return Settings.from_env({"ESQ_HOME": str(self.home), "ESQ_MODE": "live"})

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    def drop(self, name: str, body: str | bytes) -> Path:
        """Drop a file in the inbox, as an operator or a hub's upload would."""
        path = self.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        return path

    def esq(self) -> EsqResource:
        return EsqResource(home=str(self.home), mode="live", catalog_path=str(self.catalog_path))

    def definitions(self) -> dg.Definitions:
        return build_definitions(
            self.catalog_path,
            resources={"esq": self.esq(), "http": self.http},
            raw_retry_policy=FAST_RETRY,
        )

    def run(self, job: str, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
        return (
            self.definitions()
            .resolve_job_def(job)
            .execute_in_process(instance=instance, raise_on_error=False)
        )


def make_env(tmp_path: Path, sources: list[dict]) -> OpsEnv:
    """A catalog of the MAMH table (from the inbox) plus ``sources``; MUN.csv already dropped."""
    catalog = {
        "version": 1,
        "sources": [
            source(
                "mamh-municipalites", {"inbox": "MUN.csv"}, role="reference", record_key=["mcode"]
            ),
            *sources,
        ],
    }
    tmp_path.mkdir(parents=True, exist_ok=True)
    catalog_path = tmp_path / "sources.yaml"
    catalog_path.write_text(yaml.safe_dump(catalog, allow_unicode=True), encoding="utf-8")
    env = OpsEnv(
        tmp_path / "home",
        catalog_path,
        HttpResource(min_interval_seconds=0, connect_timeout=2, read_timeout=0.5, max_retries=0),
    )
    env.settings.ensure()
    shutil.copy(MUN_CSV, env.inbox / "MUN.csv")
    return env
