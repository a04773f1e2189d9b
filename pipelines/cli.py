"""esq: the everyday actions of the Québec social economy pipeline, for people who do not
open the Dagster UI.

Each subcommand is one ``add_<name>`` function (its arguments, with help) and one
``cmd_<name>`` function (what it does); to add a subcommand, write both and list the ``add_``
function in ``SUBCOMMANDS``. Options common to every subcommand (--home, --mode, --catalog) are
accepted before or after the subcommand's name.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from esq.config import Settings
from esq.matching.columns import ROLES
from esq.numbers import age
from pipelines.console import RunDisplay, console, table
from warehouse.csvsafe import write_csv


class UsageError(ValueError):
    """A mistake in the command line, told with its fix."""


def version() -> str:
    try:
        return metadata.version("esq")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown (not installed)"


def catalog_path(args: argparse.Namespace) -> str | None:
    """The catalog the user chose (--catalog, else ESQ_CATALOG), or None for the default."""
    return getattr(args, "catalog", None) or os.environ.get("ESQ_CATALOG") or None


def format_table(names: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """A table as plain text (for a subcommand that builds its output as a string)."""
    from assets.summary import render_text

    return render_text([table(names, rows, max_width)])


# --- run ---------------------------------------------------------------------------------


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
    from assets.summary import summarise, summary_tables

    out = console()
    for part in summary_tables(summarise(outcome.result, settings, before[0])):
        out.print(part)
    return 0 if outcome.result.success else 1


# --- status ------------------------------------------------------------------------------


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


# --- sql ---------------------------------------------------------------------------------


def add_sql(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    sql = sub.add_parser(
        "sql",
        parents=[common],
        help="query the warehouse read-only",
        description="Run one read query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) "
        "on the warehouse, opened read-only with file and network access disabled.",
    )
    sql.add_argument("query", help='one SQL query, e.g. "select * from enterprises_by_region"')
    sql.add_argument("--csv", action="store_true", help="CSV output (formula cells neutralised)")
    width = sql.add_mutually_exclusive_group()
    width.add_argument(
        "--max-width",
        type=int,
        default=40,
        metavar="N",
        help="cut cells longer than N characters with … (default: 40)",
    )
    width.add_argument(
        "--no-truncate", action="store_true", help="show every cell in full (long cells wrap)"
    )
    sql.set_defaults(func=cmd_sql)


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.readonly import connect_readonly, run_query

    if args.max_width < 2:
        raise UsageError("--max-width must be at least 2 (or use --no-truncate)")
    with connect_readonly(settings.warehouse_path) as con:
        names, rows = run_query(con, args.query)
    if args.csv:
        write_csv(names, rows, sys.stdout)
    else:
        console().print(table(names, rows, None if args.no_truncate else args.max_width))
    return 0


# --- export ------------------------------------------------------------------------------


def add_export(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = sub.add_parser(
        "export",
        parents=[common],
        help="export one table or view as CSV or Parquet",
        description="Write one public table or analyst view of the warehouse to a file.",
    )
    export.add_argument("table", help="a table or view name, e.g. enterprises")
    export.add_argument(
        "--format", choices=["csv", "parquet"], default="csv", help="file format (default: csv)"
    )
    export.add_argument(
        "--output", "-o", metavar="FILE", help="output file (default: ESQ_HOME/exports/)"
    )
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.export import export_table

    path = export_table(settings, args.table, args.format, args.output)
    print(f"wrote {path}")
    return 0


# --- discover ----------------------------------------------------------------------------


def add_discover(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    disc = sub.add_parser(
        "discover",
        parents=[common],
        help="list a CKAN organisation's candidate datasets",
        description="Ask a CKAN portal (live) for an organisation's datasets matching keywords, "
        "to find new sources for the catalog.",
    )
    disc.add_argument("org", help="CKAN organisation name, e.g. ville-de-laval")
    disc.add_argument(
        "keywords", nargs="*", help="words to look for (default: organismes, fournisseurs, …)"
    )
    disc.add_argument(
        "--portal",
        default="https://www.donneesquebec.ca/recherche",
        help="CKAN portal (default: Données Québec; Montréal: https://donnees.montreal.ca)",
    )
    disc.set_defaults(func=cmd_discover)


def cmd_discover(args: argparse.Namespace, settings: Settings) -> int:
    from esq.discover import DEFAULT_KEYWORDS, discover
    from esq.http import HttpClient, HttpPolicy

    client = HttpClient(HttpPolicy(contact=settings.contact))
    rows = discover(client, args.portal, args.org, args.keywords or DEFAULT_KEYWORDS)
    found = [
        (r.name, r.id, (r.metadata_modified or "")[:10], len(r.resources), r.title) for r in rows
    ]
    console().print(table(["dataset", "id", "modified", "resources", "title"], found, 60))
    return 0


# --- accept-drop -------------------------------------------------------------------------


def add_accept_drop(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    accept = sub.add_parser(
        "accept-drop",
        parents=[common],
        help="accept a source's flagged row drop (recorded), so the next run publishes",
        description="A source that lost more than its max_row_drop share and min_row_drop rows "
        "blocks the publication (row_count_drop). When the drop is real, accept it: the exact "
        "counts, who and when are recorded in ESQ_HOME/state/drops/.",
    )
    accept.add_argument("source_id", metavar="SOURCE", help="the source id named by the check")
    accept.set_defaults(func=cmd_accept_drop)


def cmd_accept_drop(args: argparse.Namespace, settings: Settings) -> int:
    from esq.catalog import load_catalog
    from esq.drops import accept_drop

    drop = accept_drop(load_catalog(catalog_path(args)), settings, args.source_id)
    console().print(
        f"accepted {drop.source_id}: {drop.before} -> {drop.after} rows; run `esq run` again"
    )
    return 0


def add_probe(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    probe = sub.add_parser(
        "probe",
        parents=[common],
        help="propose a catalog entry for a web directory page (writes nothing)",
        description="Fetch one directory page politely (robots.txt, the esq User-Agent), find "
        "its repeated items, next-page and detail links and schema.org data, and print a "
        "ready catalog entry with the first rows it would extract. The catalog is not changed.",
    )
    probe.add_argument("url", help="a directory list page, or a WordPress /wp-json/wp/v2/<type>")
    probe.add_argument("--id", default="new-directory", help="source id of the proposed entry")
    probe.set_defaults(func=cmd_probe)


def cmd_probe(args: argparse.Namespace, settings: Settings) -> int:
    """Print the catalog entry proposed for a web directory and its first rows (writes nothing)."""
    from esq.http import HttpClient, HttpPolicy
    from esq.probe import probe

    proposal = probe(HttpClient(HttpPolicy(contact=settings.contact)), args.url, args.id)
    print("# Proposed catalog entry: review it, then paste it under `sources:` yourself.")
    print(proposal.yaml(), end="")
    for note in proposal.notes:
        print(f"# {note}")
    if proposal.rows:
        names = list(dict.fromkeys(k for row in proposal.rows for k in row))
        rows = [[row.get(n) for n in names] for row in proposal.rows]
        print("\nFirst rows it would extract:")
        print(format_table(names, rows, 30))
    return 0


# --- match and serve (bring your own list; OpenRefine) ---------------------------------------

#: Roles of `esq match`'s column flags: the matcher's own (one list).
MATCH_ROLES = ROLES


def add_match(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    match = sub.add_parser(
        "match",
        parents=[common],
        help="link a CSV/XLSX supplier or payment list to the enterprises",
        description="Link each row of a supplier or payment list to the published enterprises "
        "(NEQ, then names; persons never) and write it back with the enterprise, how it was "
        "linked and whether it waits in review. Columns are guessed from the headers unless "
        "named; a summary gives the amount and share with social economy enterprises.",
    )
    match.add_argument("file", help="CSV or XLSX file (encoding and delimiter detected)")
    for role in MATCH_ROLES:
        flag = "--" + role.replace("_", "-")
        match.add_argument(flag, dest=role, metavar="COLUMN", help=f"column of the {role}")
    match.add_argument(
        "--buyer",
        metavar="TOWN",
        help="the town that bought, for a list of one city: breaks ties between namesakes "
        "(a --buyer-city column wins row by row)",
    )
    match.add_argument("--mapping", metavar="FILE", help="YAML/JSON: role -> column (flags win)")
    match.add_argument("--output", "-o", help="output .csv or .xlsx (default: FILE.matched.*)")
    match.add_argument("--sheet", help="XLSX sheet (default: the first)")
    match.add_argument("--encoding", help="CSV encoding (default: detected)")
    match.add_argument("--delimiter", help="CSV delimiter (default: detected)")
    match.set_defaults(func=cmd_match)


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    """Link a user's supplier or payment list to the enterprises; print what was assumed."""
    from esq.matching.columns import ColumnError
    from esq.matching.rows import MatchInputError
    from esq.matching.summary import summary_lines
    from warehouse.matchfile import match_file, read_mapping_file

    try:
        given = read_mapping_file(Path(args.mapping)) if args.mapping else {}
        given.update({r: getattr(args, r) for r in MATCH_ROLES if getattr(args, r)})
        report = match_file(
            Path(args.file), settings.warehouse_path, given,
            Path(args.output) if args.output else None, buyer_city=args.buyer,
            sheet=args.sheet, encoding=args.encoding, delimiter=args.delimiter,
        )  # fmt: skip
    except (ColumnError, MatchInputError) as exc:
        return _error(f"match: {args.file}: {exc}")
    print("columns used:", *(f"  {line}" for line in report.mapping.describe()), sep="\n")
    for line in report.skipped:
        print(f"note: {line}")
    print(*summary_lines(report.summary), sep="\n")
    print(f"wrote {report.output}")
    return 0


def add_serve(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser(
        "serve",
        parents=[common],
        help="OpenRefine reconciliation service over the enterprises (read-only)",
        description="Serve the published enterprises with the W3C Entity Reconciliation API "
        "v0.2 (reconcile, suggest, preview, data extension) for OpenRefine; read-only.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1 (this machine)")
    serve.add_argument("--port", type=int, default=8765, help="default: 8765")
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """The reconciliation service over the published warehouse, read-only."""
    from pipelines.serve import serve

    serve(settings.warehouse_path, args.host, args.port)
    return 0


# --- the parser ----------------------------------------------------------------------------

#: One function per subcommand, in the order of `esq --help`.
SUBCOMMANDS: list[Callable[[argparse._SubParsersAction, argparse.ArgumentParser], None]] = [
    add_run,
    add_status,
    add_sql,
    add_export,
    add_discover,
    add_accept_drop,
    add_probe,
    add_match,
    add_serve,
]


def common_options(after_subcommand: bool) -> argparse.ArgumentParser:
    """--home, --mode, --catalog. After the subcommand their default is 'not given', so a value
    given before the subcommand is kept."""
    unset = argparse.SUPPRESS if after_subcommand else None
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("common options (before or after the subcommand)")
    group.add_argument(
        "--home",
        default=unset,
        metavar="DIR",
        help="where esq writes (default: $ESQ_HOME or ./data)",
    )
    group.add_argument(
        "--mode",
        choices=["replay", "live"],
        default=unset,
        help="replay the recorded landing zone, or fetch live (default: $ESQ_MODE or replay)",
    )
    group.add_argument(
        "--catalog",
        default=unset,
        metavar="FILE",
        help="source catalog (default: $ESQ_CATALOG or catalog/sources.yaml)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="esq",
        description=__doc__.split("\n\n")[0].replace("\n", " "),
        parents=[common_options(after_subcommand=False)],
        epilog="`esq COMMAND --help` describes each command.",
    )
    parser.add_argument("--version", action="version", version=f"esq {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = common_options(after_subcommand=True)
    for add in SUBCOMMANDS:
        add(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The choices go on as environment variables, so every layer (settings, the catalog
    # resource, Dagster code locations) honours them.
    if args.home:
        os.environ["ESQ_HOME"] = args.home
    if args.mode:
        os.environ["ESQ_MODE"] = args.mode
    if args.catalog:
        if not Path(args.catalog).is_file():
            return _error(f"no catalog file at {args.catalog}: give an existing YAML file.")
        os.environ["ESQ_CATALOG"] = str(Path(args.catalog).resolve())
        args.catalog = os.environ["ESQ_CATALOG"]
    from esq.errors import SourceError
    from esq.memory_guard import MemoryLimitExceeded

    told = (ValueError, FileNotFoundError, KeyError, SourceError, MemoryLimitExceeded)
    try:
        settings = Settings.from_env()
        return args.func(args, settings)
    except Exception as exc:
        if isinstance(exc, told) or _is_duckdb_error(exc):
            return _error(str(exc))
        raise
    except KeyboardInterrupt:
        return _error("interrupted; a run's published files are left as they were.", 130)


def _is_duckdb_error(exc: Exception) -> bool:
    """A DuckDB error, told plainly; DuckDB is not imported for it (`esq run`'s daily path
    decides without it)."""
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


def _error(message: str, code: int = 2) -> int:
    """One plain sentence on stderr (no traceback)."""
    text = message.strip().strip("'\"")
    console(stderr=True).print(f"esq: {text}", style="bold red", markup=False)
    return code


if __name__ == "__main__":
    sys.exit(main())
