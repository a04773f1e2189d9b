"""The reconciliation service on a loopback port: every response checked against the v0.2
JSON shapes (tests/matching/spec_shapes.py), malformed and oversized requests refused with a
clear 4xx while the service stays up, and the warehouse never written."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import jsonschema
import pytest
import reconcile_shapes as spec_shapes
import requests
import uvicorn
from match_warehouse import make_warehouse

from pipelines.serve import MAX_BODY, build_app


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("served") / "warehouse.duckdb")


@contextmanager
def _serving(warehouse: Path) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1, an ephemeral port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(build_app(warehouse), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/reconcile"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def service(warehouse: Path) -> Iterator[str]:
    with _serving(warehouse) as url:
        yield url


def _alive(url: str) -> None:
    reply = requests.get(url, timeout=10)
    assert reply.status_code == 200
    jsonschema.validate(reply.json(), spec_shapes.MANIFEST)


def _post(url: str, **form: object) -> requests.Response:
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in form.items()}
    return requests.post(url, data=data, timeout=10)


def test_manifest(service: str) -> None:
    manifest = requests.get(service, timeout=10).json()
    jsonschema.validate(manifest, spec_shapes.MANIFEST)
    # every advertised endpoint answers
    for kind in ("entity", "property", "type"):
        s = manifest["suggest"][kind]
        assert requests.get(s["service_url"] + s["service_path"], params={"prefix": "c"},
                            timeout=10).status_code == 200  # fmt: skip
    preview = manifest["preview"]["url"].replace("{{id}}", "E1")
    assert "Ressourcerie Table des Bois" in requests.get(preview, timeout=10).text
    view = manifest["view"]["url"].replace("{{id}}", "E1")
    assert "Trois-Rivières" in requests.get(view, timeout=10).text


@pytest.mark.parametrize("method", ["get", "post"])
def test_query_batch(service: str, method: str) -> None:
    queries = {
        "exact": {"query": "RESSOURCERIE TABLE DES BOIS INC."},
        "neq": {"query": "un autre nom", "properties": [{"pid": "neq", "v": "1167280206"}]},
        "neq_only": {"properties": [{"pid": "neq", "v": "1143282979"}]},
        "tie": {"query": "Grenier populaire", "limit": 3},
        "props": {"query": "Coop Grenier populaire", "type": "enterprise",
                  "properties": [{"pid": "municipality", "v": "Sherbrooke"},
                                 {"pid": "postal_code", "v": {"id": "x", "name": "J1H2B2"}}]},
        "postal_only": {"query": "Grenier populaire",
                        "properties": [{"pid": "postal_code", "v": "G9A 2B2"}]},
        "person": {"query": "ANNA AMARI"},
        "by_id": {"query": "E2"},
        "nothing": {"query": "Pavage Exemple ltée"},
    }  # fmt: skip
    if method == "get":
        reply = requests.get(service, params={"queries": json.dumps(queries)}, timeout=10)
    else:
        reply = _post(service, queries=queries)
    assert reply.status_code == 200
    batch = reply.json()
    jsonschema.validate(batch, spec_shapes.RESULT_BATCH)
    assert set(batch) == set(queries)
    top = {k: (v["result"][0]["id"], v["result"][0]["match"]) for k, v in batch.items()
           if v["result"]}  # fmt: skip
    assert top["exact"] == ("E1", True)
    assert top["neq"] == ("E3", True) and top["neq_only"] == ("E1", True)
    assert top["by_id"] == ("E2", True)
    assert top["props"] == ("E4", True)
    # a tie, a postal code only: the town of the enterprises at that code breaks it
    assert top["postal_only"] == ("E5", True)
    features = {f["id"]: f["value"] for f in batch["props"]["result"][0]["features"]}
    assert features == {"name": 1.0, "municipality": True, "postal_code": True}
    assert batch["props"]["result"][0]["score"] == 100.0
    # a tie is offered, never auto-matched; a natural person gets nothing
    assert {r["id"] for r in batch["tie"]["result"][:2]} == {"E4", "E5"}
    assert not any(r["match"] for r in batch["tie"]["result"])
    assert batch["person"]["result"] == [] and batch["nothing"]["result"] == []
    assert len(batch["tie"]["result"]) <= 3


def test_suggest_and_propose(service: str) -> None:
    reply = requests.get(f"{service}/suggest/entity", params={"prefix": "coop gr"}, timeout=10)
    jsonschema.validate(reply.json(), spec_shapes.SUGGEST_ENTITIES)
    assert [r["id"] for r in reply.json()["result"]] == ["E4"]
    by_word = requests.get(f"{service}/suggest/entity", params={"prefix": "pignon"}, timeout=10)
    assert [r["id"] for r in by_word.json()["result"]] == ["E3"]
    by_neq = requests.get(f"{service}/suggest/entity", params={"prefix": "1143282979"},
                          timeout=10)  # fmt: skip
    assert by_neq.json()["result"][0]["id"] == "E1"
    props = requests.get(f"{service}/suggest/property", params={"prefix": "m"}, timeout=10)
    jsonschema.validate(props.json(), spec_shapes.SUGGEST_PROPERTIES)
    assert {"id": "municipality", "name": "Municipality"} in props.json()["result"]
    proposed = requests.get(f"{service}/properties", params={"type": "enterprise", "limit": "3"},
                            timeout=10).json()  # fmt: skip
    jsonschema.validate(proposed, spec_shapes.PROPOSE_PROPERTIES)
    assert proposed["type"] == "enterprise" and len(proposed["properties"]) == 3


def test_extend(service: str) -> None:
    query = {"ids": ["E1", "E4", "nope"],
             "properties": [{"id": p} for p in ("neq", "legal_form", "region", "municipality",
                                                "social_economy_basis")]}  # fmt: skip
    reply = _post(service, extend=query)
    assert reply.status_code == 200
    body = reply.json()
    jsonschema.validate(body, spec_shapes.EXTEND_RESPONSE)
    assert body["rows"]["E1"]["neq"] == [{"str": "1143282979"}]
    assert body["rows"]["E1"]["region"] == [{"str": "Mauricie"}]
    assert body["rows"]["E4"]["neq"] == [] and body["rows"]["nope"]["municipality"] == []
    assert [m["id"] for m in body["meta"]] == [p["id"] for p in query["properties"]]


def test_preview_is_escaped_and_sandboxed(service: str) -> None:
    reply = requests.get(f"{service}/preview", params={"id": "E6"}, timeout=10)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/html")
    assert "<b>" not in reply.text and "&lt;b&gt;Les Lucioles&lt;/b&gt;" in reply.text
    assert "default-src 'none'" in reply.headers["content-security-policy"]


def test_cors_and_jsonp(service: str) -> None:
    reply = requests.get(service, headers={"Origin": "http://127.0.0.1:3333"}, timeout=10)
    assert reply.headers["access-control-allow-origin"] == "*"
    preflight = requests.options(service, timeout=10, headers={
        "Origin": "http://127.0.0.1:3333", "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    jsonp = requests.get(service, params={"callback": "jQuery123_456"}, timeout=10)
    assert jsonp.headers["content-type"].startswith("application/javascript")
    assert jsonp.text.startswith("/**/jQuery123_456(") and jsonp.text.endswith(");")
    manifest = json.loads(jsonp.text[len("/**/jQuery123_456(") : -2])
    jsonschema.validate(manifest, spec_shapes.MANIFEST)


@pytest.mark.parametrize(
    ("request_args", "status", "says"),
    [
        ({"data": {"queries": "{not json"}}, 400, "not valid JSON"),
        ({"data": {"queries": "[1, 2]"}}, 400, "non-empty JSON object"),
        ({"data": {"queries": "{}"}}, 400, "non-empty JSON object"),
        ({"data": {"queries": '{"q0": "text"}'}}, 400, "must be an object"),
        ({"data": {"queries": '{"q0": {"query": ""}}'}}, 400, "non-empty 'query'"),
        ({"data": {"queries": '{"q0": {"query": 12}}'}}, 400, "must be a string"),
        ({"data": {"queries": '{"q0": {"query": "a", "limit": 0}}'}}, 400, "'limit'"),
        ({"data": {"queries": '{"q0": {"query": "a", "sql": "drop"}}'}}, 400, "unknown field"),
        (
            {
                "data": {
                    "queries": json.dumps(
                        {"q0": {"query": "a", "properties": [{"pid": "phone", "v": "1"}]}}
                    )
                }
            },
            400,
            "unknown property phone",
        ),
        (
            {"data": {"queries": json.dumps({"q0": {"query": "a", "properties": "x"}})}},
            400,
            "list of {pid, v}",
        ),
        (
            {"data": {"queries": json.dumps({f"q{i}": {"query": "a"} for i in range(51)})}},
            413,
            "at most 50",
        ),
        ({"data": {"queries": json.dumps({"q0": {"query": "x" * 301}})}}, 413, "300 characters"),
        ({"data": {"extend": '{"ids": "E1"}'}}, 400, "'ids' and 'properties'"),
        (
            {"data": {"extend": '{"ids": ["E1"], "properties": [{"id": "phone"}]}'}},
            400,
            "unknown property phone",
        ),
        (
            {"data": {"extend": json.dumps({"ids": ["E1"] * 501, "properties": []})}},
            413,
            "at most 500",
        ),
        ({"data": b"queries=" + b"x" * (MAX_BODY + 10)}, 413, "request body over"),
        ({"data": b"\xff\xfe=\xff"}, 400, "url-encoded"),
    ],
)
def test_malformed_and_oversized_posts(service: str, request_args: dict, status: int,
                                       says: str) -> None:  # fmt: skip
    reply = requests.post(service, timeout=30, **request_args)
    assert reply.status_code == status, reply.text
    assert says in reply.json()["error"]
    _alive(service)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("", {"queries": "x" * 40_000}, 414),
        ("", {"callback": "alert(1)//"}, 400),
        ("/suggest/entity", {"prefix": "x" * 201}, 400),
        ("/suggest/entity", {"prefix": "a", "cursor": "-1"}, 400),
        ("/suggest/place", {"prefix": "a"}, 404),
        ("/properties", {"limit": "many"}, 400),
        ("/preview", {"id": "E404"}, 404),
        ("/entity/E404", {}, 404),
    ],
)
def test_bad_gets(service: str, path: str, params: dict, status: int) -> None:
    reply = requests.get(service + path, params=params, timeout=10)
    assert reply.status_code == status
    assert reply.json()["error"]
    _alive(service)


def _fingerprint(path: Path) -> tuple:
    stat = path.stat()
    files = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, files


def test_no_request_writes_the_warehouse(service: str, warehouse: Path) -> None:
    before = _fingerprint(warehouse)
    for method in ("put", "delete", "patch"):
        assert getattr(requests, method)(service, timeout=10).status_code == 405
    hostile = ["E1'; DROP TABLE enterprises; --", "'); COPY enterprises TO '/tmp/x.csv"]
    for text in hostile:
        assert _post(service, queries={"q": {"query": text}}).status_code == 200
        assert _post(service, extend={"ids": [text], "properties": [{"id": "neq"}]}).ok
        requests.get(f"{service}/suggest/entity", params={"prefix": text}, timeout=10)
        requests.get(f"{service}/entity/{text}", timeout=10)
    assert _fingerprint(warehouse) == before
    # the service holds no connection: the pipeline could open the warehouse to write it
    con = duckdb.connect(str(warehouse))
    assert con.execute("SELECT count(*) FROM enterprises").fetchone() == (6,)
    con.close()
    _alive(service)


def test_a_new_publication_is_served(tmp_path: Path) -> None:
    live = make_warehouse(tmp_path / "warehouse.duckdb")
    with _serving(live) as url:

        def top(name: str) -> str:
            batch = _post(url, queries={"q": {"query": name}}).json()
            return batch["q"]["result"][0]["id"] if batch["q"]["result"] else ""

        assert top("Ressourcerie Table des Bois") == "E1"
        new = make_warehouse(tmp_path / "next.duckdb")
        con = duckdb.connect(str(new))
        con.execute(
            "UPDATE enterprises SET name = 'Ressourcerie Fil d''Or' WHERE enterprise_id = 'E1'"
        )
        con.close()
        new.replace(live)  # the publication's atomic swap
        assert top("Ressourcerie Fil d'Or") == "E1"
        assert top("Ressourcerie Table des Bois") == ""
