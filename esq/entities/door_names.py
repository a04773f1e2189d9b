"""Rule ``same_door_compatible_name``: one door with one field missing, and a compatible name.

The address rule (``same_postal_civic_compatible_name``) needs the postal code and the civic
number on both records; hubs drop one or the other (« C.P. » lines, no postal code, a unit line
without a number), so a listing and its registration at one door, with names that say the same
thing (« Le Tremplin » / « Centre d'action bénévole Le Tremplin »), were left apart. This rule
reads the door from what both records give:

- the same civic number in the same municipality, one postal code missing;
- the same postal code, one civic number missing; or
- the same civic number on the same street of the same municipality (a postal code wrong);

and links when every identifying word of the shorter name is in the other (one typo allowed in
long words; « Café La Ruche » and « Café La Fourmilière » share a kind word, not a name), the
families and kinds of body agree, neither key is made only of a place, and neither is a public
body (a door alone never merges names that disagree, issue 12). A register record is read at
its head office and at each of its sites. A key shared by more than ``MAX_GROUP`` records is a
shared office, not a door.
"""

from __future__ import annotations

from collections import namedtuple

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from esq.entities.arrow_strings import arrow_strings
from esq.entities.compat import (
    degenerate_key,
    effective_family,
    families_conflict,
    kinds_conflict,
    public_body,
    token_overlap,
    words_cover,
)
from esq.entities.doors import at_town_civic, given_text, isin
from esq.entities.establishments import site_rows
from esq.entities.rule_pairs import (
    DOOR_COLUMNS,
    NAME_COLUMNS,
    TOWN_COLUMNS,
    candidate_pairs,
    register_rows,
)
from esq.scratch_db import rule_connection

RULE = "same_door_compatible_name"
MAX_GROUP = 25
_COLUMNS = (*NAME_COLUMNS, *TOWN_COLUMNS, *DOOR_COLUMNS, "street_key")


def _lacks(frame: pd.DataFrame, column: str) -> np.ndarray:
    """``_text`` of the column is None, vectorised: a missing or empty value."""
    values = frame[column]
    return values.isna().to_numpy(dtype=bool) | (values == "").to_numpy(dtype=bool, na_value=False)


def _pairs(
    con: duckdb.DuckDBPyConnection,
    frame: pd.DataFrame,
    key: tuple[str, ...],
    missing: str | None,
    differ: str | None = None,
    excluded: tuple[str, list[str]] | None = None,
) -> np.ndarray:
    """Positions (a, b) in ``frame`` of the record pairs sharing ``key`` (2..MAX_GROUP records,
    one at least a listing, never two register rows: ``rule_pairs.candidate_pairs``; ``frame``
    registered on ``con`` as ``doors``) where one of the two lacks ``missing`` (every pair when
    None) and, with ``differ``, the two disagree on that column (``_text`` values, one missing
    counts; ``excluded``: as ``candidate_pairs`` takes it); an (n, 2) array."""
    pairs = candidate_pairs(con, "doors", key, MAX_GROUP, excluded=excluded)
    a, b = pairs.a.to_numpy(), pairs.b.to_numpy()
    if missing is not None:
        lacks = _lacks(frame, missing)
        keep = lacks[a] | lacks[b]
        a, b = a[keep], b[keep]
    if differ is not None:
        # a missing value as "": two missing agree, one missing differs from any value
        lacks, column = _lacks(frame, differ), frame[differ]
        value_a = np.where(lacks[a], "", column.iloc[a].astype(object).to_numpy())
        value_b = np.where(lacks[b], "", column.iloc[b].astype(object).to_numpy())
        differs = value_a != value_b
        a, b = a[differs], b[differs]
    return np.stack([a, b], axis=1).astype(np.int64)


def _names_cover(keys: pd.Series, pairs: np.ndarray) -> np.ndarray:
    """``compat.words_cover`` of each pair's name keys, asked once per distinct pair of keys
    (integer codes of the keys, the distinct pairs found in numpy)."""
    codes, uniques = pd.factorize(keys)  # Arrow-backed keys: encoded in Arrow
    if not len(pairs) or not len(uniques):
        return np.zeros(len(pairs), dtype=bool)
    n = len(uniques) + 1
    # a missing key (code -1) covers nothing: it takes a code of its own, n - 1
    codes = np.where(codes < 0, n - 1, codes).astype(np.int64)
    both, inverse = np.unique(codes[pairs[:, 0]] * n + codes[pairs[:, 1]], return_inverse=True)
    names = [*np.asarray(uniques, dtype=object).tolist(), None]
    cover = [
        words_cover(names[i], names[j])
        for i, j in zip((both // n).tolist(), (both % n).tolist(), strict=True)
    ]
    return np.asarray(cover, dtype=bool)[inverse.ravel()]


def _at_listed_door(frame: pd.DataFrame, codes: set[str], listed: pd.DataFrame) -> np.ndarray:
    """Rows of ``frame`` at one of the postal ``codes`` or at the town and civic number of a
    row of ``listed``."""
    return isin(frame.postal_code, codes) | at_town_civic(frame, listed)


def _crowded(
    listings: pd.DataFrame, at: np.ndarray, sites: pd.DataFrame | None, codes: set[str]
) -> set[str]:
    """The postal ``codes`` more than ``MAX_GROUP`` records share, counted as the postal
    door's groups count them: the rows of ``listings`` where ``at`` (rows with a name key at
    one of ``codes``) and the ``sites`` rows. The postal door never pairs at such a code, so
    its rows need not be read (a listing's code is often a whole register's neighbourhood:
    at 50 000 listings × 3 M register names, 2.5 M rows at the listings' codes, 11 000 in
    groups small enough)."""
    if not codes:
        return set()
    frames = [(listings, at)]
    if sites is not None and len(sites):
        frames.append((sites, isin(sites.postal_code, codes)))
    with rule_connection() as con:
        # the columns as they are and the mask (Arrow, no copy of the rows)
        for n, (f, mask) in enumerate(frames):
            columns = {c: arrow_strings(f[c]) for c in ("postal_code", "member")}
            con.register(f"codes{n}", pa.table({**columns, "_at": pa.array(mask)}))
        rows = " UNION ALL ".join(
            f"SELECT postal_code, member FROM codes{n} WHERE _at" for n in range(len(frames))
        )
        crowded = con.sql(f"""
            SELECT postal_code FROM ({rows}) GROUP BY postal_code
            HAVING count(DISTINCT member) > {MAX_GROUP}
        """).fetchall()
    return {c for (c,) in crowded}


def door_name_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(left, right) member pairs the rule proposes, sorted; ``listings`` carry ``member``,
    ``establishments`` the register's sites with ``member``."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    # Only doors some listing stands at (a register has millions of rows): masks on the key
    # columns first, then one copy of the rows they keep.
    columns = [c for c in _COLUMNS if c in listings.columns]
    keyed = listings.name_key.notna().to_numpy(dtype=bool)
    listed = listings.loc[
        keyed & (listings.source_role != "register").to_numpy(dtype=bool, na_value=True)
    ]
    codes = set(listed.postal_code.dropna())
    sites = None
    if establishments is not None and len(establishments):
        has_site = isin(listings.member, set(establishments.member))
        sites = site_rows(listings.loc[keyed & has_site, columns], establishments)
    # A crowded code's rows are read only at a listing's town and civic number, and the
    # postal door leaves the code out (its group, read in part, could look small).
    postal = keyed & isin(listings.postal_code, codes)
    crowded = _crowded(listings, postal, sites, codes)
    codes -= crowded
    frame = listings.loc[keyed & _at_listed_door(listings, codes, listed), columns]
    if sites is not None:
        frame = pd.concat([frame, sites[_at_listed_door(sites, codes, listed)]], ignore_index=True)
    else:
        frame = frame.reset_index(drop=True)
    with rule_connection() as con:  # the rows registered once for the three doors
        register_rows(con, "doors", frame, list(frame.columns))
        candidates = [
            _pairs(con, frame, ("municipality_code", "civic_number"), "postal_code"),
            _pairs(
                con, frame, ("postal_code",), "civic_number", None, ("postal_code", sorted(crowded))
            ),
        ]
        if "street_key" in frame:
            # the same number on the same street of one town, whatever the postal codes say
            # (a hub's wrong postal code: large hard world, « Comptoir de X » at 2563 of its
            # street)
            street = ("municipality_code", "civic_number", "street_key")
            candidates.append(_pairs(con, frame, street, None, differ="postal_code"))
    # The pairs of the three doors, each once (the tests below are pure functions of the two
    # rows' values, so a pair met twice decides twice the same).
    pairs = np.unique(np.concatenate(candidates), axis=0)
    # The name test first, without the places (once per pair of names): most pairs at a
    # door fail it, and every test here is a pure condition of the link (their order changes
    # nothing). ``token_overlap`` below adds the generic and place words.
    pairs = pairs[_names_cover(frame.name_key, pairs)]
    at = np.unique(pairs)
    sub = frame.iloc[at]
    # Plain Python values, a column at a time (an Arrow array read value by value is slow).
    values = zip(*(sub[c].astype(object).tolist() for c in frame.columns), strict=True)
    row = namedtuple("_Row", list(frame.columns))  # type: ignore[misc]
    rows = dict(zip(at.tolist(), map(row._make, values), strict=True))
    found = set()
    for i, j in pairs.tolist():
        a, b = rows[i], rows[j]
        keys = (a.name_key, b.name_key)
        places = pair_places(a, b)
        if token_overlap(a.name_key, b.name_key, places) < 1.0:
            continue
        if any(degenerate_key(k, places) or public_body(k, places) for k in keys):
            continue
        fa = effective_family(given_text(a.name_family), given_text(a.legal_form), a.source_role)
        fb = effective_family(given_text(b.name_family), given_text(b.legal_form), b.source_role)
        kind_a = (a.name_key, fa, given_text(a.legal_form), a.source_role)
        kind_b = (b.name_key, fb, given_text(b.legal_form), b.source_role)
        if not (families_conflict(fa, fb) or kinds_conflict(kind_a, kind_b, places)):
            found.add(tuple(sorted((a.member, b.member))))
    return sorted(found)
