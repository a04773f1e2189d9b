"""One-file sources (tabular, REQ ZIP): the inbox path and the download path."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from esq.adapters.base import FetchContext, SourceError
from esq.adapters.req import ADAPTER as REQ
from esq.adapters.tabular import ADAPTER as TABULAR
from esq.catalog import Licence, Source
from esq.http import HttpClient, HttpPolicy
from esq.landing import LandingZone

LICENCE = Licence(id="x", title="x", attribution="x")


def _source(kind: str, endpoint: dict) -> Source:
    return Source(
        id="s",
        kind=kind,
        role="reference",
        title="t",
        publisher="p",
        licence=LICENCE,
        endpoint=endpoint,
    )


def _ctx(tmp_path: Path, source: Source, http=None) -> FetchContext:
    landing = LandingZone(tmp_path / "landing")
    return FetchContext(
        source=source,
        landing=landing,
        inbox=tmp_path / "inbox",
        http=http,
        previous=landing.latest_good(source.id),
    )


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("Entreprise.csv", "NEQ\n")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("adapter", "kind", "name", "body", "error"),
    [
        (TABULAR, "tabular", "hub.csv", b"a,b\n1,2\n", None),
        (REQ, "req_zip", "req.zip", _zip_bytes(), None),
        (REQ, "req_zip", "req.zip", b"<html>not a zip</html>", "is not a ZIP file"),
    ],
)
def test_inbox_file_is_landed_once(tmp_path, adapter, kind, name, body, error):
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / name).write_bytes(body)
    source = _source(kind, {"inbox": "*" + Path(name).suffix})
    if error:
        with pytest.raises(SourceError, match=error):
            adapter.fetch(_ctx(tmp_path, source))
        assert LandingZone(tmp_path / "landing").entries("s") == []
        return
    first = adapter.fetch(_ctx(tmp_path, source))
    assert first.manifest.status == "success"
    assert first.file_path(name).read_bytes() == body
    again = adapter.fetch(_ctx(tmp_path, source))
    assert again.manifest.status == "not_modified"
    assert again.manifest.reused_from == first.fetch_id


def test_empty_inbox_names_the_pattern(tmp_path):
    (tmp_path / "inbox").mkdir()
    with pytest.raises(SourceError, match=r"no file matching '\*\.csv'"):
        TABULAR.fetch(_ctx(tmp_path, _source("tabular", {"inbox": "*.csv"})))


def test_download_then_304_reuses_the_entry(tmp_path, httpserver: HTTPServer):
    httpserver.expect_ordered_request("/mun.csv").respond_with_data(
        "a\n1\n", headers={"ETag": '"v1"'}
    )
    httpserver.expect_ordered_request(
        "/mun.csv", headers={"If-None-Match": '"v1"'}
    ).respond_with_data("", status=304)
    http = HttpClient(HttpPolicy(contact="t@example.org", min_interval=0, respect_robots=False))
    source = _source("tabular", {"url": httpserver.url_for("/mun.csv")})
    first = TABULAR.fetch(_ctx(tmp_path, source, http))
    second = TABULAR.fetch(_ctx(tmp_path, source, http))
    assert first.manifest.status == "success" and first.manifest.files[0].etag == '"v1"'
    assert second.manifest.status == "not_modified"
    assert LandingZone(tmp_path / "landing").latest_good("s").fetch_id == first.fetch_id
