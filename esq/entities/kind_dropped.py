"""Rule ``listed_without_kind_phrase``: a listing named by its registration's name minus the kind.

Hubs list « Ressourcerie de Laval » as « Laval », « Comptoir alimentaire Le Pignon bleu » as
« Le Pignon bleu », « Fondation du Partage » as « Le Partage » (the hard world's trade names;
real hubs do the same). The listing then names no kind of body, its words are the end of the
registration's name, and no name rule joins them: the name keys differ, a name of a place alone
identifies nothing, and a foundation is kept apart from a name without the word. The
registration was left as a candidate apart from its listing, and the supplier the buyers name by
the legal name was linked to that candidate (issue 12).

The rule links a listing to a registration when:

- the registration's words (stopwords left out) end with all of the listing's words, and the
  registration says more: leading words (the kind phrase) or a family word when the listing
  names no kind of body, the family written out when the listing writes it short (« Coop de
  Cowansville » at the door of « Coopérative de solidarité de Cowansville »: the town's
  thirty-odd registrations named « … de Cowansville » make the name rules' key a crowd), the
  kind phrase as its acronym (« ACH Montréal »), or the family's phrase written with a slip
  the name parser did not read as the family (« Centre de la pette enfance X » for the CPE X);
- the listing is no public body;
- they stand at one door: the same postal code, and the same civic number when both give one
  (the register's sites included). A listing whose name is only a place (« Laval » in Laval)
  must give its civic number and agree on it: a postal code alone covers a village;
- the registration is active, of a kind the listing may be (``compat.kinds_conflict``), and the
  only record at that door whose name ends so, the other listings there included, up to
  spellings of that same name: a shared building's « CDC de Laval » and « Ressourcerie de
  Laval » leave « Laval » apart, and so does a « Transport adapté de Laval » listed at the door
  of « Fondation de Laval » while its own registration is elsewhere (small hard world).

The clustering tries these links last (``cluster.py``): they decide only for a listing no
other evidence joined to a registration.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.arrow_strings import arrow_strings
from esq.entities.compat import STOPWORDS, degenerate_key, kinds_conflict, public_body
from esq.entities.doors import given_text
from esq.entities.establishments import site_rows
from esq.entities.kind_dropped_names import ends_with_listing, last_word, last_words, plain_words
from esq.entities.rule_pairs import DOOR_COLUMNS, NAME_COLUMNS, TOWN_COLUMNS, register_rows
from esq.scratch_db import rule_connection

RULE = "listed_without_kind_phrase"
_COLUMNS = (*NAME_COLUMNS, "register_status", *TOWN_COLUMNS, *DOOR_COLUMNS)


def kind_dropped_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(listing, register) member pairs the rule proposes, sorted; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    frame = listings[[c for c in _COLUMNS if c in listings.columns]]
    frame = frame.assign(**{c: None for c in _COLUMNS if c not in frame.columns})
    is_register = frame.source_role == "register"
    listed = frame[~is_register].dropna(subset=["name_key", "postal_code"])
    if listed.empty:
        return []
    status = frame.register_status
    is_active = (is_register & (status.isna() | (status == "IM"))).to_numpy(dtype=bool)
    # Every record at the listings' doors: the active registrations (at their sites too) and
    # the other listings (a shared building's « Transport adapté de X » listed at its door
    # while its registration is elsewhere says the door holds two bodies « … de X »).
    # Every way a name ends with the other's (``ends_with_listing``) needs the same last word
    # (``last_words``): the pairs are joined on the postal code and it, not every two records
    # of a postal code (a village's), and at one door (``_at_doors``).
    left = listed.assign(_last=last_words(listed.name_key)).dropna(subset=["_last"])
    here = (~is_register.to_numpy(dtype=bool) | is_active) & frame.name_key.notna().to_numpy(
        dtype=bool
    )
    a, b = _frame_pairs(left, frame, here)
    parts = [_pair_rows(left, a, frame, b)]
    if establishments is not None:
        at_sites = site_rows(frame[is_active], establishments)
        sites = at_sites[at_sites.postal_code.isin(set(listed.postal_code))]
        if len(sites):
            right = sites.assign(_last=last_words(sites.name_key)).dropna(
                subset=["name_key", "_last"]
            )
            a, b = _site_pairs(left, right)
            parts.append(_pair_rows(left, a, right, b))
    parts = [p for p in parts if len(p)]
    if not parts:
        return []
    pairs = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    return _decide(pairs)


#: The door of a pair (``_at_doors``, in SQL): the same civic number when both give one, and
#: the same town when both give one.
_DOOR_SQL = " AND ".join(
    f"(coalesce(l.{c}, '') = '' OR coalesce(r.{c}, '') = '' OR l.{c} = r.{c})"
    for c in ("civic_number", "municipality_code")
)
_PAIR_COLUMNS = ["member", "name_key", "postal_code", "civic_number", "municipality_code"]


def _frame_pairs(
    left: pd.DataFrame, frame: pd.DataFrame, here: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in ``left``, in ``frame``) of the pairs at one postal code whose names end
    with one word (``last_word``; ``frame``'s rows where ``here``), of two records, at one door:
    one DuckDB join on the columns as they are (the register's millions of rows are never
    copied)."""
    stop = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
    with rule_connection() as con:
        register_rows(con, "l", left, [*_PAIR_COLUMNS, "_last"])
        columns = {c: arrow_strings(frame[c], one_chunk=True) for c in _PAIR_COLUMNS}
        positions = pa.array(np.arange(len(frame), dtype=np.int64))
        con.register("f", pa.table({"_i": positions, "ok": pa.array(here), **columns}))
        # A key's last piece (after its last space) made of letters and digits, no stopword,
        # is its last word (``last_word``): the key ends with it after a space, and no word
        # follows. The other keys (few) are read by ``last_word``, those where it differs kept.
        piece = "split_part(name_key, ' ', -1)"
        odd = con.sql(f"""
            SELECT * EXCLUDE (ok), {piece} AS piece FROM f
            WHERE ok AND postal_code IN (SELECT postal_code FROM l)
              AND ({piece} IN ({stop}) OR NOT regexp_full_match({piece}, '[a-z0-9]+'))
        """).fetch_arrow_table()
        lasts = [last_word(k) for k in odd.column("name_key").to_pylist()]
        pieces = odd.column("piece").to_pylist()
        differs = [w is not None and w != p for w, p in zip(lasts, pieces, strict=True)]
        odd = odd.append_column("_last", pa.array(lasts, pa.string())).filter(
            pa.array(differs, pa.bool_())
        )
        con.register("odd", odd)
        found = con.sql(f"""
            SELECT l._i AS a, r._i AS b FROM l JOIN f AS r
              ON r.postal_code = l.postal_code AND split_part(r.name_key, ' ', -1) = l._last
            WHERE r.ok AND l.member IS DISTINCT FROM r.member AND {_DOOR_SQL}
            UNION ALL
            SELECT l._i, r._i FROM l JOIN odd AS r
              ON r.postal_code = l.postal_code AND r._last = l._last
            WHERE l.member IS DISTINCT FROM r.member AND {_DOOR_SQL}
        """).fetchnumpy()
    return np.asarray(found["a"], dtype=np.int64), np.asarray(found["b"], dtype=np.int64)


def _site_pairs(left: pd.DataFrame, right: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in ``left``, in ``right``: the registrations' sites) of the pairs at one
    postal code whose names end with one word, of two records, at one door."""
    keys = ["postal_code", "_last"]
    at = left[keys].assign(_a=np.arange(len(left)))
    at = at.merge(right[keys].assign(_b=np.arange(len(right))), on=keys)
    a, b = at._a.to_numpy(), at._b.to_numpy()
    members, members_r = left.member.to_numpy(dtype=object), right.member.to_numpy(dtype=object)
    keep = (members[a] != members_r[b]) & _at_doors(left, right, a, b)
    return a[keep], b[keep]


def _pair_rows(left: pd.DataFrame, a: np.ndarray, right: pd.DataFrame, b: np.ndarray):
    """The pairs' rows: the listing's columns, then the other record's (``_r``), as plain
    values (the row loop reads them one by one; Arrow's are slow to read)."""
    right = right.drop(columns=[c for c in ("postal_code", "_last") if c in right])
    return pd.concat(
        [
            left.iloc[a].reset_index(drop=True),
            right.iloc[b].add_suffix("_r").reset_index(drop=True),
        ],
        axis=1,
    ).astype(object)


def _decide(pairs: pd.DataFrame) -> list[tuple[str, str]]:
    """Per listing: the names at its door that end with its words, and their registrations;
    the pairs where one name there ends so and one registration bears it."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    names: dict[str, set[tuple]] = {}
    found: dict[str, set[str]] = {}
    for p in pairs.itertuples(index=False):
        family = given_text(p.name_family_r)
        if not ends_with_listing(p.name_key, p.name_key_r, family, given_text(p.name_family)):
            continue
        places = pair_places(p, _Place(p))
        # the registration's key too: a listing's misspelt kind phrase is no identity
        place_only = degenerate_key(p.name_key, places) or degenerate_key(p.name_key_r, places)
        if place_only and not (given_text(p.civic_number) and p.civic_number == p.civic_number_r):
            continue  # a place's name at a postal code alone: a village's every body
        names.setdefault(p.member, set()).add((plain_words(p.name_key_r), family))
        if p.source_role_r != "register":
            continue
        if public_body(p.name_key, places) or kinds_conflict(
            (p.name_key, given_text(p.name_family), given_text(p.legal_form), p.source_role),
            (p.name_key_r, family, given_text(p.legal_form_r), "register"),
            places,
        ):
            found.setdefault(p.member, set()).add("")  # at the door, not the listing's kind
            continue
        found.setdefault(p.member, set()).add(p.member_r)
    # one name at the door ends so, and one registration bears it
    return sorted(
        (m, *regs)
        for m, regs in found.items()
        if len(regs) == 1 and "" not in regs and len(names[m]) == 1
    )


def _at_doors(left: pd.DataFrame, right: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair (row ``a`` of ``left``, row ``b`` of ``right``, at one postal code): the same
    civic number when both give one, and the same town when both give one
    (``doors.given_text``: a non-empty string)."""
    ok = np.ones(len(a), dtype=bool)
    for col in ("civic_number", "municipality_code"):
        # integer codes of the values, "" (not given) as 0: millions of pairs compare ints
        codes, uniques = pd.factorize(np.concatenate([_given(left[col]), _given(right[col])]))
        codes = np.where(uniques[codes] == "", -1, codes) if len(uniques) else codes
        x, y = codes[: len(left)][a], codes[len(left) :][b]
        ok &= (x == -1) | (y == -1) | (x == y)
    return ok


def _given(values: pd.Series) -> np.ndarray:
    """The values as strings, "" for what ``given_text`` reads as None."""
    try:
        column = pa.array(values, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        column = None
    if column is not None and (
        pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
    ):
        # strings or missing: the test below, in Arrow
        return pc.fill_null(column, "").to_numpy(zero_copy_only=False).astype(object)
    out = values.to_numpy(dtype=object)
    return np.array([v if isinstance(v, str) else "" for v in out], dtype=object)


class _Place:
    """The registration's municipality and MRC, as ``pair_places`` reads them."""

    def __init__(self, p: object):
        self.municipality = given_text(p.municipality_r)
        self.mrc = given_text(p.mrc_r)
