"""The daily path of `esq run`: a make-like pre-flight in plain Python, without Dagster.

Before launching a run, :func:`preflight` fetches every selected source with the raw asset's own
code (esq.fetching: conditional requests, the per-host interval, robots.txt, the retry budget),
then compares the home's fingerprint (pipelines.fingerprint: code, libraries, catalog, each
source's landed content and published status, every staged/core/published file by size and
time) with the one recorded after the last successful run (``state/daily.json``). Equal: the
run would compute nothing (every step would reuse its outputs), so none is launched; the check
is recorded in ``state/runs.jsonl``, which `esq status` reads. Otherwise the run is launched and
its raw steps do not fetch again what the pre-flight fetched (``prefetched``).

Safety: the record is removed before any run is launched and written only after a run that
succeeded, so a run killed half-way, or one that failed, leaves nothing to skip on. A source
whose fetch fails (transiently or not) always launches the run, which records the failure and
keeps the last good data as before. ``--force`` launches without a pre-flight.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from esq.catalog import Catalog
from esq.config import Settings
from esq.jsonfile import write_json
from pipelines.fingerprint import fingerprint, first_difference
from pipelines.prefetch import fetch_all, selected

#: Lines kept in the history (the oldest are dropped past this).
HISTORY_LINES = 400


@dataclass(frozen=True)
class Preflight:
    """What the pre-flight found: whether a run is needed, why, and what it fetched."""

    up_to_date: bool
    reason: str
    run_id: str
    #: Source id -> the pre-flight's attempt (replayed, success, not_modified, failed, …): the
    #: run's raw steps report these instead of fetching again.
    prefetched: dict[str, str] = field(default_factory=dict)
    last: dict[str, Any] | None = None

    def message(self) -> str:
        """The one line `esq run` prints when nothing is launched."""
        last = self.last or {}
        return (
            f"nothing changed since run {str(last.get('run_id', '?'))[:8]} at "
            f"{last.get('finished_at', '?')}; `--force` runs anyway"
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def read_stamp(settings: Settings) -> dict[str, Any] | None:
    """The record of the last successful run (its fingerprint), or None."""
    path = settings.layout.daily_stamp
    try:
        return json.loads(path.read_text("utf-8")) if path.is_file() else None
    except ValueError:  # a torn write: as if there were none
        return None


def forget_stamp(settings: Settings) -> None:
    """Before a run is launched: a run killed half-way must leave nothing to skip on."""
    settings.layout.daily_stamp.unlink(missing_ok=True)


def write_stamp(
    settings: Settings, catalog: Catalog, selection: Iterable[str] | None, run_id: str
) -> None:
    """After a run that succeeded: the fingerprint of the home as that run left it."""
    stamp = {
        "run_id": run_id,
        "finished_at": _now(),
        "fingerprint": fingerprint(settings, catalog, selection),
    }
    write_json(settings.layout.daily_stamp, stamp)


def record(settings: Settings, outcome: str, run_id: str | None, **facts: Any) -> None:
    """One line of the run history (`esq status` shows the last one)."""
    path = settings.layout.run_history
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    line = json.dumps({"at": _now(), "outcome": outcome, "run_id": run_id, **facts})
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join([*lines[-(HISTORY_LINES - 1) :], line]) + "\n", "utf-8")
    os.replace(tmp, path)


def history(settings: Settings) -> list[dict[str, Any]]:
    """Every line of the run history, oldest first."""
    path = settings.layout.run_history
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def compare(
    settings: Settings, catalog: Catalog, selection: Iterable[str] | None
) -> tuple[str | None, dict[str, Any] | None]:
    """Why a run is needed now (None: it is not) and the last successful run's record."""
    stamp = read_stamp(settings)
    if stamp is None:
        return "no successful run is recorded", None
    change = first_difference(stamp["fingerprint"], fingerprint(settings, catalog, selection))
    return change, stamp


def preflight(
    settings: Settings,
    catalog: Catalog,
    selection: Iterable[str] | None = None,
    http: Any = None,
) -> Preflight:
    """Fetch the selected sources, then decide whether a run is needed (module docstring);
    ``http``: the HTTP client for live sources (default: one with the raw step's policy)."""
    selection = sorted(selection) if selection else None
    run_id = str(uuid.uuid4())
    settings.ensure()
    fetched, failed = fetch_all(selected(catalog, selection), settings, run_id, http)
    if failed:
        sid = sorted(failed)[0]
        reason = f"source {sid} failed in the pre-flight: {failed[sid]}"
        return Preflight(False, reason, run_id, fetched)
    change, stamp = compare(settings, catalog, selection)
    if change is None:
        return Preflight(True, "nothing changed", run_id, fetched, stamp)
    return Preflight(False, change, run_id, fetched, stamp)


@dataclass(frozen=True)
class Outcome:
    """What `esq run` did: the pre-flight (None with ``force``) and the run (None if skipped)."""

    check: Preflight | None
    result: Any = None  # dagster.ExecuteInProcessResult when a run was launched

    @property
    def reason(self) -> str:
        return "--force" if self.check is None else self.check.reason


def run(
    settings: Settings,
    catalog_path: str | Path | None = None,
    selection: Sequence[str] | None = None,
    force: bool = False,
    http: Any = None,
    on_start: Any = None,
    **run_options: Any,
) -> Outcome:
    """`esq run`: the pre-flight, then a run unless nothing changed; both recorded.

    ``http`` (an ``assets.resources.HttpResource``) sets the HTTP policy of the pre-flight and
    of the run (tests); ``on_start(reason)`` is called before a run is launched;
    ``run_options`` go to pipelines.runner.run_pipeline (on_event, on_plan).
    """
    from esq.catalog import load_catalog, resolve_catalog_path

    catalog = load_catalog(resolve_catalog_path(catalog_path))
    client = None if http is None else http.client(settings.contact, settings.layout.not_before)
    check = None if force else preflight(settings, catalog, selection, client)
    if check is not None and check.up_to_date:
        last = check.last or {}
        record(settings, "up to date", None, since_run=last.get("run_id"),
               since=last.get("finished_at"))  # fmt: skip
        return Outcome(check)
    from pipelines.runner import run_pipeline  # Dagster is loaded only for a run

    outcome = Outcome(check)
    if on_start is not None:
        on_start(outcome.reason)
    forget_stamp(settings)  # a run stopped half-way leaves nothing to skip on
    result = run_pipeline(
        settings, selection or None, catalog_path,
        run_id=check.run_id if check else None,
        prefetched=check.prefetched if check else None,
        http=http, **run_options,
    )  # fmt: skip
    if result.success:
        write_stamp(settings, catalog, selection, result.run_id)
    record(settings, "succeeded" if result.success else "failed", result.run_id,
           reason=outcome.reason)  # fmt: skip
    return Outcome(check, result)
