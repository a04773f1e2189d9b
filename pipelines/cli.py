"""esq: the everyday actions of the Québec social economy pipeline, for people who do not
open the Dagster UI.

Each subcommand is one ``add_<name>`` function (its arguments, with help) and one
``cmd_<name>`` function (what it does), in a module per topic: ``cli_run``, ``cli_status``,
``cli_warehouse`` (sql, export), ``cli_sources`` (discover, probe, accept-drop) and ``cli_match``
(match, serve); ``cli_common`` holds what they share. To add a subcommand, write both and list
the ``add_`` function in ``SUBCOMMANDS``. Options common to every subcommand (--home, --mode,
--catalog) are accepted before or after the subcommand's name.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from esq.config import Settings
from pipelines.cli_common import print_error
from pipelines.cli_match import add_match, add_serve
from pipelines.cli_run import add_run
from pipelines.cli_sources import add_accept_drop, add_discover, add_probe
from pipelines.cli_status import add_status
from pipelines.cli_warehouse import add_export, add_sql


def version() -> str:
    try:
        return metadata.version("esq")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown (not installed)"


# --- the parser ----------------------------------------------------------------------------

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
            return print_error(f"no catalog file at {args.catalog}: give an existing YAML file.")
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
            return print_error(str(exc))
        raise
    except KeyboardInterrupt:
        return print_error("interrupted; a run's published files are left as they were.", 130)


def _is_duckdb_error(exc: Exception) -> bool:
    """A DuckDB error, told plainly; DuckDB is not imported for it (`esq run`'s daily path
    decides without it)."""
    duckdb = sys.modules.get("duckdb")
    return duckdb is not None and isinstance(exc, duckdb.Error)


if __name__ == "__main__":
    sys.exit(main())
