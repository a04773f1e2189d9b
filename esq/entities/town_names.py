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

import pandas as pd
import pyarrow as pa

from esq.entities.compat import (
    acronym_of,
    degenerate_key,
    effective_family,
    families_conflict,
    identity_words,
    kinds_conflict,
    may_overlap,
    name_tokens,
    token_overlap,
)
from esq.entities.rule_pairs import NAME_COLUMNS, TOWN_COLUMNS
from esq.scratch_db import rule_connection

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


def _places(rows: pd.DataFrame) -> pd.Series:
    from esq.entities.exact import pair_places  # exact imports this module

    return pd.Series([pair_places(r, r) for r in rows.itertuples(index=False)], index=rows.index)


def _candidates(listed: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Listing and register rows sharing an identifying word in one municipality."""
    listed_words = _words(listed, _places(listed))
    con = rule_connection()
    try:
        con.register("lw", pa.Table.from_pandas(listed_words.astype(object), preserve_index=False))
        # Arrow strings, de-duplicated in DuckDB (pandas' drop_duplicates hashes Python objects).
        reg = register[["member", "name_key", "municipality_code"]]
        con.register("reg_rows", pa.Table.from_pandas(reg, preserve_index=False))
        con.execute("CREATE TEMP VIEW reg AS SELECT DISTINCT * FROM reg_rows")
        # Register words in SQL: the register side can have millions of names.
        return con.sql(f"""
            WITH keys AS (SELECT DISTINCT word, municipality_code FROM lw),
                 rw AS (
                    -- unnest in the select list: a lateral join (FROM reg, unnest(...)) of
                    -- the same rows cost three times the CPU
                    SELECT member, name_key, municipality_code,
                           unnest(string_split(name_key, ' ')) AS word
                    FROM reg WHERE municipality_code IS NOT NULL
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
                 )
            -- every identifying word of the listing's name but one (a typo, an abbreviation)
            -- found as is among the registration's words: the pair checks run on these only
            SELECT DISTINCT left_member, left_key, right_member, right_key
            FROM rare JOIN need USING (left_member, left_key, municipality_code)
            WHERE n >= 2
              AND len(list_intersect(words, string_split(right_key, ' '))) >= n - 1
        """).df()
    finally:
        con.close()


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
    rows: pd.DataFrame, linked: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """(listing member, register member) pairs the rule proposes, sorted.

    ``rows`` are the rule rows (every name and site of a record) with ``_COLUMNS``; listings in
    ``linked`` already have a register record by another name rule and are left alone.
    """
    rows = rows.dropna(subset=["name_key", "municipality_code"])
    listed = rows[(rows.source_role != "register") & ~rows.member.isin(linked)]
    listed = listed[[c for c in _COLUMNS if c in listed.columns]].drop_duplicates()
    # Only the register rows of the towns of the listings left (a register has millions).
    everything = rows[
        (rows.source_role == "register")
        & rows.municipality_code.isin(set(listed.municipality_code))
    ]
    register = everything[[c for c in _COLUMNS if c in everything.columns]]
    if listed.empty or register.empty:
        return []
    pairs = _candidates(listed, register)
    if pairs.empty:
        return []
    # Only the records of candidate pairs are read row by row (never the whole register).
    involved = set(pairs.left_member) | set(pairs.right_member)
    both = pd.concat([listed, register])
    both = both[both.member.isin(involved)].drop_duplicates(["member", "name_key"])
    info = {(r.member, r.name_key): r for r in both.itertuples()}
    from esq.entities.exact import pair_places

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
    unique = {left: next(iter(rights)) for left, rights in found.items() if len(rights) == 1}
    # A former registration (struck off, absorbed) is history: a shortened name is too weak a
    # proof to give it a listing, but it still made the name ambiguous in its town (above).
    status = everything.get("register_status", pd.Series(None, index=everything.index))
    chosen = everything.member.isin(set(unique.values()))
    former = set(everything.member[chosen & status.notna() & (status != "IM")])
    return sorted((left, right) for left, right in unique.items() if right not in former)
