"""A cheaper Dagster run history for the in-process run (ESQ_HOME/dagster, SQLite).

An unchanged daily run reuses every step's outputs, so what is left of its time is Dagster's
bookkeeping: ~300 events, each stored through a new SQLAlchemy engine (its SQL compiled
afresh) and a SQLite commit that waits for the disk. Three changes, for this process only:

- the event log keeps one engine, and one open connection, per database file for the run, so
  statements are compiled once (about a quarter of the run's CPU on the bench) and a file is
  not opened and closed again for each event (~800 times in a run of ~40 steps). Each event
  is still committed as Dagster commits it: other processes, the UI, see the same files the
  same way; a SQLite connection outside a transaction holds no lock;
- ``synchronous=OFF`` on its SQLite connections: the history is a log of the run, not data;
  an OS crash may lose its last events, never a staged or published file;
- no capture of the process's stdout and stderr into the history (``run_instance``): Dagster
  copies them to files through two ``tail -F`` processes and two Python watchers started for
  every run; ``esq run`` shows them in the terminal, and esq's log lines are stored as events.

The first two fall back to Dagster's own behaviour when its storage is not the SQLite one expected.
"""

from __future__ import annotations

import sqlite3
import types
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from functools import cache
from typing import Any

import dagster as dg


@cache
def without_fsync() -> None:
    """``PRAGMA synchronous=OFF`` on SQLite connections opened through SQLAlchemy (in this
    process only Dagster's storage uses SQLAlchemy)."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def pragma(dbapi_connection: object, _record: object) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute("PRAGMA synchronous=OFF")

    event.listen(Engine, "connect", pragma)


#: The instance's compute-log manager for an in-process run: none.
NO_COMPUTE_LOGS = {
    "module": "dagster._core.storage.noop_compute_log_manager",
    "class": "NoOpComputeLogManager",
    "config": {},
}


def run_instance(dagster_home: str) -> dg.DagsterInstance:
    """The instance of ``dagster_home`` (its ``dagster.yaml``) for an in-process run, without
    the capture of stdout and stderr."""
    from dagster._core.instance.ref import InstanceRef

    ref = InstanceRef.from_dir(dagster_home, overrides={"compute_logs": NO_COMPUTE_LOGS})
    return dg.DagsterInstance.from_ref(ref)


_NEEDED = ("_db_lock", "_initialized_dbs", "_initdb", "conn_string_for_shard")


def keep_engines(instance: dg.DagsterInstance) -> AbstractContextManager[bool]:
    """For the ``with`` block: one engine and connection per shard of this instance's SQLite
    event log, closed at its end; yields False (Dagster's own behaviour) when not applicable."""
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    storage = instance.event_log_storage
    if type(storage) is not SqliteEventLogStorage or not all(hasattr(storage, a) for a in _NEEDED):
        return nullcontext(False)
    return _kept(storage)


@contextmanager
def _kept(storage: Any) -> Iterator[bool]:
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
        SQLITE_BUSY_TIMEOUT_SECONDS,
        SqliteEventLogStorage,
    )
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    engines: dict[str, Any] = {}

    @contextmanager
    def _connect(self: SqliteEventLogStorage, shard: str) -> Iterator[Any]:
        with self._db_lock:  # one user at a time: the one connection may serve any thread
            engine = engines.get(shard)
            if engine is None:
                engine = create_engine(
                    self.conn_string_for_shard(shard),
                    poolclass=StaticPool,
                    connect_args={
                        "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                        "check_same_thread": False,
                    },
                )
                if shard not in self._initialized_dbs:
                    self._initdb(engine)
                    self._initialized_dbs.add(shard)
                engines[shard] = engine
            with engine.connect() as conn, conn.begin():
                yield conn

    storage._connect = types.MethodType(_connect, storage)  # type: ignore[method-assign]
    try:
        yield True
    finally:
        with storage._db_lock:
            del storage._connect  # Dagster's own method again
            for engine in engines.values():
                engine.dispose()
            engines.clear()
