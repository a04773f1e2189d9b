"""Rule ``same_name_typo_region_unique``: a listing whose name is a registration's up to one typo.

Hubs mistype a name (« Asjtabec » for « Asitabec »): the exact-name rules need the same key,
the town rule the same town, and the model scores a registration at another address of the
region below its review band. The rule links a listing to a register record when:

- their name keys have the same words but one, a word of 6+ letters, one edit apart;
- the listing's word is no word of any register name of the region (a typo makes a non-word;
  a real word is another name: « Vallon » and « Vallons »… are two places);
- the registration is active, and the **only** register record of the region whose key is one
  such typo away (a struck-off namesake, a twin: no link);
- the same family (kind of body) or none on both sides, and the key is not only a place and
  generic words.

Its links are tried last, like ``door_evidence``'s (a listing another edge joined keeps it).
Candidates come from a DuckDB join on (region, key with the word masked, the word's first or
last three letters), for the listings with a word no register name of their region holds
only (a typo makes a non-word), against the register rows sharing the other words of their
names; ``levenshtein`` runs only on words that share an end.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from esq.entities.column_take import take_rows
from esq.entities.compat import degenerate_key, effective_family
from esq.entities.name_words import NameWords, name_words
from esq.entities.rule_pairs import register_rows
from esq.entities.typo_filters import (
    active_registrations,
    near_rows,
    region_codes,
    region_words,
)
from esq.scratch_db import rule_connection

RULE = "same_name_typo_region_unique"
MIN_WORD = 6
_COLUMNS = ("member", "name_key", "name_family", "source_role", "legal_form", "region_code")

_MASKED = """
    SELECT member, region_code, ws[i] AS word,
           array_to_string(list_concat(ws[1:i - 1], ['*'], ws[i + 1:]), ' ') AS masked
    FROM (SELECT member, region_code, ws, unnest(range(1, len(ws) + 1)) AS i
          FROM (SELECT member, region_code, string_split(name_key, ' ') AS ws FROM {table}))
    WHERE length(ws[i]) >= {min_word}
"""


def typo_pairs(
    listings: pd.DataFrame, linked: set[str], split: NameWords | None = None
) -> pd.DataFrame:
    """(member, member_r) candidate pairs: a listing not in ``linked`` and the one active
    register record of its region whose key is one typo away (``listings`` carry ``member``;
    ``split``: ``name_words(listings)`` when the caller has it)."""
    split = split if split is not None else name_words(listings)
    # Every row in DuckDB as it is (Arrow, no copy), the filters in SQL: the register's rows
    # are never taken in pandas.
    with rule_connection() as con:
        register_rows(con, "t", listings, [*_COLUMNS, "register_status"])
        con.register("linked", pa.table({"member": pa.array(sorted(linked), pa.string())}))
        named = "name_key IS NOT NULL AND region_code IS NOT NULL"
        con.execute(f"""
            CREATE TEMP VIEW l_rows AS SELECT _i, member, name_key, region_code FROM t
            WHERE {named} AND source_role IS DISTINCT FROM 'register'
              AND member NOT IN (SELECT member FROM linked)
        """)
        active = (
            "AND (register_status IS NULL OR register_status = 'IM')"
            if "register_status" in listings
            else ""
        )
        con.execute(f"""
            CREATE TEMP VIEW r_rows AS SELECT _i, member, name_key, region_code FROM t
            WHERE {named} AND source_role = 'register' {active}
        """)
        con.execute("CREATE TEMP TABLE lm AS " + _MASKED.format(table="l_rows", min_word=MIN_WORD))
        _keep_typo_listings(con, listings, split, region_codes(listings))
        pairs = con.execute(
            f"""
            WITH rm AS MATERIALIZED (
                SELECT *, left(word, 3) AS head, right(word, 3) AS tail
                FROM ({_MASKED.format(table="r_near", min_word=MIN_WORD)})
                SEMI JOIN lm USING (region_code, masked)
            ),
            -- Two words of 6+ letters one edit apart share their first three letters or their
            -- last three: joining on either (not on the masked key alone, where one-word and
            -- generic keys pair thousands of rows) leaves levenshtein few pairs to test.
            near AS (
                SELECT lm.member, rm.member AS member_r, lm.region_code, lm.word, rm.word AS w_r
                FROM lm JOIN rm ON lm.region_code = rm.region_code AND lm.masked = rm.masked
                                   AND left(lm.word, 3) = rm.head
                UNION
                SELECT lm.member, rm.member AS member_r, lm.region_code, lm.word, rm.word AS w_r
                FROM lm JOIN rm ON lm.region_code = rm.region_code AND lm.masked = rm.masked
                                   AND right(lm.word, 3) = rm.tail
            ),
            hits AS (
                SELECT member, member_r, region_code, word FROM near
                WHERE word <> w_r AND levenshtein(word, w_r) = 1
            ),
            -- a listing word that some register name of the region holds is a word, not a typo
            words AS (SELECT * FROM r_words)
            SELECT DISTINCT member, member_r FROM hits
            WHERE NOT EXISTS (SELECT 1 FROM words
                              WHERE words.region_code = hits.region_code
                                AND words.word = hits.word)
              AND member IN (SELECT member FROM hits GROUP BY member
                             HAVING count(DISTINCT member_r) = 1)
            ORDER BY member, member_r
            """
        ).df()
    return pairs


def _keep_typo_listings(
    con: duckdb.DuckDBPyConnection,
    listings: pd.DataFrame,
    split: NameWords,
    regions: tuple[pa.Array, np.ndarray],
) -> None:
    """Narrow ``lm`` to the listings with a word no register name of their region holds (the
    others have no pair: each needs such a word), all their masked keys kept (the
    one-registration count reads them all); ``r_words``: the listing words a register name of
    their region holds. Then ``r_near``: the register rows of their region that may share a
    masked key with one of them. The register's names are read as the codes of ``split``
    (``typo_filters.py``): SQL asks only the rows those keep."""
    eligible = active_registrations(listings)  # r_rows' positions
    wanted = con.sql("SELECT DISTINCT region_code, word FROM lm").to_arrow_table()
    con.register("r_words", region_words(split, regions, wanted, eligible))
    con.execute("""
        CREATE OR REPLACE TEMP TABLE lm AS
        SELECT * FROM lm WHERE member IN (
            SELECT member FROM lm ANTI JOIN r_words USING (region_code, word))
    """)
    # The register rows of their region that may share a masked key with one of them (the
    # same number of words, and the same words after the first, before the last, or first
    # and last: ``typo_filters``' hashes, a few more rows when two agree by chance); the
    # pairs' SQL then keeps those whose masked key is one, exactly.
    con.execute("CREATE TEMP TABLE l_near AS SELECT _i FROM l_rows SEMI JOIN lm USING (member)")
    listed = np.asarray(con.sql("SELECT _i FROM l_near").fetchnumpy()["_i"], dtype=np.int64)
    near = np.intersect1d(near_rows(split, regions[1], listed), eligible, assume_unique=True)
    # the rows taken chunk by chunk, not a scan of the register's rows for a few
    columns = ["member", "name_key", "region_code"]
    register_rows(con, "r_cand", take_rows(listings, near, columns), columns)
    con.execute(
        "CREATE TEMP TABLE r_near AS SELECT DISTINCT member, name_key, region_code FROM r_cand"
    )


def typo_links(
    listings: pd.DataFrame, linked: set[str], split: NameWords | None = None
) -> list[tuple[str, str]]:
    """(listing, register) member pairs the rule proposes, sorted (``split``:
    ``name_words(listings)`` when the caller has it)."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    pairs = typo_pairs(listings, linked, split)
    if pairs.empty:
        return []
    wanted = set(pairs.member) | set(pairs.member_r)
    cols = [c for c in (*_COLUMNS, "municipality", "mrc") if c in listings.columns]
    rows = {r.member: r for r in listings[listings.member.isin(wanted)][cols].itertuples()}
    out = []
    for a, b in zip(pairs.member, pairs.member_r, strict=True):
        la, rb = rows[a], rows[b]
        fa = effective_family(la.name_family, la.legal_form, la.source_role)
        fb = effective_family(rb.name_family, rb.legal_form, rb.source_role)
        # The same kind of body, or none on both sides: a typo on top of a dropped kind word
        # (« L'Atelier des Collinees » / « CDC L'Atelier des Collines ») is two bodies.
        if fa != fb or degenerate_key(la.name_key, pair_places(la, rb)):
            continue
        out.append((a, b))
    return out
