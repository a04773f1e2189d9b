"""`esq sql` and `esq export`: read the published warehouse (a query, or one table to a file)."""

from __future__ import annotations

import argparse
import sys

from esq.config import Settings
from pipelines.cli_common import UsageError
from pipelines.console import console, table
from warehouse.csvsafe import write_csv


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
