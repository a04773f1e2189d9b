"""Which register rows a blocking rule can pair with a listing, before the scoring table is
built: the rest are never compared, so their features need not be computed.

Every pair the model scores has a listing on its left (``comparisons._PAIR_FILTER``), and a
blocking rule is a conjunction of equalities between the two sides' columns. A register row
that no rule's equalities join to some listing row therefore appears in no blocked pair. At
50 000 listings against a 3 M-name register about one register name in seven can be paired;
building the scoring table and Splink's blocking over the others was half of the scoring's
CPU (``bench/README.md``, er_match).
"""

from __future__ import annotations

import re

import duckdb

from esq.entities.comparisons import BLOCKING_RULES
from esq.entities.scoring_words import name_toks_sql, places_sql, rarest_sql

_EQUALITY = re.compile(r"^l\.(\w+) = r\.(\w+)$")


def rule_equalities(rule: str) -> list[tuple[str, str]]:
    """(left column, right column) of each equality of a blocking rule; a rule that is not a
    conjunction of ``l.a = r.b`` equalities raises (it could pair any row: nothing can be
    dropped on its account)."""
    terms = [t.strip() for t in rule.split(" AND ")]
    matched = [_EQUALITY.match(t) for t in terms]
    if not all(matched):
        raise ValueError(f"blocking rule is not a conjunction of l.x = r.y: {rule!r}")
    return [(m.group(1), m.group(2)) for m in matched if m]


def blockable_condition(rows: str, listings: str, rules: tuple[str, ...] = BLOCKING_RULES) -> str:
    """SQL condition on ``rows`` (an alias): true when some rule's equalities join the row to
    a row of the table ``listings`` (a column that is NULL on either side joins nothing, as
    in the blocking itself)."""
    tests = []
    for rule in rules:
        on = " AND ".join(f"l.{left} = {rows}.{right}" for left, right in rule_equalities(rule))
        tests.append(f"EXISTS (SELECT 1 FROM {listings} l WHERE {on})")
    return "(" + " OR ".join(tests) + ")"


def _key_columns() -> list[str]:
    """Columns the rules compare besides the name and its words, in rule order."""
    named = {"name_key", "tok1", "tok2", "tok3"}
    seen = [c for rule in BLOCKING_RULES for pair in rule_equalities(rule) for c in pair]
    return [c for c in dict.fromkeys(seen) if c not in named]


def blockable_rows(con: duckdb.DuckDBPyConnection, base: str, others: str, max_block: int) -> int:
    """On ``con``: ``er_all_names`` (every name of ``base`` and ``others``: member, is_register,
    name_key and the rules' columns), ``er_word_freq`` (tok, n: how many names hold each
    identifying word) and the view ``er_base_kept`` (the rows of ``base`` that are listings or
    that some rule can pair with a listing); returns how many names there are in all."""
    cols = _key_columns()
    cols_b = ", ".join(f"b.{c}" for c in cols)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE er_all_names AS
        WITH names AS (
            SELECT member, 0 AS name_rank, source_role = 'register' AS is_register, name_key,
                   municipality, {", ".join(cols)}
            FROM {base}
            UNION ALL
            SELECT b.member, o.name_rank, b.source_role = 'register', o.other_key,
                   b.municipality, {cols_b}
            FROM {others} o JOIN {base} b USING (member)
        ),
        places AS ({places_sql("names")})
        SELECT n.* EXCLUDE (municipality), {name_toks_sql()} AS name_toks
        FROM names n LEFT JOIN places p ON p.municipality IS NOT DISTINCT FROM n.municipality
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE er_word_freq AS
        SELECT tok, count(*) AS n FROM (SELECT unnest(name_toks) AS tok FROM er_all_names)
        GROUP BY tok
    """)
    # Each name's blocking words: grouped by row id, not by a string key.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE er_name_keys AS
        WITH toks AS (SELECT rowid AS rid, unnest(name_toks) AS tok FROM er_all_names),
        ranked AS ({rarest_sql("toks", "er_word_freq", "rid", max_block)})
        SELECT a.* EXCLUDE (name_toks), r.rare[1] AS tok1, r.rare[2] AS tok2, r.rare[3] AS tok3
        FROM er_all_names a LEFT JOIN ranked r ON r.rid = a.rowid
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE er_listing_keys AS
        SELECT * FROM er_name_keys WHERE NOT is_register
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE er_kept AS
        SELECT DISTINCT member FROM er_name_keys k
        WHERE NOT is_register OR {blockable_condition("k", "er_listing_keys")}
    """)
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW er_base_kept AS
        SELECT * FROM {base} WHERE member IN (SELECT member FROM er_kept)
    """)
    con.execute("DROP TABLE er_name_keys; DROP TABLE er_listing_keys")
    return con.execute("SELECT count(*) FROM er_all_names").fetchall()[0][0]
