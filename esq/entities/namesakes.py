"""Namesakes in a town: when a name alone cannot say which registration a listing is.

At register size a town's register holds several active registrations of one name (« Comptoir
alimentaire de Joliette », « Le Chaînon » in Montréal: natural namesakes, a numbered
company's trade name). ``same_name_municipality`` proposes every one of them; the clustering
would take whichever sorts first. When the listing's door agrees with none of them, that is a
draw: its edges are refused (``namesakes_in_town``) and the model's ambiguity check or review
decides. Measured on the large hard world (20 000 listed, 2.5 M register): of such edges at
two doors or an unknown one, 56 were right and 160 wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from esq.scratch_db import scratch_connection

#: The rule whose key (name key + town) namesakes of one town share.
RULE = "same_name_municipality"


def tied_listings(
    edges: Iterable, is_register: Callable[[str], bool], is_active: Callable[[str], bool]
) -> set[str]:
    """Listings to which ``RULE`` proposes two active registrations or more (``edges``:
    links with ``left``, ``right`` and ``rule``)."""
    proposed: dict[str, set[str]] = {}
    for edge in edges:
        if edge.rule != RULE:
            continue
        for listing, other in ((edge.left, edge.right), (edge.right, edge.left)):
            if is_register(other) and not is_register(listing) and is_active(other):
                proposed.setdefault(listing, set()).add(other)
    return {listing for listing, found in proposed.items() if len(found) >= 2}


def kindless_ties(frame: pd.DataFrame, kindless: pd.DataFrame) -> set[str]:
    """Listings of ``kindless`` (``member``, ``name_key``, ``municipality_code``: listings that
    name no kind of body) whose name is borne by two active registrations of their town or
    more, as it is or after a kind phrase: « Le Fil d'Ariane » in a town of « Coopérative de
    travail Le Fil d'Ariane » and « Maison des jeunes Le Fil d'Ariane » is either body, and the
    name alone says neither (small hard world: a youth centre's trade name joined to the co-op).

    ``frame``: every record (``member``, ``source_role``, ``register_status``, ``name_key``,
    ``municipality_code``). Set-based: the register is filtered to the listings' towns, then
    joined in DuckDB on town and the names' last word with the name test in the join's filter
    (a pandas merge materialised every (listing, registration) pair sharing a town and a last
    word first: ~100 M rows, 20 GiB, at 50 000 listings × 3 M register names).
    """
    kindless = kindless.dropna(subset=["name_key", "municipality_code"])
    if kindless.empty or "register_status" not in frame:
        return set()
    towns = set(kindless.municipality_code)
    status = frame.register_status
    mask = (
        (frame.source_role == "register").to_numpy()
        & (status.isna() | (status == "IM")).to_numpy()
        & frame.municipality_code.isin(towns).to_numpy()
    )
    # rows, then columns: a large town's register is hundreds of thousands of rows
    register = frame.loc[mask, ["member", "name_key", "municipality_code"]]
    register = register.dropna(subset=["name_key"])
    if register.empty:
        return set()
    con = scratch_connection()
    try:
        con.register("kindless", kindless[["member", "name_key", "municipality_code"]])
        con.register("register", register)
        rows = con.sql(_BEARERS).fetchall()
    finally:
        con.close()
    return {member for (member,) in rows}


#: Listings two active registrations of their town bear the name of, as it is or as the end of
#: theirs after whole words (« maison des jeunes le fil d ariane » bears « le fil d ariane »).
_BEARERS = """
    SELECT k.member
    FROM kindless AS k
    JOIN register AS r
      ON r.municipality_code = k.municipality_code
     AND split_part(r.name_key, ' ', -1) = split_part(k.name_key, ' ', -1)
    WHERE r.name_key = k.name_key OR ends_with(r.name_key, ' ' || k.name_key)
    GROUP BY k.member
    HAVING count(DISTINCT r.member) >= 2
"""
