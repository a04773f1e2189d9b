"""An unchanged live re-run publishes byte-identical files: the published tables carry the times
of the data in use, never the wall-clock of the attempt (that stays in `esq status`)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from pytest_httpserver import HTTPServer

from esq.normalise.municipality import MunicipalityIndex
from esq.status import read_status
from pipelines.definitions import EVERYTHING_JOB
from tests.fixtures.web import sites
from tests.fixtures.web.onboarding import apply_edits, host_of, proposed, serve
from tests.operations.ops_env import MUN_CSV, csv_text, make_env, new_run_process, source

ROWS = [("Coop du Lac", "Sherbrooke", "J1H 6K7"), ("Friperie Soleil", "Granby", "J2G 3R2")]


def csv_portal(server: HTTPServer) -> dict:
    """A CSV download without validators: unchanged bytes are recognised by their hash."""
    body = csv_text(ROWS)
    server.expect_request("/robots.txt").respond_with_data("", status=404)
    server.expect_request("/hub.csv").respond_with_data(body, content_type="text/csv")
    return source("hub-web", {"url": server.url_for("/hub.csv")})


def card_directory(server: HTTPServer) -> dict:
    """A web directory (list pages with ETags, one detail page per enterprise)."""
    serve(
        server,
        sites.Site(sites.card_site(sites.enterprises(MunicipalityIndex.from_csv(MUN_CSV), 40))),
    )
    entry = apply_edits(proposed("cards"), "cards", host_of(server))
    entry["id"] = "hub-web"
    return entry


def published(home: Path) -> dict[str, str]:
    folder = home / "published"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("portal", [csv_portal, card_directory], ids=["csv", "web-directory"])
def test_an_unchanged_live_rerun_publishes_the_same_bytes(
    tmp_path: Path, httpserver: HTTPServer, portal
) -> None:
    env = make_env(tmp_path, [portal(httpserver)])
    instance = dg.DagsterInstance.ephemeral()
    assert env.run(EVERYTHING_JOB, instance).success
    first = published(env.home)
    attempt = read_status(env.settings.state_dir, "hub-web").last_fetch_at

    new_run_process()
    second = env.run(EVERYTHING_JOB, instance)
    assert second.success
    reused = {
        e.asset_key.to_user_string(): e.materialization.metadata["reused"].value
        for e in second.get_asset_materialization_events()
        if "reused" in e.materialization.metadata
    }
    # Nothing changed but the attempt's time: every core step and the warehouse are reused.
    assert reused.get("warehouse/candidate") is True
    assert all(reused.values()), reused
    status = read_status(env.settings.state_dir, "hub-web")
    assert status.last_fetch_at != attempt  # the attempt is recorded where operators look ...
    assert published(env.home) == first  # ... and the publication does not change
    assert len(first) > 10
    sources = pd.read_parquet(env.home / "published" / "sources.parquet").set_index("source_id")
    assert sources.loc["hub-web", "rows_staged"] >= 2
    assert sources.loc["hub-web", "last_fetch_status"] == "success"
