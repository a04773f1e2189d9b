"""Source adapters, one module per source kind, looked up by the catalog's `kind`."""

from __future__ import annotations

import importlib

from esq.adapters.base import Adapter
from esq.kinds import KINDS

#: kind -> module exposing ``ADAPTER`` (registered in esq.kinds); imported on first use so one
#: broken kind never stops the others.
ADAPTER_MODULES: dict[str, str] = {kind: k.adapter_module for kind, k in KINDS.items()}


def adapter_for(kind: str) -> Adapter:
    """The adapter of a source kind."""
    try:
        module = ADAPTER_MODULES[kind]
    except KeyError as exc:
        raise KeyError(f"no adapter for source kind {kind!r}") from exc
    return importlib.import_module(module).ADAPTER
