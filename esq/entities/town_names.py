"""Rule ``same_town_contained_name_unique``: a listing whose name is part of one registration's
name in its town.

Hubs shorten names (« Le Grenier des Collines » for « Théâtre Le Grenier des Collines »,
« CAB Le Tremplin bleu » for « Centre d'action bénévole Le Tremplin bleu ») and list the site,
so neither the exact-name rules nor the door rule (other postal code) link them, and the model
scores a partial name low. The rule links a listing to a register record when, in the same
municipality (the record's head office or one of its sites):

- every word of the listing's name is in the registration's (one typo allowed in long words),
  two of them at least identifying (not stopwords, generic or place words), or the listing's
  name abbreviates the registration's (« CAB »); a listing naming its kind (« CPE X ») takes
  only a registration of that kind;
- the registration is active (not struck off or absorbed: a former registration is history);
- and that register record is the **only** one of the town that passes for this listing (a
  struck-off namesake, an organisation and its foundation in one town: no link, the other rules
  and review decide).

Candidates come from a vectorised join on (identifying word, municipality code) between the
listings and the register, so the per-pair checks run only on records sharing a rare word in
one town; a word shared by more than ``MAX_WORD_GROUP`` register names of a town is no key.
"""

from __future__ import annotations

from functools import lru_cache

import duckdb
import pandas as pd
import pyarrow as pa

from esq.entities.column_take import take_rows
from esq.entities.compat import (
    STOPWORDS,
    acronym_of,
    degenerate_key,
    effective_family,
    families_conflict,
    identity_words,
    kinds_conflict,
    may_overlap,
    name_tokens,
    place_words,
    token_overlap,
)
from esq.entities.rule_pairs import NAME_COLUMNS, PLAIN_KEY, TOWN_COLUMNS

RULE = "same_town_contained_name_unique"
MAX_WORD_GROUP = 50
_COLUMNS = (*NAME_COLUMNS, *TOWN_COLUMNS)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _words(rows: pd.DataFrame, places: pd.Series) -> pd.DataFrame:
    """(member, name_key, municipality_code, word) for each identifying word of each row."""
    keys = rows.name_key.tolist()
    words = [sorted(identity_words(k, p)) for k, p in zip(keys, places, strict=True)]
    out = rows[["member", "name_key", "municipality_code"]].assign(word=words)
    return out.explode("word").dropna(subset=["word"])


def _places(rows: pd.DataFrame) -> list[frozenset[str]]:
    """``exact.pair_places`` of each row with itself: its municipality's and MRC's words."""
    n = len(rows)
    towns = rows.municipality.tolist() if "municipality" in rows else [None] * n
    mrcs = rows.mrc.tolist() if "mrc" in rows else [None] * n
    return [_town_places(_text(t), _text(m)) for t, m in zip(towns, mrcs, strict=True)]


@lru_cache(maxsize=1 << 16)  # a few thousand towns: one set each (identity_words caches on it)
def _town_places(town: str | None, mrc: str | None) -> frozenset[str]:
    return place_words(town) | place_words(mrc)


def _town_words(words: pd.DataFrame) -> pa.Table:
    """(municipality_code, word): the identifying words of every listing row's name in its
    town (a register row without one of its town's is never read by the rule)."""
    words = words[["municipality_code", "word"]].drop_duplicates()
    return pa.Table.from_pandas(words.astype(object), preserve_index=False)


def _candidates(con: duckdb.DuckDBPyConnection, table: str) -> pd.DataFrame:
    """Listing and register rows of ``table`` sharing an identifying word (``lw``, the
    listings' words) in one municipality."""
    # Register words in SQL: the register side can have millions of names.
    return con.sql(f"""
        WITH keys AS (SELECT DISTINCT word, municipality_code FROM lw),
             rw AS (
                -- unnest in the select list: a lateral join (FROM reg, unnest(...)) of
                -- the same rows cost three times the CPU; no DISTINCT of the rows first
                -- (every step below reads them as a set)
                SELECT member, name_key, municipality_code,
                       unnest(string_split(name_key, ' ')) AS word
                FROM {table}
                WHERE source_role = 'register' AND name_key IS NOT NULL
                  AND municipality_code IN (SELECT municipality_code FROM keys)
             ),
             hits AS (SELECT rw.* FROM rw SEMI JOIN keys USING (word, municipality_code)),
             common AS (
                SELECT word, municipality_code FROM hits GROUP BY ALL
                HAVING count(DISTINCT member) > {MAX_WORD_GROUP}
             ),
             -- a rare word shared: only these pairs are read (a common word of a town
             -- would pair a listing with hundreds of its registrations)
             rare AS (
                SELECT DISTINCT lw.member AS left_member, lw.name_key AS left_key,
                       municipality_code, h.member AS right_member, h.name_key AS right_key
                FROM lw JOIN hits h USING (word, municipality_code)
                ANTI JOIN common c USING (word, municipality_code)
             ),
             need AS (
                SELECT member AS left_member, name_key AS left_key, municipality_code,
                       list(DISTINCT word) AS words, count(DISTINCT word) AS n
                FROM lw GROUP BY ALL
             ),
             -- every identifying word of the listing's name but one (a typo, an
             -- abbreviation) found as is among the registration's words
             near AS MATERIALIZED (
                SELECT DISTINCT left_member, left_key, right_member, right_key
                FROM rare JOIN need USING (left_member, left_key, municipality_code)
                WHERE n >= 2
                  AND len(list_intersect(words, string_split(right_key, ' '))) >= n - 1
             )
        -- the pair checks run on these only
        SELECT * FROM near WHERE {_MAY_CONTAIN}
    """).df()


_STOP = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
#: What ``_contained`` needs of a pair, loosened so that SQL can ask it of every candidate
#: (a pair failing it fails ``_contained``: the row loop reads only the others). Each word of
#: the listing's name (stopwords aside) is a word of the registration's, or a long word one
#: or two edits from one of them (``compat._close`` is within Levenshtein 2); or the
#: listing's letters are few enough to be the initials of the registration's words
#: (``acronym_of``). Keys not made of plain words (``.split()`` and ``string_split`` may cut
#: them apart differently) are all kept.
_MAY_CONTAIN = f"""
    NOT regexp_full_match(left_key, '{PLAIN_KEY}')
    OR NOT regexp_full_match(right_key, '{PLAIN_KEY}')
    OR length(replace(left_key, ' ', '')) <= len(string_split(right_key, ' '))
    OR len(list_filter(string_split(left_key, ' '), lambda w: w NOT IN ({_STOP})
           AND NOT list_contains(string_split(right_key, ' '), w)
           AND (length(w) < 5 OR len(list_filter(string_split(right_key, ' '),
                lambda v: abs(length(w) - length(v)) <= 2 AND levenshtein(w, v) <= 2)) = 0))) = 0
"""


def _register_rows(con: duckdb.DuckDBPyConnection, table: str, members: list[str]) -> pd.Series:
    """Positions in ``table`` of the rows of the register ``members`` the rule reads: in the
    town of a listing it tries (``towns``), with a word of a listing's name there (``tw``)."""
    con.register("town_members", pa.table({"member": pa.array(members, pa.string())}))
    return (
        con.sql(f"""
        SELECT DISTINCT _i FROM (
            SELECT _i, municipality_code, unnest(string_split(name_key, ' ')) AS word
            FROM {table}
            WHERE source_role = 'register' AND name_key IS NOT NULL
              AND municipality_code IN (SELECT municipality_code FROM towns)
              AND member IN (SELECT member FROM town_members)
        ) SEMI JOIN tw USING (municipality_code, word)
        ORDER BY _i
    """)
        .df()
        ._i
    )


def _contained(listed: str, registered: str, places: frozenset[str]) -> bool:
    """Every word of the listing's name is in the registration's (the hub shortened it), and
    at least two of them identify (« Le Phare » alone is many organisations of a town); or the
    listing abbreviates the registration's words."""
    if acronym_of(listed, registered):
        return True
    if len(identity_words(listed, places)) < 2:
        return False
    shorter = len(name_tokens(listed)) <= len(name_tokens(registered))
    return shorter and token_overlap(listed, registered, places) >= 1.0


def _may_contain(listed: str, registered: str) -> bool:
    """False when the second test of ``_contained`` fails whatever the places (its first, the
    acronym, is asked apart)."""
    shorter = len(name_tokens(listed)) <= len(name_tokens(registered))
    return shorter and may_overlap(listed, registered)


def _kinds_agree(listed: str | None, registered: str | None) -> bool:
    """A listing that names its kind (« CPE X », « Coopérative X ») takes only a registration
    of that kind; families in conflict never link."""
    if listed is not None and registered is None:
        return False
    return not families_conflict(listed, registered)


def town_name_links(
    con: duckdb.DuckDBPyConnection,
    table: str,
    named: pd.DataFrame,
    linked: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """(listing member, register member) pairs the rule proposes, sorted.

    ``named``: the rule rows (every name and site of a record) with ``_COLUMNS``, registered
    on ``con`` as ``table`` by ``rule_pairs.register_rows`` (with ``member``,
    ``source_role``, ``municipality_code`` and ``name_key``); listings in ``linked`` already
    have a register record by another name rule and are left alone.
    """
    listing_at = con.sql(f"SELECT _i FROM {table} WHERE source_role <> 'register' ORDER BY _i")
    columns = [c for c in _COLUMNS if c in named.columns]  # taken alone: named has ~20
    listings = take_rows(named, listing_at.df()._i.to_numpy(), columns)
    listings = listings.dropna(subset=["name_key", "municipality_code"])
    every = _words(listings, _places(listings))
    con.register("tw", _town_words(every))
    tried = ~listings.member.isin(linked).to_numpy(dtype=bool)
    listed = listings[tried & ~listings.duplicated().to_numpy(dtype=bool)]
    if listed.empty:
        return []
    lw = every[every.index.isin(listed.index)]
    towns = listed.municipality_code.drop_duplicates().astype(object)
    con.register("towns", pa.table({"municipality_code": pa.array(towns, pa.string())}))
    con.register("lw", pa.Table.from_pandas(lw.astype(object), preserve_index=False))
    pairs = _candidates(con, table)
    if pairs.empty:
        return []
    # Only the rows of candidate pairs are read row by row (never the whole register).
    at = _register_rows(con, table, sorted(set(pairs.right_member)))
    wanted = [*columns, *(c for c in ("register_status",) if c in named)]
    everything = take_rows(named, at.to_numpy(), wanted)
    register = everything[columns]
    involved = set(pairs.left_member) | set(pairs.right_member)
    both = pd.concat([listed, register])
    both = both[both.member.isin(involved)].drop_duplicates(["member", "name_key"])
    info = {(r.member, r.name_key): r for r in both.astype(object).itertuples()}
    found = _found(pairs, info)
    unique = {left: next(iter(rights)) for left, rights in found.items() if len(rights) == 1}
    # A former registration (struck off, absorbed) is history: a shortened name is too weak a
    # proof to give it a listing, but it still made the name ambiguous in its town (above).
    status = everything.get("register_status", pd.Series(None, index=everything.index))
    chosen = everything.member.isin(set(unique.values()))
    former = set(everything.member[chosen & status.notna() & (status != "IM")])
    return sorted((left, right) for left, right in unique.items() if right not in former)


def _found(pairs: pd.DataFrame, info: dict) -> dict[str, set[str]]:
    """Per listing, the register records of its candidate pairs that pass the pair tests."""
    from esq.entities.exact import pair_places  # exact imports this module

    found: dict[str, set[str]] = {}
    for left, lkey, right, rkey in pairs.itertuples(index=False):
        # The name test first (its cheap form, then in full): most candidates fail it, and
        # every test here is a pure condition of the pair (their order changes nothing).
        if not (_may_contain(lkey, rkey) or acronym_of(lkey, rkey)):
            continue
        a, b = info[(left, lkey)], info[(right, rkey)]
        places = pair_places(a, b)
        if not _contained(lkey, rkey, places) or degenerate_key(lkey, places):
            continue
        fa = effective_family(_text(a.name_family), _text(a.legal_form), a.source_role)
        fb = effective_family(_text(b.name_family), _text(b.legal_form), b.source_role)
        kind_a = (lkey, fa, _text(a.legal_form), a.source_role)
        kind_b = (rkey, fb, _text(b.legal_form), b.source_role)
        if _kinds_agree(fa, fb) and not kinds_conflict(kind_a, kind_b, places):
            found.setdefault(left, set()).add(right)
    return found
