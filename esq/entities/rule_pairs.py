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
import pandas as pd
import pyarrow as pa

from esq.entities.compat import STOPWORDS, core_key

#: Name keys whose core key SQL computes exactly as ``compat.core_key`` (ASCII words split by
#: single spaces); any other key goes through ``core_key`` itself.
_PLAIN_KEY = r"^[a-z0-9]+( [a-z0-9]+)*$"


def register_rows(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, columns: list[str]
) -> None:
    """Register ``columns`` of ``frame`` (those it has) on ``con`` as ``name``: Arrow strings,
    no copy when Arrow-backed, with ``_i``, the row's position."""
    out = {"_i": pa.array(range(len(frame)), pa.int64())}
    for c in (c for c in columns if c in frame.columns):
        out[c] = pa.array(frame[c], from_pandas=True)
        if not (pa.types.is_string(out[c].type) or pa.types.is_large_string(out[c].type)):
            out[c] = out[c].cast(pa.string())
    con.register(name, pa.table(out))


def core_keys(name_keys: pd.Series) -> pd.Series:
    """``compat.core_key`` of each name key (aligned on ``name_keys``), in SQL where exact."""
    keys = pd.Series(name_keys.dropna().unique(), dtype=object)
    con = duckdb.connect()
    try:
        con.register("k", pa.table({"name_key": pa.array(keys.tolist(), pa.string())}))
        stop = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
        cores = con.sql(f"""
            WITH w AS (
                SELECT name_key, list_filter(string_split(name_key, ' '),
                                             lambda x: x NOT IN ({stop})) AS words
                FROM k WHERE regexp_full_match(name_key, '{_PLAIN_KEY}')
            ),
            trimmed AS (
                SELECT name_key, CASE
                    WHEN len(words) >= 4 AND list_aggregate(list_transform(
                             words[1:len(words) - 1], lambda x: x[1]), 'string_agg', '')
                         = words[len(words)]
                    THEN words[1:len(words) - 1] ELSE words END AS words
                FROM w
            )
            SELECT name_key, nullif(array_to_string(list_sort(list_distinct(words)), ' '), '')
                   AS core
            FROM trimmed
        """).df()
    finally:
        con.close()
    mapping = dict(zip(cores.name_key, cores.core.astype(object), strict=True))
    for k in keys[~keys.isin(mapping)]:
        mapping[k] = core_key(k)
    return name_keys.map(mapping).astype(object).where(name_keys.notna(), None)


def candidate_pairs(
    con: duckdb.DuckDBPyConnection,
    table: str,
    cols: tuple[str, ...],
    max_group: int,
    unique_in_register: bool = False,
    excluded: tuple[str, list[str]] | None = None,
) -> pd.DataFrame:
    """(a, b): positions in ``table`` (registered by ``register_rows``) of the rows of every
    pair the rule ``cols`` proposes.

    ``unique_in_register``: only rows whose first key column one register record alone holds.
    ``excluded`` (column, values): rows whose column is one of ``values`` take no part
    (a shared host's domain).
    """
    keys = list(cols)
    on = " AND ".join(f"a.{c} = b.{c}" for c in keys)
    key_list = ", ".join(keys)
    source = f"SELECT _i, member, source_role, {key_list} FROM {table}"
    if unique_in_register:
        first = keys[0]
        source += f"""
            WHERE {first} IN (
                SELECT {first} FROM (SELECT DISTINCT member, {first} FROM {table}
                                     WHERE source_role = 'register')
                GROUP BY {first} HAVING count(*) = 1)"""
    if excluded is not None:
        column, values = excluded
        con.register("excluded", pa.table({"v": pa.array(values, pa.string())}))
        source = f"""SELECT * FROM ({source})
            WHERE {column} IS NULL OR {column} NOT IN (SELECT v FROM excluded)"""
    notnull = " AND ".join(f"{c} IS NOT NULL" for c in keys)
    return con.sql(f"""
        WITH usable AS (SELECT * FROM ({source}) WHERE {notnull}),
        groups AS (
            SELECT {key_list} FROM usable GROUP BY ALL
            HAVING count(DISTINCT member) BETWEEN 2 AND {int(max_group)}
               AND bool_or(source_role <> 'register')
        ),
        ranked AS (
            SELECT *, row_number() OVER (PARTITION BY {key_list} ORDER BY member, _i) AS pos
            FROM usable SEMI JOIN groups USING ({key_list})
        )
        SELECT a._i AS a, b._i AS b
        FROM ranked a JOIN ranked b ON {on} AND a.pos < b.pos
        WHERE a.member <> b.member
          AND NOT (a.source_role = 'register' AND b.source_role = 'register')
        ORDER BY {", ".join(f"a.{c}" for c in keys)}, a.pos, b.pos
    """).df()
