"""`esq status`: per-source fetch status, data age, rows and staleness, and the last run."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from esq.config import Settings
from esq.numbers import age
from pipelines.cli_common import catalog_path
from pipelines.console import console, table


def add_status(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    status = sub.add_parser(
        "status",
        parents=[common],
        help="per-source fetch status, data age, rows and staleness",
        description="One line per source of the catalog: the last fetch, the age of the data "
        "in use, rows staged and quarantined, and whether the source is stale (and why).",
    )
    status.add_argument("--all", action="store_true", help="include disabled sources")
    status.set_defaults(func=cmd_status)


def _age_of(iso: object, now: datetime) -> str:
    if not isinstance(iso, str) or not iso:
        return "never"
    try:
        return age((now - datetime.fromisoformat(iso.replace("Z", "+00:00"))).total_seconds())
    except ValueError:
        return iso


def _attempt(row: dict, now: datetime) -> str:
    """The latest fetch attempt as operators need it: its raw status and how long ago."""
    if not row["last_fetch_status"]:
        return "disabled" if not row["enabled"] else "never fetched"
    when = _age_of(row["last_fetch_at"], now)
    return row["last_fetch_status"] + ("" if when == "never" else f" ({when} ago)")


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from esq.catalog import load_catalog
    from warehouse.assemble import sources_frame

    frame = sources_frame(load_catalog(catalog_path(args)), settings)
    if not args.all:
        frame = frame[frame.enabled]
    now = datetime.now(UTC)
    rows = []
    for r in frame.astype(object).where(frame.notna(), None).to_dict("records"):
        rows.append(
            (
                r["source_id"],
                r["role"],
                _attempt(r, now),
                _age_of(r["last_success_at"], now),
                None if r["rows_staged"] is None else int(r["rows_staged"]),
                None if r["rows_quarantined"] is None else int(r["rows_quarantined"]),
                "yes" if r["stale"] else "no",
                r.get("last_error") or "",
            )
        )
    names = ["source", "role", "last fetch", "data age", "rows", "quarantined", "stale", "why"]
    console().print(table(names, rows, max_width=None))
    console().print(last_runs(settings, now))
    return 0


def last_runs(settings: Settings, now: datetime) -> str:
    """The last `esq run` and, when it launched nothing, the run it found nothing changed since."""
    from pipelines.daily import history

    runs = history(settings)
    if not runs:
        return "last run: none recorded by `esq run`"
    last = runs[-1]
    when = f"{_age_of(last['at'], now)} ago"
    if last["outcome"] == "up to date":
        since = str(last.get("since_run") or "?")[:8]
        return (f"last check: {when}, nothing changed since run {since} "
                f"({_age_of(last.get('since'), now)} ago)")  # fmt: skip
    return f"last run: {str(last['run_id'])[:8]} {last['outcome']} {when} ({last.get('reason')})"
