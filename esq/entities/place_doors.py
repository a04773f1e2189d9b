"""Rule ``place_name_kind_at_door``: a name that is only a place, the kind, and the door.

« CDC Victoriaville », « Coop Dunham », « CPE de Hampstead »: once the family is read, the name
is a town's, and the town's register holds dozens of « … de Victoriaville » (a CDC, co-ops,
foundations, struck off or not). The name rules' key groups grow past their cap
(``exact.MAX_GROUP``) and the address rules never take a name made only of a place, so a
listing whose head office is elsewhere (the hub lists the site, the register's
establishments hold it) was left apart from its registration: large hard world, 578
registrations alone while their listings were together.

The rule links a listing to a registration when:

- the listing's name key is made only of a place or generic words (``compat.degenerate_key``)
  and it names a family (« CDC », « Coop », « CPE »);
- a registration of the listing's town bears that key, at its head office or at one of its
  sites, of the same family or the family written out (« Coop » for « Coopérative de
  solidarité »), with no conflict of kinds, and active;
- they stand at one door: the same civic number with the postal codes equal or one missing,
  or the same postal code with one civic number missing;
- and it is the only such registration for that listing.

The clustering tries these links last (``cluster.py``): a door agreeing on one field and a
kind are weaker than the other rules' evidence. Set-based: the register is filtered by the
listings' keys (one ``isin``), then joined on key and town.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from esq.entities.compat import (
    STOPWORDS,
    degenerate_key,
    effective_family,
    kinds_conflict,
    public_body,
)
from esq.entities.doors import at_town_civic, given_text, isin, plain_rows
from esq.entities.establishments import site_rows
from esq.entities.kind_dropped_names import ends_with_listing, last_words
from esq.entities.rule_pairs import DOOR_COLUMNS, NAME_COLUMNS, TOWN_COLUMNS

RULE = "place_name_kind_at_door"
#: The kind phrase dropped (``kind_dropped.py``) at a door read from the civic number and town.
HALF_DOOR_RULE = "listed_without_kind_phrase_civic"
_COLUMNS = (*NAME_COLUMNS, "register_status", *TOWN_COLUMNS, *DOOR_COLUMNS)


def _rows(listings: pd.DataFrame, mask: np.ndarray, columns: tuple[str, ...]) -> pd.DataFrame:
    """The rows of ``mask`` with ``columns`` (None where the listings lack one): rows first,
    then columns, so the register's millions of rows are never copied."""
    rows = listings.loc[mask, [c for c in columns if c in listings.columns]]
    return rows.assign(**{c: None for c in columns if c not in rows.columns})


def _with_sites(register: pd.DataFrame, sites: pd.DataFrame) -> pd.DataFrame:
    """The register rows and their sites' rows, renumbered; no sites, the rows alone (pandas
    warns on a concatenation with an empty frame: its dtypes will count)."""
    if sites.empty:
        return register.reset_index(drop=True)
    return pd.concat([register, sites], ignore_index=True)


def _masks(listings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Whether each row is a register record, and an active one."""
    is_register = (listings.source_role == "register").to_numpy()
    if "register_status" not in listings:
        return is_register, is_register
    status = listings.register_status
    return is_register, is_register & (status.isna() | (status == "IM")).to_numpy()


def _given(values: pd.Series) -> np.ndarray:
    """``given_text`` is not None, vectorised."""
    return np.fromiter((given_text(v) is not None for v in values.tolist()), bool, len(values))


def _last_word(key: object) -> str | None:
    """The key's last word, stopwords left out: ``kind_dropped.ends_with_listing`` holds only
    for keys that end with the same one (every way it holds compares the names' ends)."""
    if isinstance(key, str):
        for word in reversed(key.split()):
            if word not in STOPWORDS:
                return word
    return None


def _half_door(pairs: pd.DataFrame) -> np.ndarray:
    """Per (listing, register) pair at one town and civic number, vectorised: the postal codes
    not agreeing (one missing, or two on one street) and the names ending with one word."""
    postal = pairs.postal_code.astype(object).to_numpy()
    postal_r = pairs.postal_code_r.astype(object).to_numpy()
    given, given_r = _given(pairs.postal_code), _given(pairs.postal_code_r)
    whole = given & given_r  # a whole door: kind_dropped.py's
    whole[whole] = postal[whole] == postal_r[whole]
    street = pairs.street_key.astype(object).to_numpy()
    street_r = pairs.street_key_r.astype(object).to_numpy()
    # the street given and the register's the same string (compared where both are strings)
    one_street = _given(pairs.street_key) & np.fromiter(
        (isinstance(v, str) for v in street_r), bool, len(street_r)
    )
    one_street[one_street] = street[one_street] == street_r[one_street]
    # two postal codes: one street at least (a town repeats its numbers)
    keep = ~whole & ~(given & given_r & ~one_street)
    keys = pairs.name_key.astype(object).to_numpy()[keep].tolist()
    keys_r = pairs.name_key_r.astype(object).to_numpy()[keep].tolist()
    last = {k: _last_word(k) for k in {*keys, *keys_r}}
    ends = [last[k] is not None and last[k] == last[r] for k, r in zip(keys, keys_r, strict=True)]
    keep[keep] = np.asarray(ends, dtype=bool)
    return keep


def same_kind(listing_family: str | None, register_family: str | None) -> bool:
    """The same family, or the registration's written out from the listing's short one."""
    return (
        listing_family is not None
        and register_family is not None
        and register_family.startswith(listing_family)
    )


def at_door(civic: object, postal: object, civic_r: object, postal_r: object) -> bool:
    """One door read from what both give: the civic number agrees and the postal codes do not
    disagree, or the postal code agrees and a civic number is missing."""
    civic, postal, civic_r, postal_r = map(given_text, (civic, postal, civic_r, postal_r))
    if civic is not None and civic == civic_r:
        return postal is None or postal_r is None or postal == postal_r
    return postal is not None and postal == postal_r and (civic is None or civic_r is None)


def place_kind_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(listing, register) member pairs the rule proposes, sorted; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    is_register, active = _masks(listings)
    listed = _rows(listings, ~is_register, _COLUMNS)
    listed = listed.dropna(subset=["name_key", "name_family", "municipality_code"])
    # The listings side only: a Python test per listing (thousands, not the register).
    place_only = [
        degenerate_key(k, pair_places(p, None))
        for k, p in zip(listed.name_key.tolist(), plain_rows(listed), strict=True)
    ]
    listed = listed[place_only]
    if listed.empty:
        return []
    keys = isin(listings.name_key, set(listed.name_key))
    register = _rows(listings, active & keys, _COLUMNS)
    register = _with_sites(register, site_rows(register, establishments))
    pairs = listed.merge(register, on=["name_key", "municipality_code"], suffixes=("", "_r"))
    found: dict[str, set[str]] = {}
    for p in plain_rows(pairs):
        family, family_r = _families(p)
        if not same_kind(family, family_r):
            continue
        if not at_door(p.civic_number, p.postal_code, p.civic_number_r, p.postal_code_r):
            continue
        places = pair_places(p, None)
        if kinds_conflict(
            (p.name_key, family, given_text(p.legal_form), p.source_role),
            (p.name_key, family_r, given_text(p.legal_form_r), "register"),
            places,
        ):
            continue
        found.setdefault(p.member, set()).add(p.member_r)
    return sorted((m, *regs) for m, regs in found.items() if len(regs) == 1)


def _families(p: object) -> tuple[str | None, str | None]:
    """The family of bodies of a pair row's listing and of its registration (``_r``)."""
    family = effective_family(given_text(p.name_family), given_text(p.legal_form), p.source_role)
    family_r = effective_family(given_text(p.name_family_r), given_text(p.legal_form_r), "register")
    return family, family_r


def half_door_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """``kind_dropped``'s rule at a door read from the civic number in the listing's town when
    the postal codes do not agree (one missing, or a hub's wrong one on the same street):
    « Varennes » at 3126 of « Ressourcerie de Varennes »'s site, no postal code given. The one
    active registration there whose name ends with the listing's words, of a kind it may be;
    sorted pairs."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    columns = (*_COLUMNS, "street_key")
    is_register, active = _masks(listings)
    listed = _rows(listings, ~is_register, columns)
    listed = listed.dropna(subset=["name_key", "municipality_code", "civic_number"])
    if listed.empty:
        return []
    # the doors (town and civic number) of the listings: the merge below reads no other

    def here(f: pd.DataFrame) -> np.ndarray:
        return at_town_civic(f, listed)

    sites = None
    if establishments is not None and len(establishments):
        sites = establishments[here(establishments)]
    at = here(listings)
    if sites is not None and len(sites):
        at |= isin(listings.member, set(sites.member))
    register = _rows(listings, active & at, columns)
    if sites is not None and "street_key" in sites:  # a site's own street
        at_sites = site_rows(register.drop(columns="street_key"), sites, extra=("street_key",))
    else:
        at_sites = site_rows(register, sites).assign(street_key=None)
    register = _with_sites(register, at_sites)
    # The names must end with one word (``_half_door``): joined on it too, the merge pairs
    # only those, not every two records at a town's civic number (vectorised last words).
    on = ["municipality_code", "civic_number", "_last"]
    listed = listed.assign(_last=last_words(listed.name_key)).dropna(subset=["_last"])
    register = register.assign(_last=last_words(register.name_key)).dropna(subset=["_last"])
    pairs = listed.merge(register, on=on, suffixes=("", "_r")).drop(columns="_last")
    pairs = pairs[_half_door(pairs)]
    found: dict[str, set[str]] = {}
    for p in plain_rows(pairs):
        family, family_r = _families(p)
        if not ends_with_listing(p.name_key, p.name_key_r, family_r, family):
            continue
        places = pair_places(p, None)
        if public_body(p.name_key, places) or kinds_conflict(
            (p.name_key, family, given_text(p.legal_form), p.source_role),
            (p.name_key_r, family_r, given_text(p.legal_form_r), "register"),
            places,
        ):
            found.setdefault(p.member, set()).add("")  # there, but not the listing's kind
            continue
        found.setdefault(p.member, set()).add(p.member_r)
    return sorted((m, *regs) for m, regs in found.items() if len(regs) == 1 and "" not in regs)
