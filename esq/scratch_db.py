"""In-memory DuckDB connections for the set-based work inside a step.

DuckDB spills what does not fit in memory to ``temp_directory``, by default ``.tmp`` in the
process's working directory: a run started from a checkout wrote its spill files into the
repository (a 50 000 × 3 M benchmark left gigabytes there). Every scratch connection spills
under the system temp folder instead (``TMPDIR``), in a folder of its own, which DuckDB
creates on the first spill and removes when the connection closes.
"""

from __future__ import annotations

import itertools
import os
import tempfile

import duckdb

_NUMBERS = itertools.count()

#: DuckDB's memory for each connection of the ER rule stage, the pipeline's peak step (the
#: register's rows are in pandas already): at 50 000 listings × 3 M register names the stage
#: grew the peak by 472 MiB with DuckDB's default limit, by 149 MiB with this one, same links
#: and CPU (``bench/README.md``, er_match). DuckDB spills the rest under the temp folder.
RULE_STAGE_MEMORY = "512MB"


def scratch_connection(**config: object) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection whose spill folder is its own, under the system temp
    folder; ``config`` adds DuckDB settings (``memory_limit``, ``threads``…)."""
    # One folder per connection: DuckDB removes the folder it created when its connection
    # closes, which must not pull the files from under another open connection.
    folder = os.path.join(tempfile.gettempdir(), f"esq-duckdb-{os.getpid()}-{next(_NUMBERS)}")
    return duckdb.connect(config={"temp_directory": folder, **config})


def rule_connection() -> duckdb.DuckDBPyConnection:
    """A scratch connection for the ER rule stage, within :data:`RULE_STAGE_MEMORY`."""
    return scratch_connection(memory_limit=RULE_STAGE_MEMORY)
