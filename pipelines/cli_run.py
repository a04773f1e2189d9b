"""`esq run`: fetch, stage, resolve and publish (the daily path first)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from contextlib import ExitStack

from esq.config import Settings
from pipelines.cli_common import UsageError, catalog_path
from pipelines.console import RunDisplay, console


def check_sources(requested: Sequence[str], catalog_file: str | None) -> None:
    """Refuse a --source the catalog does not have, or has disabled, naming the valid ids."""
    from esq.catalog import load_catalog, resolve_catalog_path

    where = resolve_catalog_path(catalog_file)
    catalog = load_catalog(where)
    known = {s.id: s for s in catalog.sources}
    enabled = sorted(s.id for s in catalog.sources if s.enabled)
    unknown = [s for s in requested if s not in known]
    if unknown:
        names = ", ".join(repr(s) for s in unknown)
        raise UsageError(
            f"no source {names} in the catalog ({where}). "
            f"Valid ids (enabled): {', '.join(enabled)}."
        )
    disabled = [s for s in requested if not known[s].enabled]
    if disabled:
        reasons = "; ".join(
            f"{s}: {known[s].disabled_reason or 'no reason given'}" for s in disabled
        )
        raise UsageError(
            f"source {', '.join(disabled)} is disabled in the catalog ({reasons}). "
            f"Set `enabled: true` in {where} to run it, or pick one of: {', '.join(enabled)}."
        )


def add_run(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    run = sub.add_parser(
        "run",
        parents=[common],
        help="fetch, stage, resolve and publish (all sources, or some)",
        description="Run the pipeline in-process: fetch (or replay) each source, stage it, "
        "resolve enterprises, link contract suppliers, build the warehouse and publish it if "
        "every blocking check passes. Ends with a summary of the run.",
    )
    run.add_argument(
        "--source",
        action="append",
        metavar="ID",
        help="run only this source and what depends on it (repeatable); see `esq status`",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="run even when nothing changed since the last successful run (no pre-flight)",
    )
    run.set_defaults(func=cmd_run)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """The daily path first (pipelines.daily: fetch, compare, maybe stop), then the run."""
    from pipelines import daily

    if args.source:
        check_sources(args.source, catalog_path(args))
    before: list[str | None] = []
    display = RunDisplay(console(stderr=True))
    with ExitStack() as stack:

        def on_start(reason: str) -> None:  # a run is launched: show its progress
            from assets.summary import current_release

            console(stderr=True).print(f"running: {reason}", markup=False)
            before.append(current_release(settings))
            stack.enter_context(display)

        outcome = daily.run(
            settings, catalog_path(args), args.source, args.force, on_start=on_start,
            on_event=display.on_event, on_plan=display.on_plan,
        )  # fmt: skip
    if outcome.result is None:
        console().print(outcome.check.message() if outcome.check else "nothing run")
        return 0
    from assets.summary import summarise
    from assets.summary_tables import summary_tables

    out = console()
    for part in summary_tables(summarise(outcome.result, settings, before[0])):
        out.print(part)
    return 0 if outcome.result.success else 1
