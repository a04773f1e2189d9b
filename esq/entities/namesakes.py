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
    joined on the names' last word; only those few rows are compared in Python.
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
    last = lambda keys: keys.str.rsplit(" ", n=1).str[-1]  # noqa: E731
    pairs = kindless.assign(last=last(kindless.name_key)).merge(
        register.assign(last=last(register.name_key)),
        on=["municipality_code", "last"],
        suffixes=("", "_r"),
    )
    bears = [
        key_r == key or key_r.endswith(" " + key)
        for key, key_r in zip(pairs.name_key.tolist(), pairs.name_key_r.tolist(), strict=True)
    ]
    named = pairs[bears]
    counts = named.groupby("member").member_r.nunique()
    return set(counts.index[counts.to_numpy() >= 2])
