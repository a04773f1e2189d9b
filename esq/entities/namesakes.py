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

import numpy as np
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
    ``municipality_code``). Set-based, in DuckDB: the active registrations of the listings'
    towns ending in a listing's last word, then each one's word-boundary endings (« maison des
    jeunes le fil d ariane », « des jeunes le fil d ariane »… « ariane ») joined on town and
    equality to the listings' names (only the ending of as many words as a name of the town:
    the one that can equal it). A join on town and last word with the name test in its
    filter compared every such pair (« … inc » in Montréal): 6 s of CPU at 50 000 listings ×
    3 M register names, 1.7 s this way; a pandas merge before that made ~100 M rows, 20 GiB.
    """
    kindless = kindless.dropna(subset=["name_key", "municipality_code"])
    if kindless.empty or "register_status" not in frame:
        return set()
    # Row positions, not member keys, go to DuckDB: 3 M Python strings are slow to convert;
    # the few bearers found are named afterwards.
    columns = ["source_role", "register_status", "name_key", "municipality_code"]
    con = scratch_connection()
    try:
        con.register("kindless", kindless[["member", "name_key", "municipality_code"]])
        con.register("records", frame[columns].assign(pos=np.arange(len(frame))))
        found = con.sql(_BEARERS).fetchnumpy()
    finally:
        con.close()
    if not len(found["member"]):
        return set()
    bearers = pd.DataFrame(
        {"member": found["member"], "bearer": frame.member.to_numpy(dtype=object)[found["pos"]]}
    )
    counts = bearers.groupby("member").bearer.nunique()
    return set(counts.index[counts.to_numpy() >= 2])


#: (listing, row of a registration) when an active registration of the listing's town bears
#: its name, as it is or as the end of theirs after whole words (« maison des jeunes le fil d
#: ariane » bears « le fil d ariane »): the registration's ending of as many words as the name
#: (one per distinct word count of the town's names ending in that word), equal to the name.
#: Every ending after a space, unnested, was 2.5 M rows at 50 000 listings × 3 M register
#: names; the one ending of the name's length is the only one that can equal it.
_BEARERS = """
    WITH keys AS (
        SELECT DISTINCT municipality_code, split_part(name_key, ' ', -1) AS last,
               len(string_split(name_key, ' ')) AS words
        FROM kindless
    ),
    register AS (
        SELECT pos, municipality_code, name_key FROM records
        WHERE source_role = 'register' AND (register_status IS NULL OR register_status = 'IM')
          AND name_key IS NOT NULL
    ),
    candidates AS (
        SELECT r.pos, r.municipality_code, k.words AS n, string_split(r.name_key, ' ') AS words
        FROM register AS r
        JOIN keys AS k
          ON k.municipality_code = r.municipality_code
         AND k.last = split_part(r.name_key, ' ', -1)
    ),
    endings AS (
        SELECT pos, municipality_code, array_to_string(words[len(words) - n + 1:], ' ') AS ending
        FROM candidates
        WHERE n <= len(words)
    )
    SELECT k.member, e.pos
    FROM kindless AS k
    JOIN endings AS e ON e.municipality_code = k.municipality_code AND e.ending = k.name_key
"""
