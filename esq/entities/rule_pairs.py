"""The rules' candidate pairs, set-based in DuckDB: a register has millions of rows.

For one rule, the rows sharing its key are grouped; a group counts when 2 to ``max_group``
records (not rows: a record has a row per name and per site) share the key and one of them
at least is not from the register. Its pairs are every two rows of different records, never
two register rows, in the order the rule stage has always given: groups by key, rows in a
group by member then by position, pairs as ``itertools.combinations`` yields them. The pair
predicates (compatible names, kinds of body) then run on these pairs only, never on the
register.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from esq.entities.compat import STOPWORDS, core_key
from esq.scratch_db import scratch_connection

#: Name keys whose core key SQL computes exactly as ``compat.core_key`` (ASCII words split by
#: single spaces); any other key goes through ``core_key`` itself.
#: The listing-frame columns the set-based rules read, in groups each rule takes what it needs
#: from: the record and its name, its town, its door.
NAME_COLUMNS = ("member", "name_key", "name_family", "source_role", "legal_form")
TOWN_COLUMNS = ("municipality_code", "municipality", "mrc")
DOOR_COLUMNS = ("postal_code", "civic_number")
PLAIN_KEY = r"^[a-z0-9]+( [a-z0-9]+)*$"


def register_rows(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, columns: list[str]
) -> None:
    """Register ``columns`` of ``frame`` (those it has) on ``con`` as ``name``: Arrow strings,
    no copy when Arrow-backed, with ``_i``, the row's position."""
    out = {"_i": pa.array(np.arange(len(frame), dtype=np.int64))}
    for c in (c for c in columns if c in frame.columns):
        out[c] = pa.array(frame[c], from_pandas=True)
        if not (pa.types.is_string(out[c].type) or pa.types.is_large_string(out[c].type)):
            out[c] = out[c].cast(pa.string())
    con.register(name, pa.table(out))


def add_core_keys(con: duckdb.DuckDBPyConnection, table: str, listed_only: bool = False) -> str:
    """Create the view ``<table>_cored``: ``table`` with ``core_key`` (``compat.core_key`` of
    its ``name_key``), computed in SQL where that is exact; returns the view's name.

    ``listed_only`` (``table`` has ``source_role``): the view keeps only the rows whose core
    key some listing's row may share (the core rule's groups need one); the others' cores are
    never computed."""
    # The distinct keys, read and tested once (two passes over the register's names cost
    # twice: the DISTINCT and the regex were most of this function's time).
    listed = "bool_or(source_role IS DISTINCT FROM 'register')" if listed_only else "true"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table}_keys AS
        SELECT name_key, {listed} AS listed FROM {table}
        WHERE name_key IS NOT NULL GROUP BY name_key
    """)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table}_cores (name_key VARCHAR, core_key VARCHAR)")
    _insert_cores(con, table, "listed")
    if listed_only:
        # A core shared needs every word of the key's, stopwords and a trailing acronym aside,
        # among the listings' core words: its first word at least (an exact test, cheap).
        stop = ", ".join(f"('{w}')" for w in sorted(STOPWORDS))
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {table}_words AS
            SELECT DISTINCT unnest(string_split(core_key, ' ')) AS word FROM {table}_cores
            UNION SELECT * FROM (VALUES {stop})
        """)
        _insert_cores(
            con,
            table,
            f"""NOT listed AND (split_part(name_key, ' ', 1) IN (SELECT word FROM {table}_words)
                OR NOT regexp_full_match(name_key, '{PLAIN_KEY}'))""",
        )
        # the listings' keys, for ``add_name_rows``
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE {table}_listed AS
            SELECT name_key FROM {table}_keys WHERE listed
        """)
    con.execute(f"DROP TABLE {table}_keys")
    join = "JOIN" if listed_only else "LEFT JOIN"  # a row without a core groups nothing
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW {table}_cored AS
        SELECT t.*, c.core_key FROM {table} t {join} {table}_cores c USING (name_key)
    """)
    return f"{table}_cored"


def add_name_rows(con: duckdb.DuckDBPyConnection, table: str) -> str:
    """Create the table ``<table>_names``: the rows of ``<table>_cored`` (made by
    ``add_core_keys(..., listed_only=True)``) whose name key or core key a listing's row
    holds (every row the name and core rules can group), read in one pass over ``table``;
    returns its name. The name rules then group these, not every register row three times."""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table}_names AS
        WITH cores AS (
            SELECT DISTINCT core_key FROM {table}_cores SEMI JOIN {table}_listed USING (name_key)
        ),
        keys AS (
            SELECT name_key, core_key FROM {table}_cores
            WHERE core_key IN (SELECT core_key FROM cores)
               OR name_key IN (SELECT name_key FROM {table}_listed)
        )
        SELECT t.*, k.core_key FROM {table} t JOIN keys k USING (name_key)
    """)
    return f"{table}_names"


def _insert_cores(con: duckdb.DuckDBPyConnection, table: str, where: str) -> None:
    """Add to ``<table>_cores`` the core key of each key of ``<table>_keys`` where ``where``:
    in SQL for plain keys, through ``compat.core_key`` for the others."""
    stop = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table}_picked AS
        SELECT name_key, regexp_full_match(name_key, '{PLAIN_KEY}') AS plain
        FROM {table}_keys WHERE {where}
    """)
    con.execute(f"""
        INSERT INTO {table}_cores
        WITH w AS (
            SELECT name_key, list_filter(string_split(name_key, ' '),
                                         lambda x: x NOT IN ({stop})) AS words
            FROM {table}_picked WHERE plain
        ),
        trimmed AS (  -- a trailing acronym of the other words goes
            SELECT name_key, CASE
                WHEN len(words) >= 4 AND list_aggregate(list_transform(
                         words[1:len(words) - 1], lambda x: x[1]), 'string_agg', '')
                     = words[len(words)]
                THEN words[1:len(words) - 1] ELSE words END AS words
            FROM w
        )
        SELECT name_key, nullif(array_to_string(list_sort(list_distinct(words)), ' '), '')
               AS core_key
        FROM trimmed
    """)
    odd = con.execute(f"SELECT name_key FROM {table}_picked WHERE NOT plain").fetchall()
    if odd:
        con.executemany(
            f"INSERT INTO {table}_cores VALUES (?, ?)", [(k, core_key(k)) for (k,) in odd]
        )
    con.execute(f"DROP TABLE {table}_picked")


def core_keys(name_keys: pd.Series) -> pd.Series:
    """``compat.core_key`` of each name key, as ``add_core_keys`` computes it."""
    con = scratch_connection()
    try:
        register_rows(con, "keys", name_keys.to_frame("name_key"), ["name_key"])
        view = add_core_keys(con, "keys")
        cores = con.sql(f"SELECT core_key FROM {view} ORDER BY _i").df().core_key
    finally:
        con.close()
    return cores.astype(object).where(cores.notna(), None).set_axis(name_keys.index)


def candidate_pairs(
    con: duckdb.DuckDBPyConnection,
    table: str,
    cols: tuple[str, ...],
    max_group: int,
    unique_in_register: bool = False,
    excluded: tuple[str, list[str]] | None = None,
    same_place: bool = False,
) -> pd.DataFrame:
    """(a, b): positions in ``table`` (registered by ``register_rows``) of the rows of every
    pair the rule ``cols`` proposes.

    ``unique_in_register``: only rows whose first key column one register record alone holds.
    ``excluded`` (column, values): rows whose column is one of ``values`` take no part
    (a shared host's domain). ``same_place``: only pairs of one municipality or of an
    unknown one (``exact._same_place``, required of every need-name rule).
    """
    keys = list(cols)
    key_list = ", ".join(keys)
    first = keys[0]
    notnull = " AND ".join(f"{c} IS NOT NULL" for c in keys)
    where = notnull
    if excluded is not None:
        column, values = excluded
        con.register("excluded", pa.table({"v": pa.array(values, pa.string())}))
        where += f" AND {column} NOT IN (SELECT v FROM excluded)"
    # Only keys a listing holds can make a group: the register's other keys are never read.
    unique = (
        f"""AND {first} IN (
            SELECT {first} FROM (
                SELECT DISTINCT member, {first} FROM {table}
                WHERE source_role = 'register' AND {first} IN (SELECT {first} FROM listed))
            GROUP BY {first} HAVING count(*) = 1)"""
        if unique_in_register
        else ""
    )
    # A need-name rule links only records of one municipality (or of an unknown one).
    place = (
        """AND (a.municipality_code IS NULL OR b.municipality_code IS NULL
                OR a.municipality_code = b.municipality_code)"""
        if same_place
        else ""
    )
    return con.sql(f"""
        -- two scans of the table, filtered each: a CTE of the usable rows read twice was
        -- materialised (every register row with the key, copied)
        WITH listed AS (
            SELECT DISTINCT {key_list} FROM {table}
            WHERE {where} AND source_role <> 'register'
        ),
        near AS (
            SELECT _i, member, source_role, municipality_code, {key_list} FROM {table}
            SEMI JOIN listed USING ({key_list}) WHERE {where} {unique}
        ),
        groups AS (
            SELECT {key_list} FROM near GROUP BY ALL
            HAVING count(DISTINCT member) BETWEEN 2 AND {int(max_group)}
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY {key_list} ORDER BY member, _i) AS pos
            FROM near SEMI JOIN groups USING ({key_list})
        )
        SELECT a._i AS a, b._i AS b
        FROM ranked a JOIN ranked b ON {" AND ".join(f"a.{c} = b.{c}" for c in keys)}
             AND a.pos < b.pos
        WHERE a.member <> b.member
          AND NOT (a.source_role = 'register' AND b.source_role = 'register') {place}
        ORDER BY {", ".join(f"a.{c}" for c in keys)}, a.pos, b.pos
    """).df()
