"""The on-disk layout under ESQ_HOME: every path a layer writes or reads is built here.

::

    ESQ_HOME/
      landing/<source>/<fetch>/            every fetch, bytes as received (esq.landing)
      inbox/                               files an operator drops
      staging/<source>/listings.parquet    a listing or register source, staged
                      /contracts.parquet   a contracts source, staged
                      /quarantine.parquet  what its staging rejected
                      /establishments.parquet  a register's sites (address evidence)
                      /other_forms.parquet  a register's companies under a name of their own
                      /meta.json           its stage report, written last
                      /drift.json          unaccepted new columns (blocks publication)
      staging/core/<table>.parquet         entities and contracts, ready for the warehouse
                  /<step>.meta.json        a core step's input key and facts (esq.reuse)
      staging/reference/<table>.parquet    reference tables (municipalities)
      state/sources/<source>.json          fetch status
      state/schema/<source>.json           accepted columns (schema drift baseline)
      state/presence/<source>.parquet      records seen / missed per fetch (removals)
      state/drops/<source>.json            an accepted row drop (esq.drops; accepted.log beside)
      state/budget/<source>.json           the retry budget's deadline in a run (esq.budget)
      state/not_before.json                per host, no request before this time (Retry-After)
      state/daily.json                     the home's fingerprint after the last good `esq run`
      state/runs.jsonl                     every `esq run`: launched, or nothing changed
      review/decisions.csv                 reviewers' match decisions
      build/warehouse.duckdb               the candidate warehouse
      warehouse.duckdb                     the live warehouse
      releases/<hash>/                     publications; ``published`` links to the current one
      exports/                             ``esq export`` output
      dagster/                             the Dagster instance

A file a step always writes is read with :func:`esq.store.read_frame`, which fails naming the
file when it is missing; only state that may legitimately not exist yet (a first run, a
source never staged) is read as empty, and each such read says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

StagedFile = Literal[
    "listings.parquet",
    "contracts.parquet",
    "quarantine.parquet",
    "establishments.parquet",
    "other_forms.parquet",
    "meta.json",
    "drift.json",
]


@dataclass(frozen=True)
class Layout:
    """Paths under one ESQ_HOME."""

    home: Path

    # -- top-level folders and files
    @property
    def landing(self) -> Path:
        return self.home / "landing"

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def staging(self) -> Path:
        return self.home / "staging"

    @property
    def state(self) -> Path:
        return self.home / "state"

    @property
    def build(self) -> Path:
        return self.home / "build"

    @property
    def releases(self) -> Path:
        return self.home / "releases"

    @property
    def published(self) -> Path:
        """A symbolic link to the current release (warehouse.publish), never a plain folder."""
        return self.home / "published"

    @property
    def warehouse(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def candidate_warehouse(self) -> Path:
        return self.build / "warehouse.duckdb"

    @property
    def exports(self) -> Path:
        return self.home / "exports"

    @property
    def dagster(self) -> Path:
        return self.home / "dagster"

    @property
    def decisions(self) -> Path:
        return self.home / "review" / "decisions.csv"

    def folders(self) -> tuple[Path, ...]:
        """The folders a run needs (``published`` is made by the first publication)."""
        return (
            self.landing,
            self.inbox,
            self.staging,
            self.state,
            self.releases,
            self.build,
            self.dagster,
        )

    # -- staging
    def staged(self, source_id: str, name: StagedFile) -> Path:
        """One file of a source's staging folder."""
        return self.staging / source_id / name

    def core(self, table: str) -> Path:
        """A table built from every source (entities, contracts), before the warehouse."""
        return self.staging / "core" / f"{table}.parquet"

    def step_meta(self, step: str) -> Path:
        """A core step's input key and reported facts (esq.reuse), written after its outputs."""
        return self.staging / "core" / f"{step}.meta.json"

    @property
    def contracts_meta(self) -> Path:
        return self.staging / "core" / "contracts_meta.json"

    def reference(self, table: str) -> Path:
        return self.staging / "reference" / f"{table}.parquet"

    # -- state kept across runs (status files: esq.status; schema baselines: esq.staging.drift)
    @property
    def drops(self) -> Path:
        """Accepted row drops (esq.drops)."""
        return self.state / "drops"

    def budget(self, source_id: str) -> Path:
        """A source's retry-budget deadline in the current run (esq.budget)."""
        return self.state / "budget" / f"{source_id}.json"

    @property
    def daily_stamp(self) -> Path:
        """The fingerprint of the home after the last successful `esq run` (pipelines.daily)."""
        return self.state / "daily.json"

    @property
    def run_history(self) -> Path:
        """One JSON line per `esq run`: launched (and how it ended) or found up to date."""
        return self.state / "runs.jsonl"

    @property
    def not_before(self) -> Path:
        """Per host, no request before this time (Retry-After; esq.politeness.NotBefore)."""
        return self.state / "not_before.json"

    def presence(self, source_id: str) -> Path:
        return self.state / "presence" / f"{source_id}.parquet"
