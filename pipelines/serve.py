"""`esq serve`: the reconciliation service (W3C Entity Reconciliation API v0.2) on Starlette.

Endpoints (the service root is ``/reconcile``; add ``http://127.0.0.1:8765/reconcile`` in
OpenRefine): the manifest (GET without parameters), reconciliation query batches and data
extension (``queries=`` / ``extend=`` by GET or form POST), and under it
``/suggest/{entity,property,type}``, ``/properties`` (propose properties), ``/preview?id=``
and ``/entity/{id}`` (HTML).

Read-only by construction: the enterprises are read through
:func:`warehouse.enterprise_index.load_enterprises` (a read-only DuckDB session, closed at once)
at start and again when a publication replaces the warehouse file; no route writes anything.
Requests are capped: a body over ``MAX_BODY`` bytes or a query string over
``MAX_QUERY_STRING`` → 413/414, more than ``MAX_BATCH`` queries → 413, malformed JSON or
shapes → 400 with a message; none stops the service. CORS is open (``*``, GET/POST) as the
specification requires; JSONP (``callback=``, a plain identifier only) on GET for OpenRefine
versions that still use it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import duckdb
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from esq.matching.reconcile import MAX_BATCH, Reconciler, RequestError
from esq.matching.service_docs import (
    entity_html,
    extend,
    manifest,
    propose_properties,
    suggest_properties,
    suggest_types,
)
from warehouse.enterprise_index import load_enterprises

ROOT = "/reconcile"
MAX_BODY = 1_000_000
MAX_QUERY_STRING = 32_000
MAX_PREFIX = 200
_CALLBACK = re.compile(r"^[A-Za-z_$][\w$]{0,63}(\.[A-Za-z_$][\w$]{0,63}){0,3}$")
# Previews are framed by OpenRefine: no script, no outside resource can run in them.
_HTML_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def _error(message: str, status: int) -> JSONResponse:
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _reply(data: Any, request: Request) -> Response:
    """JSON, or JSONP when a GET names a valid ``callback``."""
    callback = request.query_params.get("callback")
    if callback is None or request.method != "GET":
        return JSONResponse(data)
    if not _CALLBACK.match(callback):
        return _error("'callback' must be a JavaScript identifier", 400)
    body = f"/**/{callback}({json.dumps(data, ensure_ascii=False)});"
    return Response(body, media_type="application/javascript")


async def _params(request: Request) -> dict[str, str]:
    """Query-string parameters, and on POST the url-encoded form, with size caps."""
    if len(request.url.query) > MAX_QUERY_STRING:
        raise RequestError(f"query string over {MAX_QUERY_STRING} characters", 414)
    params = dict(request.query_params)
    if request.method == "POST":
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BODY:
            raise RequestError(f"request body over {MAX_BODY} bytes", 413)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise RequestError(f"request body over {MAX_BODY} bytes", 413)
        try:
            form = parse_qs(body.decode("utf-8"), strict_parsing=False, max_num_fields=20)
        except (UnicodeDecodeError, ValueError) as exc:
            raise RequestError(f"the body is not a url-encoded form: {exc}") from exc
        params.update({k: v[-1] for k, v in form.items()})
    return params


def _json_param(params: dict[str, str], name: str) -> Any:
    try:
        return json.loads(params[name])
    except ValueError as exc:
        raise RequestError(f"'{name}' is not valid JSON: {exc}") from exc


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + ROOT


class Published:
    """The reconciler over the published warehouse, reloaded (read-only) when a new
    publication replaces the file; a reload that fails keeps the previous one."""

    def __init__(self, warehouse_path: Path):
        self.path = warehouse_path
        self.stamp = self._stamp()
        self.reconciler = Reconciler(load_enterprises(warehouse_path))

    def _stamp(self) -> tuple[int, int, int]:
        stat = self.path.stat()
        return stat.st_ino, stat.st_mtime_ns, stat.st_size

    def __call__(self) -> Reconciler:
        try:
            stamp = self._stamp()
            if stamp != self.stamp:
                self.reconciler = Reconciler(load_enterprises(self.path))
                self.stamp = stamp
        except (OSError, duckdb.Error):
            pass  # mid-publication or gone: answer from what was loaded
        return self.reconciler


def create_app(current: Callable[[], Reconciler]) -> Starlette:
    """The service over ``current()``, the reconciler of the enterprises now published."""

    async def reconcile(request: Request) -> Response:
        params = await _params(request)
        reconciler = current()
        if "queries" in params:
            return _reply(reconciler.reconcile_batch(_json_param(params, "queries")), request)
        if "extend" in params:
            return _reply(extend(_json_param(params, "extend"), reconciler.entity), request)
        return _reply(manifest(_base(request), MAX_BATCH), request)

    def _prefix(request: Request) -> tuple[str, int]:
        prefix = request.query_params.get("prefix", "")
        if len(prefix) > MAX_PREFIX:
            raise RequestError(f"'prefix' over {MAX_PREFIX} characters")
        cursor = request.query_params.get("cursor", "0")
        if not cursor.isdigit():
            raise RequestError("'cursor' must be a non-negative integer")
        return prefix, int(cursor)

    async def suggest(request: Request) -> Response:
        prefix, cursor = _prefix(request)
        kind = request.path_params["kind"]
        if kind == "entity":
            result = current().suggest(prefix, cursor)
        elif kind == "property":
            result = suggest_properties(prefix)[cursor:]
        elif kind == "type":
            result = suggest_types(prefix)[cursor:]
        else:
            raise HTTPException(404, f"no suggest service for {kind!r}")
        return _reply({"result": result}, request)

    async def properties(request: Request) -> Response:
        limit = request.query_params.get("limit")
        if limit is not None and not limit.isdigit():
            raise RequestError("'limit' must be a positive integer")
        type_id = request.query_params.get("type", "enterprise")[:MAX_PREFIX]
        return _reply(propose_properties(type_id, int(limit) if limit else None), request)

    def _html(enterprise_id: str, preview: bool) -> Response:
        rec = current().entity(enterprise_id)
        if rec is None:
            raise HTTPException(404, f"no enterprise {enterprise_id[:64]!r}")
        return HTMLResponse(entity_html(rec, preview=preview), headers=_HTML_HEADERS)

    async def preview(request: Request) -> Response:
        return _html(request.query_params.get("id", ""), True)

    async def entity(request: Request) -> Response:
        return _html(request.path_params["id"], False)

    async def root(request: Request) -> Response:
        return JSONResponse({"reconciliation_service": _base(request)})

    async def refused(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestError)
        return _error(str(exc), exc.status)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return _error(str(exc.detail), exc.status_code)

    routes = [
        Route("/", root, methods=["GET"]),
        Route(ROOT, reconcile, methods=["GET", "POST"]),
        Route(f"{ROOT}/suggest/{{kind}}", suggest, methods=["GET"]),
        Route(f"{ROOT}/properties", properties, methods=["GET"]),
        Route(f"{ROOT}/preview", preview, methods=["GET"]),
        Route(f"{ROOT}/entity/{{id}}", entity, methods=["GET"]),
    ]
    cors = Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                      allow_headers=["*"], max_age=600)  # fmt: skip
    return Starlette(
        routes=routes,
        middleware=[cors],
        exception_handlers={RequestError: refused, HTTPException: http_error},
    )


def build_app(warehouse_path: Path) -> Starlette:
    """The service over the published warehouse (read-only; reloaded after a publication)."""
    return create_app(Published(warehouse_path))


def serve(warehouse_path: Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    """Run the service until interrupted (uvicorn, one process)."""
    import uvicorn

    app = build_app(warehouse_path)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"note: listening on {host}: other machines can query the service (read-only)")
    print(f"reconciliation service: http://{host}:{port}/reconcile (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", limit_concurrency=32)
