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
