"""What the `esq` subcommands share: the usage error, the chosen catalog, a plain-text
table and the one-sentence error message."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from typing import Any

from pipelines.console import console, table


class UsageError(ValueError):
    """A mistake in the command line, told with its fix."""


def catalog_path(args: argparse.Namespace) -> str | None:
    """The catalog the user chose (--catalog, else ESQ_CATALOG), or None for the default."""
    return getattr(args, "catalog", None) or os.environ.get("ESQ_CATALOG") or None


def format_table(names: Sequence[str], rows: Sequence[Sequence[Any]], max_width: int = 40) -> str:
    """A table as plain text (for a subcommand that builds its output as a string)."""
    from assets.summary_tables import render_text

    return render_text([table(names, rows, max_width)])


def print_error(message: str, code: int = 2) -> int:
    """One plain sentence on stderr (no traceback)."""
    text = message.strip().strip("'\"")
    console(stderr=True).print(f"esq: {text}", style="bold red", markup=False)
    return code
