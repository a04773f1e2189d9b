"""Bring your own list: `esq match` (a supplier or payment list linked to the enterprises) and
`esq serve` (the OpenRefine reconciliation service)."""

from __future__ import annotations

import argparse
from pathlib import Path

from esq.config import Settings
from esq.matching.columns import ROLES
from pipelines.cli_common import print_error

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
        return print_error(f"match: {args.file}: {exc}")
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
