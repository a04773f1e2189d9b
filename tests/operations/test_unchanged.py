"""An unchanged source costs almost nothing and changes nothing: bytes equal to the last good
entry keep its fetch_ref (even from a server without validators)."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from esq.config import Settings
from esq.fetching import fetch_live
from esq.landing import LandingZone
from tests.http.loopback import client, make_source

CSV = "Nom,Municipalite\nCoop du Lac,Sherbrooke\n"


def test_same_bytes_keep_the_fetch_ref(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/hub.csv").respond_with_data(CSV, content_type="text/csv")
    source = make_source(
        "tabular", {"url": httpserver.url_for("/hub.csv")}, role="listing",
        mapping={"name": "Nom"}, record_key=["Nom"],
    )  # fmt: skip
    settings = Settings.from_env({"ESQ_HOME": str(tmp_path), "ESQ_MODE": "live"}).ensure()
    http = client(httpserver)
    first = fetch_live(source, settings, http)
    second = fetch_live(source, settings, http)
    assert first.status.fetch_ref == second.status.fetch_ref
    assert second.attempt == "not_modified"
    statuses = [e.manifest.status for e in LandingZone(settings.landing_root).entries(source.id)]
    assert statuses == ["success", "not_modified"]  # no second copy of the same bytes
    assert not [p for p in (settings.landing_root / source.id).iterdir() if p.name[0] == "."]
