"""`esq`: the everyday actions for people who do not open the Dagster UI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from esq.config import Settings
from warehouse.csvsafe import write_csv


def format_table(names: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """A plain text table for the terminal."""

    def cell(v: Any) -> str:
        text = "" if v is None else str(v).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join([line, rule, *body, f"({len(rows)} row{'s' if len(rows) != 1 else ''})"])


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from assets.summary import run_summary
    from esq.catalog import CatalogError
    from pipelines.runner import UnknownSourceError, run_pipeline

    try:
        result = run_pipeline(settings, args.source or None, args.catalog)
    except (UnknownSourceError, CatalogError) as exc:
        print(f"esq: {exc}", file=sys.stderr)
        return 2
    print(run_summary(result, settings))
    return 0 if result.success else 1


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    from esq.catalog import load_catalog
    from warehouse.assemble import sources_frame

    frame = sources_frame(load_catalog(args.catalog), settings)
    cols = [
        "source_id",
        "role",
        "enabled",
        "last_fetch_status",
        "last_fetch_at",
        "last_success_at",
        "rows_staged",
        "rows_quarantined",
        "state",  # never fetched, fresh or stale
    ]
    if not args.all:
        frame = frame[frame.enabled]
    print(
        format_table(
            cols, frame[cols].astype(object).where(frame[cols].notna(), None).values.tolist()
        )
    )
    return 0


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.readonly import connect_readonly, run_query

    with connect_readonly(settings.warehouse_path) as con:
        names, rows = run_query(con, args.query, args.timeout)
    if args.csv:
        write_csv(names, rows, sys.stdout)
    else:
        print(format_table(names, rows))
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.export import export_table

    path = export_table(settings, args.table, args.format, args.output)
    print(f"wrote {path}")
    return 0


def cmd_discover(args: argparse.Namespace, settings: Settings) -> int:
    from esq.discover import DEFAULT_KEYWORDS, discover
    from esq.http import HttpClient, HttpPolicy

    client = HttpClient(HttpPolicy(contact=settings.contact))
    rows = discover(client, args.portal, args.org, args.keywords or DEFAULT_KEYWORDS)
    table = [
        (r.name, r.id, (r.metadata_modified or "")[:10], len(r.resources), r.title) for r in rows
    ]
    print(format_table(["dataset", "id", "modified", "resources", "title"], table, 60))
    return 0


def cmd_accept_drop(args: argparse.Namespace, settings: Settings) -> int:
    """Record that a source's flagged row drop is expected (esq.drops); the next run publishes."""
    from esq.catalog import load_catalog
    from esq.drops import accept_drop

    drop = accept_drop(load_catalog(args.catalog), settings, args.source_id)
    print(f"accepted {drop.source_id}: {drop.before} -> {drop.after} rows; run `esq run` again")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="esq", description=__doc__)
    parser.add_argument("--home", help="ESQ_HOME (default: $ESQ_HOME or ./data)")
    parser.add_argument("--mode", choices=["replay", "live"], help="default: $ESQ_MODE or replay")
    parser.add_argument("--catalog", help="catalog file (default: catalog/sources.yaml)")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="fetch, stage, resolve and publish (all sources or some)")
    run.add_argument("--source", action="append", help="only this source (repeatable)")
    run.set_defaults(func=cmd_run)
    status = sub.add_parser("status", help="per-source fetch status, rows and staleness")
    status.add_argument("--all", action="store_true", help="include disabled sources")
    status.set_defaults(func=cmd_status)
    sql = sub.add_parser("sql", help="query the warehouse read-only")
    sql.add_argument("query")
    sql.add_argument("--csv", action="store_true", help="CSV output (formula cells neutralised)")
    sql.add_argument(
        "--timeout",
        type=float,
        help="stop the query after SECONDS (default $ESQ_SQL_TIMEOUT or 300)",
    )
    sql.set_defaults(func=cmd_sql)
    export = sub.add_parser("export", help="export one table as CSV or Parquet")
    export.add_argument("table")
    export.add_argument("--format", choices=["csv", "parquet"], default="csv")
    export.add_argument("--output", "-o", help="output file (default: ESQ_HOME/exports/)")
    export.set_defaults(func=cmd_export)
    accept = sub.add_parser("accept-drop", help="accept a source's flagged row drop (recorded)")
    accept.add_argument("source_id")
    accept.set_defaults(func=cmd_accept_drop)
    disc = sub.add_parser("discover", help="list a CKAN organisation's candidate datasets")
    disc.add_argument("org", help="CKAN organisation name, e.g. ville-de-laval")
    disc.add_argument("keywords", nargs="*", help="default: organismes, fournisseurs, contrats…")
    disc.add_argument(
        "--portal",
        default="https://www.donneesquebec.ca/recherche",
        help="CKAN portal (Montréal: https://donnees.montreal.ca)",
    )
    disc.set_defaults(func=cmd_discover)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.home:
        os.environ["ESQ_HOME"] = args.home
    if args.mode:
        os.environ["ESQ_MODE"] = args.mode
    import duckdb

    from esq.adapters.base import SourceError

    settings = Settings.from_env()
    try:
        return args.func(args, settings)
    except (ValueError, FileNotFoundError, KeyError, duckdb.Error, SourceError, MemoryError) as exc:
        print(f"esq: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
