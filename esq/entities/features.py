"""The table Splink scores: one row per record and name (current, other and former names).

Built in DuckDB on the scoring connection so a 3-million-row register stays out of pandas.
``name_toks`` are the words that identify: stopwords, generic words (« centre », « maison »)
and the words of the record's own municipality are left out. Blocking keys ``tok1``/``tok2``/
``tok3`` are the three rarest of them (rarest over every name scored).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from esq.entities.blockable import blockable_rows
from esq.entities.exact import with_members
from esq.entities.scoring_words import name_toks_sql, places_sql, rarest_sql
from esq.normalise.names import normalise_name

#: Listing columns the scoring uses.
SCORING_COLUMNS = (
    "member",
    "source_role",
    "neq",
    "name_key",
    "name_family",
    "civic_number",
    "street_key",
    "unit",
    "postal_code",
    "phone",
    "website_domain",
    "municipality_code",
    "region_code",
    "municipality",
)
_SEPARATORS = (" | ", ";", "\n")
#: The term-frequency table of ``er_input`` (:func:`register_name_frequencies`); a
#: ``blocked_only`` build makes it itself, from every name.
TERM_FREQUENCIES = "tf_er_input"


def split_names(value: object) -> list[str]:
    """Other names as a source lists them (' | ', ';' or one per line)."""
    if not isinstance(value, str):
        return []
    parts = [value]
    for sep in _SEPARATORS:
        parts = [p for part in parts for p in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def other_name_rows(listings: pd.DataFrame) -> pd.DataFrame:
    """(member, name_key, name_family, name_rank) for every other or former name."""
    rows = []
    framed = listings if "member" in listings else with_members(listings)
    has_other = framed[framed.other_names.notna()]
    for member, names in zip(has_other.member, has_other.other_names, strict=True):
        for rank, raw in enumerate(split_names(names), start=1):
            parts = normalise_name(raw)
            if parts is not None:
                rows.append((member, parts.key, parts.family, rank))
    return pd.DataFrame(rows, columns=["member", "other_key", "other_family", "name_rank"])


def build_scoring_table(
    con: duckdb.DuckDBPyConnection,
    listings: pd.DataFrame,
    table: str = "er_input",
    label: str | None = None,
    max_block: int = 300,
    others: pd.DataFrame | None = None,
    blocked_only: bool = False,
) -> int:
    """Create ``table`` on ``con`` from the listings; returns its row count.

    ``label`` names a truth column carried along for training. A word used by more than
    ``max_block`` names is never a blocking key (it would make blocks of thousands).
    ``others``: :func:`other_name_rows` of the listings, when the caller has it already.
    Rows are in ``unique_id`` order only for training (``label``), whose random sampling then
    draws the same pairs run after run; a prediction does not depend on row order, and the
    sort of the wide rows was a third of the build's CPU (10k × 600k frame: 3.9 → 2.7 s).

    ``blocked_only``: leave out the register rows no blocking rule can pair with a listing
    (``blockable.py``); word frequencies, the rarest words and the term frequencies
    (``tf_`` + ``table``) stay those of every name, so each pair scores as in the whole table.
    The count returned is then still every name's.
    """
    framed = with_members(listings) if "member" not in listings else listings
    base = framed[list(SCORING_COLUMNS) + ([label] if label else [])]
    others = other_name_rows(framed) if others is None else others
    con.register("er_base", base)
    con.register("er_others", others)
    source, freq, total = "er_base", "SELECT tok, count(*) AS n FROM toks GROUP BY tok", None
    if blocked_only:
        total = blockable_rows(con, "er_base", "er_others", max_block)
        source, freq = "er_base_kept", "SELECT tok, n FROM er_word_freq"
    con.execute(f"""
        CREATE OR REPLACE TABLE {table} AS
        WITH names AS (
            SELECT *, 0 AS name_rank FROM {source}
            UNION ALL
            SELECT b.member, b.source_role, b.neq, o.other_key, coalesce(o.other_family,
                   b.name_family), b.civic_number, b.street_key, b.unit, b.postal_code, b.phone,
                   b.website_domain, b.municipality_code, b.region_code, b.municipality,
                   {"b." + label + "," if label else ""} o.name_rank
            FROM er_others o JOIN {source} b USING (member)
        ),
        places AS ({places_sql("names")}),
        placed AS (
            SELECT n.*, p.place
            FROM names n LEFT JOIN places p ON p.municipality IS NOT DISTINCT FROM n.municipality
        ),
        -- read three times below: materialised, the words are split and filtered once
        keyed AS MATERIALIZED (
            -- listings' ids sort first: comparisons._PAIR_FILTER relies on it
            SELECT * EXCLUDE (place), CASE WHEN source_role = 'register' THEN 'r:' ELSE 'l:'
                   END || member || '#' || name_rank AS unique_id,
                   {name_toks_sql()} AS name_toks
            FROM placed
        ),
        toks AS (SELECT unique_id, unnest(name_toks) AS tok FROM keyed),
        freq AS ({freq}),
        ranked AS ({rarest_sql("toks", "freq", "unique_id", max_block)})
        SELECT k.*, r.rare[1] AS tok1, r.rare[2] AS tok2, r.rare[3] AS tok3,
               substr(k.postal_code, 1, 3) AS fsa, k.source_role = 'register' AS is_register
        FROM keyed k LEFT JOIN ranked r USING (unique_id)
        {"ORDER BY unique_id" if label else ""}
    """)
    if total is not None:
        register_name_frequencies(con, table, names="er_all_names")
        con.execute("DROP VIEW er_base_kept; DROP TABLE er_all_names; DROP TABLE er_word_freq")
    con.unregister("er_base")
    con.unregister("er_others")
    if total is not None:
        return total
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def register_name_frequencies(
    con: duckdb.DuckDBPyConnection, table: str = "er_input", names: str | None = None
) -> str:
    """Term frequencies of name keys over the register's names (all records when no register),
    as a table on ``con`` (``tf_`` + ``table``): its name, for Splink's ``db_api.register``.
    ``names``: the table to count in (``name_key``, ``is_register``), when ``table`` holds
    only some of the names. In DuckDB, not pandas: at register size, millions of names went
    to pandas and back."""
    names = names or table
    # Names missing from the register count once: an exact match on them is rare evidence.
    con.execute(f"""
        CREATE OR REPLACE TABLE tf_{table} AS
        WITH src AS (
            SELECT name_key FROM {names}
            WHERE is_register OR NOT EXISTS (SELECT 1 FROM {names} WHERE is_register)
        ),
        counted AS (SELECT name_key, count(*) AS n FROM src GROUP BY name_key),
        total AS (SELECT count(*) AS n FROM src)
        SELECT DISTINCT t.name_key, coalesce(c.n, 1) / (SELECT n FROM total) AS tf_name_key
        FROM {table} t LEFT JOIN counted c USING (name_key)
        WHERE t.name_key IS NOT NULL
    """)
    return f"tf_{table}"
