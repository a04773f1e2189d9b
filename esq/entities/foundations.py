"""Rule ``foundation_listed_by_its_name``: a foundation a hub lists without the word.

« Fondation X » and « X » are usually two bodies (a museum and the foundation that funds it),
so the pair guards keep a foundation apart from a name without the word. Hubs, though, list a
foundation by the rest of its name (« Le Phare de demain » for « Fondation Le Phare de
demain »): the foundation's own registration was then left as a separate candidate and the
listing had no NEQ. The rule links a listing to a foundation's registration when:

- the listing names no kind of body (no family word) and its name key is the foundation's
  (the name without « Fondation »), a key that identifies (not only place or generic words);
- they stand at one door (``doors.SAME``: a postal code or a civic number agrees, the
  register's sites included);
- the registration is active, and no other register record bears that key in the town (the
  body the foundation funds, registered, takes the name).
"""

from __future__ import annotations

import pandas as pd

from esq.entities.compat import degenerate_key
from esq.entities.doors import SAME, Doors, isin, plain_rows

RULE = "foundation_listed_by_its_name"
_COLUMNS = (
    "member",
    "name_key",
    "name_family",
    "source_role",
    "municipality_code",
    "municipality",
    "mrc",
    "register_status",
    "postal_code",
    "civic_number",
)


def foundation_links(
    listings: pd.DataFrame, establishments: pd.DataFrame | None = None
) -> list[tuple[str, str]]:
    """(listing, register) member pairs the rule proposes, sorted; ``listings`` carry
    ``member``, ``establishments`` the register's sites with ``member``."""
    from esq.entities.exact import pair_places  # exact imports the rule modules

    # Masks first, then a copy of only the rows they keep (the register has millions).
    columns = [c for c in _COLUMNS if c in listings.columns]
    keyed = listings.name_key.notna().to_numpy(dtype=bool)
    is_register = (listings.source_role == "register").to_numpy(dtype=bool, na_value=False)
    unnamed = listings.name_family.isna().to_numpy(dtype=bool)
    listed = listings.loc[keyed & ~is_register & unnamed, columns]
    keys = isin(listings.name_key, set(listed.name_key))
    register = listings.loc[keyed & is_register & keys, columns]
    # Register records bearing the key in the town: the foundation must be the only one.
    holders = register.groupby(["name_key", "municipality_code"]).member.transform("nunique")
    status = register.get("register_status", pd.Series(None, index=register.index))
    foundations = register[
        (register.name_family == "fondation") & (holders == 1) & (status.isna() | (status == "IM"))
    ]
    pairs = listed.merge(
        foundations[["member", "name_key", "municipality_code"]],
        on=["name_key", "municipality_code"],
        suffixes=("", "_r"),
    )
    if pairs.empty:
        return []
    involved = listings.loc[
        keyed & isin(listings.member, set(pairs.member) | set(pairs.member_r)), columns
    ]
    doors = Doors(involved, establishments)
    out = set()
    for p in plain_rows(pairs):
        if degenerate_key(p.name_key, pair_places(p, p)):
            continue
        if doors.relation(p.member, p.member_r) == SAME:
            out.add((p.member, p.member_r))
    return sorted(out)
