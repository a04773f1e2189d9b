"""Source adapters, one module per source kind, looked up by the catalog's `kind`."""

from __future__ import annotations

import importlib

from esq.adapters.base import Adapter

#: kind -> module exposing ``ADAPTER``; imported on first use so one broken kind never stops others.
ADAPTER_MODULES: dict[str, str] = {
    "tabular": "esq.adapters.tabular",
    "ckan": "esq.adapters.ckan",
    "arcgis": "esq.adapters.arcgis",
    "html": "esq.adapters.html",
    "wordpress": "esq.adapters.wordpress",
    "req_zip": "esq.adapters.req",
    "ocds": "esq.adapters.ocds",
    "montreal_contracts": "esq.adapters.montreal_contracts",
}


def adapter_for(kind: str) -> Adapter:
    """The adapter of a source kind."""
    try:
        module = ADAPTER_MODULES[kind]
    except KeyError as exc:
        raise KeyError(f"no adapter for source kind {kind!r}") from exc
    return importlib.import_module(module).ADAPTER
