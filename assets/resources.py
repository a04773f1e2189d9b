"""Dagster resources: run settings, the HTTP client and the catalog, read at run time."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import dagster as dg

from esq.catalog import Catalog, load_catalog
from esq.config import Settings
from esq.http import HttpClient, HttpPolicy


class EsqResource(dg.ConfigurableResource):
    """Where esq reads and writes, and in which mode.

    Unset fields fall back to the environment (ESQ_HOME, ESQ_MODE, ESQ_REPLAY_ROOT,
    ESQ_CONTACT, ESQ_CATALOG) when the run starts, never at import time.
    """

    home: str | None = None
    mode: str | None = None
    replay_root: str | None = None
    contact: str | None = None
    catalog_path: str | None = None
    #: Source id -> attempt, for the sources `esq run`'s pre-flight fetched just before this
    #: run (pipelines.daily): their raw steps report that fetch instead of fetching again.
    prefetched: dict[str, str] | None = None

    def settings(self) -> Settings:
        env = dict(os.environ)
        for key, value in (
            ("ESQ_HOME", self.home),
            ("ESQ_MODE", self.mode),
            ("ESQ_REPLAY_ROOT", self.replay_root),
            ("ESQ_CONTACT", self.contact),
        ):
            if value:
                env[key] = value
        return Settings.from_env(env).ensure()

    def catalog(self) -> Catalog:
        return load_catalog(self.catalog_path)  # None: ESQ_CATALOG, else the default


_POLICY = HttpPolicy(contact="")


class HttpResource(dg.ConfigurableResource):
    """The project's one HTTP client: timeouts, retries with backoff, robots.txt, politeness."""

    # HttpPolicy's defaults, so that a client made without Dagster (`esq run`'s pre-flight)
    # talks to servers exactly as the raw steps do
    min_interval_seconds: float = _POLICY.min_interval
    connect_timeout: float = _POLICY.connect_timeout
    read_timeout: float = _POLICY.read_timeout
    max_retries: int = _POLICY.max_retries
    max_bytes: int = _POLICY.max_bytes
    #: Seconds a failing source may cost a run, HTTP and Dagster retries together (esq.budget).
    retry_budget_seconds: float = _POLICY.retry_budget

    def client(self, contact: str, not_before: Path | None = None) -> HttpClient:
        """The client shared by every source of this process, so that the per-host interval
        and the robots.txt cache hold across sources; hosts' Retry-After times are kept in
        the file ``not_before`` (Layout.not_before)."""
        return _shared_client(
            HttpPolicy(
                contact=contact,
                connect_timeout=self.connect_timeout,
                read_timeout=self.read_timeout,
                max_retries=self.max_retries,
                min_interval=self.min_interval_seconds,
                max_bytes=self.max_bytes,
                retry_budget=self.retry_budget_seconds,
            ),
            not_before,
        )


@functools.lru_cache(maxsize=4)
def _shared_client(policy: HttpPolicy, not_before: Path | None) -> HttpClient:
    return HttpClient(policy, not_before=not_before)
