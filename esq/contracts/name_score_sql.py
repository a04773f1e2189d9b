"""The supplier-name scores in DuckDB, over :class:`esq.contracts.name_score.NameIndex`'s tables
of reference keys (rk), their words (rt), the words' weights (tw) and each key's weight (rw).

Words are a key's words less the stopwords (« le », « du »…), each weighing its IDF over the
reference (« abbotsford » weighs more than « construction »). A supplier word *matches* a
reference word when equal, one typo apart (two for long words, as the listings' guard counts
them; one letter replaced in a four-letter word), or — for the supplier's last word, which ERPs
cut at a fixed width — when it begins the reference word (not when a legal form follows it:
« Transport Saint-Laurent ltée » was not cut). Score of two keys: 1.0 when equal;
else the mean of the weighted Jaccard of the matched words and a character similarity of the
stopword-free keys (1 − 1.5 × Levenshtein / summed lengths, about difflib's ratio), at most
0.975: an equal key (1.0) stays ahead of names differing only in their articles by more than the
linker's margin. A name cut short (its last word begins a reference word, or it ends with « de
», « du », « la »… as no name does) and otherwise found whole in a reference name (« Coopérative
de travail Le Fil d'Ari » in « … Le Fil d'Ariane du Nord ») scores at least ``0.9 + 0.1 ×
Jaccard`` when it has two identifying words and covers half of it. A name that is the reference
name less its first word (the kind of body a trade name leaves out: « Marché du Coteau bleu »
for « Café Marché du Coteau bleu ») scores at least 0.8, for review: as often it is a namesake
of another kind (« Auberge Le Tremplin » and « Théâtre Auberge Le Tremplin »); the linker takes
it when the town confirms it (:mod:`esq.contracts.supplier_link`). A whole name
found elsewhere inside a longer one gets no such credit: « Transport Les Bâtisseurs inc. » is a
company, not « Transport adapté Les Bâtisseurs ».

Blocking, all set-based (issue 13: linear, no postings walks): candidate pairs are the reference
keys equal to a supplier key, or equal but for their articles (« le fjord », « du fjord »; up to
``EQUAL_K`` of them, so that a common name's namesake of another kind stays among its many
equal keys), and those sharing a *rare* word (in at most ``BLOCK_CAP`` reference
names) with the supplier's words or with the rare words those may misspell (a supplier word the
reference does not know, one typo from a rare word with its first two letters) or cut (the last
word begins it); a name with no rare word, nor a word one typo from one, on its two rarest
words together (« Centre de la petite enfnce Saint-Joseph »: « saint » and « joseph »; a name
built of common words, as many social economy names are, found nothing on rare words alone).
Common words otherwise only weigh in the ranking; each supplier keeps its ``TOP_K`` pairs
(equal keys first, then by weight shared) before the finer and dearer typo and character
comparisons.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from esq.entities.compat import STOPWORDS

#: Candidates kept per supplier name, best first: a common name (« Les Moulins ») has dozens of
#: namesakes at register size, and the one the evidence would choose must be among them (large
#: hard world, 40 → 80: ties missing the supplier's entity 49 → 23 rows, wrong links 136 → 115).
MAX_CANDIDATES = 80
#: A word in more reference names than this is not a blocking key (see the module docstring).
BLOCK_CAP = 100
#: A supplier word in at most this many reference names may be a typo the hubs made too
#: (« tournsol », « baord »): it blocks on the rare words it may misspell, like an unknown word.
TYPO_DF = 2
#: A name with no rare word blocks on its two rarest words together (a typo corrected), when
#: the rarest is in at most this many reference names.
PAIR_CAP = 5000
#: Pairs per supplier key kept for the fine comparison, by weight of the words shared.
TOP_K = 25
#: … and up to this many when the keys are equal, or equal but for their articles: a common name
#: (« Les Moulins ») has many namesakes, and the one of another kind (« Mutuelle de prévention
#: des Moulins ») must stay among them for the evidence to choose.
EQUAL_K = 80


_STOP_SQL = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
# The words of each key (stopwords left out); ``last`` marks the key's last word.
WORDS_SQL = (
    "SELECT {id}, tok, bool_or(last) AS last FROM (SELECT {id}, unnest(words) AS tok, "
    "unnest(words) = list_extract(words, -1) AS last "
    "FROM (SELECT {id}, string_split({key}, ' ') AS words FROM {table})) "
    f"WHERE tok NOT IN ({_STOP_SQL}) GROUP BY ALL"
)


def close_sql(s: str, r: str, last: str) -> str:
    """SQL: supplier word ``s`` matches reference word ``r`` (equal, a typo apart, or cut when
    ``last``, the supplier's last word)."""
    return f"""
    ({s} = {r}
     OR (least(length({s}), length({r})) >= 9 AND levenshtein({s}, {r}) <= 2)
     OR (least(length({s}), length({r})) >= 5 AND abs(length({s}) - length({r})) <= 1
         AND damerau_levenshtein({s}, {r}) <= 1)
     OR (length({s}) = 4 AND length({r}) = 4 AND hamming({s}, {r}) = 1)
     OR ({last} AND length({s}) >= 3 AND starts_with({r}, {s})))"""


def score_pairs(
    con: duckdb.DuckDBPyConnection, sk: pd.DataFrame, max_weight: float
) -> pd.DataFrame:
    """The best-scored reference names of each supplier key of ``sk`` (q, skey, score_core,
    cut_name, whole, j), over the index tables on ``con`` (rk, rt, tw, rw); see the module
    docstring."""
    con.register("sk", sk)
    words = WORDS_SQL.format(id="j", key="skey", table="sk")
    con.execute(f"""
        CREATE TEMP TABLE st AS
            SELECT w.j, w.tok, w.last AND NOT sk.whole AS last,
                   coalesce(tw.df, 0) > {TYPO_DF} AS known,
                   coalesce(tw.w, {max_weight}) AS own
            FROM ({words}) w JOIN sk USING (j) LEFT JOIN tw USING (tok);
        CREATE TEMP TABLE sj AS SELECT j, count(*) AS words, sum(own) AS own FROM st GROUP BY j;
        -- the supplier's words, and the rare words they may misspell or cut
        CREATE TEMP TABLE ext AS
            SELECT j, tok FROM st
            UNION SELECT st.j, tw.tok FROM st JOIN tw
                  ON tw.df <= {BLOCK_CAP} AND left(tw.tok, 2) = left(st.tok, 2)
                     AND tw.tok <> st.tok AND (NOT st.known OR st.last)
                     AND {close_sql("st.tok", "tw.tok", "st.last")};
        -- a name without a rare word (nor a typo of one): its two rarest words together
        CREATE TEMP TABLE two AS
            SELECT j, toks[1] AS a, toks[2] AS b FROM (
                SELECT j, list(tok ORDER BY df, tok) AS toks, min(df) AS low FROM (
                    SELECT st.j, st.tok, tw.df FROM st JOIN tw USING (tok) WHERE st.known
                    UNION SELECT st.j, tw.tok, tw.df FROM st JOIN tw
                          ON NOT st.known AND tw.df > {TYPO_DF}
                             AND left(tw.tok, 2) = left(st.tok, 2)
                             AND {close_sql("st.tok", "tw.tok", "false")})
                GROUP BY j)
            WHERE len(toks) >= 2 AND low > {BLOCK_CAP} AND low <= {PAIR_CAP};
        -- pairs: equal keys first, then by rare weight shared, then the shortest names
        CREATE TEMP TABLE pairs AS
        WITH pool AS (
            SELECT j, i, 1e9 AS w FROM sk JOIN rk ON rk.key = sk.skey
            -- … and those differing only in their articles (« Le Fjord », « du Fjord »)
            UNION ALL SELECT j, i, 1e8 AS w FROM sk JOIN rk
                  ON rk.core = sk.score_core AND rk.key <> sk.skey AND sk.score_core <> ''
            UNION ALL SELECT ext.j, rt.i, tw.w FROM ext JOIN tw USING (tok) JOIN rt USING (tok)
                  WHERE tw.df <= {BLOCK_CAP}
            UNION ALL SELECT two.j, ra.i, wa.w + wb.w FROM two
                  JOIN rt ra ON ra.tok = two.a JOIN rt rb ON rb.i = ra.i AND rb.tok = two.b
                  JOIN tw wa ON wa.tok = two.a JOIN tw wb ON wb.tok = two.b)
        SELECT pool.j, pool.i FROM pool JOIN rw USING (i) GROUP BY pool.j, pool.i, rw.w
        -- weights rounded: DuckDB's parallel sums differ in the last bits from run to run, which
        -- ordered equal names (« Corporation touristique de Montréal » thirty times) at random
        -- and changed which TOP_K a supplier kept (large world: 346-350 review rows)
        QUALIFY row_number() OVER (PARTITION BY pool.j
                                   ORDER BY round(sum(pool.w), 6) DESC, round(rw.w, 6), pool.i)
            <= CASE WHEN sum(pool.w) >= 1e8 THEN {EQUAL_K} ELSE {TOP_K} END;
        CREATE TEMP TABLE exact AS
            SELECT p.j, p.i, s.tok, s.own FROM pairs p JOIN st s ON s.j = p.j
            JOIN rt r ON r.i = p.i AND r.tok = s.tok;
        -- each supplier word not in the reference name: its best typo or cut match there
        CREATE TEMP TABLE fuzzy AS
            SELECT p.j, p.i, s.tok, any_value(s.own) AS own, max(tw.w) AS w,
                   bool_or(s.last AND starts_with(r.tok, s.tok)) AS cut
            FROM pairs p JOIN st s ON s.j = p.j
            ANTI JOIN exact e ON e.j = p.j AND e.i = p.i AND e.tok = s.tok
            JOIN rt r ON r.i = p.i JOIN tw ON tw.tok = r.tok
            WHERE {close_sql("s.tok", "r.tok", "s.last")}
            GROUP BY p.j, p.i, s.tok;
    """)
    return con.execute(f"""
        WITH pair AS (
            SELECT p.j, p.i,
                   coalesce(e.w, 0) + coalesce(f.w, 0) AS m,
                   sj.own - coalesce(f.own, 0) + coalesce(f.w, 0) AS sw,
                   coalesce(e.n, 0) + coalesce(f.n, 0) AS hits, sj.words,
                   coalesce(f.cut, false) AS cut
            FROM pairs p JOIN sj USING (j)
            LEFT JOIN (SELECT j, i, sum(own) AS w, count(*) AS n FROM exact GROUP BY j, i) e
                ON e.j = p.j AND e.i = p.i
            LEFT JOIN (SELECT j, i, sum(own) AS own, sum(w) AS w, count(*) AS n,
                              bool_or(cut) AS cut FROM fuzzy GROUP BY j, i) f
                ON f.j = p.j AND f.i = p.i),
        scored AS (
            SELECT sk.q, rk.ref, sk.skey, rk.key, rk.family, sk.cut_name, pair.*, rw.w AS rw,
                   sk.score_core = rk.tail AS short_form,
                   CASE WHEN pair.sw + rw.w - pair.m > 0
                        THEN pair.m / (pair.sw + rw.w - pair.m) ELSE 0 END AS jac,
                   greatest(0, 1 - 1.5 * levenshtein(sk.score_core, rk.core)
                       / greatest(length(sk.score_core) + length(rk.core), 1)) AS chars
            FROM pair JOIN sk USING (j) JOIN rk USING (i) JOIN rw USING (i)),
        best AS (
            SELECT q, ref, skey, key, family,
                   CASE WHEN skey = key THEN 1.0 ELSE least(0.975, round(greatest(
                       (jac + chars) / 2,
                       CASE WHEN hits = words AND hits >= 2 AND (cut OR cut_name)
                                 AND jac >= 0.5 THEN 0.9 + 0.1 * jac
                            WHEN short_form AND hits >= 2 THEN 0.8 ELSE 0 END), 4)) END
                   AS score
            FROM scored
            QUALIFY row_number() OVER (PARTITION BY q, ref ORDER BY score DESC, skey, key) = 1)
        SELECT * FROM best
        QUALIFY row_number() OVER (PARTITION BY q ORDER BY score DESC, ref) <= {MAX_CANDIDATES}
        ORDER BY q, score DESC, ref
    """).df()
