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
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.entities.column_take import in_values, take_rows
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
from esq.entities.town_words import in_pairs, register_word_rows, town_pairs

RULE = "same_town_contained_name_unique"
MAX_WORD_GROUP = 50
_COLUMNS = (*NAME_COLUMNS, *TOWN_COLUMNS)
#: The rule frame's columns read as Arrow arrays (``town_words``).
_WORD_COLUMNS = ("member", "source_role", "name_key", "municipality_code")


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


def _candidates(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Listing and register rows sharing an identifying word in one municipality: ``lw``, the
    listings' words, and ``hits``, the register rows with a word of ``lw`` in their town (one
    row per such word: ``town_words.register_word_rows``); both with the word and town as
    codes ``w`` and ``t``, which the joins and groups read (not the strings)."""
    return con.sql(f"""
        WITH common AS (
                SELECT w, t FROM hits GROUP BY ALL
                HAVING count(DISTINCT member) > {MAX_WORD_GROUP}
             ),
             -- a rare word shared: only these pairs are read (a common word of a town
             -- would pair a listing with hundreds of its registrations)
             rare AS (
                SELECT DISTINCT lw.member AS left_member, lw.name_key AS left_key,
                       t, h.member AS right_member, h.name_key AS right_key
                FROM lw JOIN hits h USING (w, t)
                ANTI JOIN common c USING (w, t)
             ),
             need AS (
                SELECT member AS left_member, name_key AS left_key, t,
                       list(DISTINCT word) AS words, count(DISTINCT word) AS n
                FROM lw GROUP BY member, name_key, t
             ),
             -- every identifying word of the listing's name but one (a typo, an
             -- abbreviation) found as is among the registration's words
             near AS MATERIALIZED (
                SELECT DISTINCT left_member, left_key, right_member, right_key
                FROM rare JOIN need USING (left_member, left_key, t)
                WHERE n >= 2
                  AND len(list_intersect(words, string_split(right_key, ' '))) >= n - 1
             ),
             -- each key's words, split once for the test below
             split AS (
                SELECT *, string_split(left_key, ' ') AS left_words,
                       string_split(right_key, ' ') AS right_words
                FROM near
             )
        -- the pair checks run on these only
        SELECT left_member, left_key, right_member, right_key FROM split WHERE {_MAY_CONTAIN}
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
    OR length(replace(left_key, ' ', '')) <= len(right_words)
    OR len(list_filter(left_words, lambda w: w NOT IN ({_STOP})
           AND NOT list_contains(right_words, w)
           AND (length(w) < 5 OR len(list_filter(right_words,
                lambda v: abs(length(w) - length(v)) <= 2 AND levenshtein(w, v) <= 2)) = 0))) = 0
"""


def _register_rows(
    named: dict[str, pa.Array], rows: np.ndarray, towns: np.ndarray, members: list[str]
) -> np.ndarray:
    """Positions, sorted and distinct, of the rows the rule reads among ``rows`` (the register
    rows with a word of a listing's name in their town): those of the register ``members``
    in ``towns`` (a flag per town code: a town of a listing it tries)."""
    member = named["member"].take(pa.array(rows, pa.int64()))
    wanted = pc.is_in(member, value_set=pa.array(members, pa.string()))
    return np.unique(rows[towns & pc.fill_null(wanted, False).to_numpy(zero_copy_only=False)])


def _listed_towns(listed: pd.DataFrame, towns: pa.Array) -> np.ndarray:
    """Codes in ``towns`` of the listings' municipalities (those it has)."""
    codes = pc.index_in(arrow_strings(listed.municipality_code.astype(object)), value_set=towns)
    return pc.drop_null(codes).to_numpy().astype(np.int64)


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
    tried = ~in_values(listings.member, linked)
    listed = listings[tried & ~listings.duplicated().to_numpy(dtype=bool)]
    if listed.empty:
        return []
    lw = every[every.index.isin(listed.index)]
    # Every listing row's (town, word), not only the tried ones': the rows read below are
    # those of the register with one of these (a register row with none is never read).
    tw = every[["municipality_code", "word"]].drop_duplicates()
    words = pa.array(tw.word.drop_duplicates().astype(object), pa.string())
    towns = pa.array(tw.municipality_code.drop_duplicates().astype(object), pa.string())
    arrays = {c: arrow_strings(named[c]) for c in _WORD_COLUMNS}
    rows, word, town = register_word_rows(arrays, words, towns, town_pairs(tw, words, towns))
    listed_cells = town_pairs(lw, words, towns)
    in_lw = in_pairs(word, town, listed_cells, len(words), len(towns))
    at = pa.array(rows[in_lw], pa.int64())
    hits = {c: arrays[c].take(at) for c in ("member", "name_key")}
    codes = {"w": pa.array(word[in_lw], pa.int32()), "t": pa.array(town[in_lw], pa.int32())}
    con.register("hits", pa.table({**hits, **codes}))
    listed_words = lw[["member", "name_key", "word"]].astype(object)
    listed_words = pa.Table.from_pandas(listed_words, preserve_index=False)
    for name, values in (("w", listed_cells[:, 0]), ("t", listed_cells[:, 1])):
        listed_words = listed_words.append_column(name, pa.array(values, pa.int32()))
    con.register("lw", listed_words)
    pairs = _candidates(con)
    if pairs.empty:
        return []
    # Only the rows of candidate pairs are read row by row (never the whole register).
    # the towns of the listings tried (some with no identifying word of their own)
    tried_towns = np.zeros(len(towns), bool)
    tried_towns[_listed_towns(listed, towns)] = True
    at = _register_rows(arrays, rows, tried_towns[town], sorted(set(pairs.right_member)))
    wanted = [*columns, *(c for c in ("register_status",) if c in named)]
    everything = take_rows(named, at, wanted)
    register = everything[columns]
    involved = set(pairs.left_member) | set(pairs.right_member)
    both = pd.concat([listed, register])
    both = both[in_values(both.member, involved)].drop_duplicates(["member", "name_key"])
    info = {(r.member, r.name_key): r for r in both.astype(object).itertuples()}
    found = _found(pairs, info)
    unique = {left: next(iter(rights)) for left, rights in found.items() if len(rights) == 1}
    # A former registration (struck off, absorbed) is history: a shortened name is too weak a
    # proof to give it a listing, but it still made the name ambiguous in its town (above).
    status = everything.get("register_status", pd.Series(None, index=everything.index))
    chosen = in_values(everything.member, set(unique.values()))
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
