"""How a supplier name ends: cut short by the buyer's system (it ends with « de », « du »,
« la »… as no name does, or inside a compound word), or whole (it ends with a legal form).
:mod:`esq.contracts.name_score_sql` credits a cut name found whole in a reference name;
:mod:`esq.contracts.cut_names` completes it."""

from __future__ import annotations

import re
from functools import lru_cache

from esq.contracts.name_variants import VARIANT_CACHE
from esq.normalise.names import normalise_name
from esq.normalise.text import fold

_LAST_WORD = re.compile(r"([a-z]+)\W*$")
#: Words no name ends with: a name ending so was cut by the buyer's system (« … du Partage du »).
_DANGLING = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "au", "aux"})


def cut_short(name: str) -> bool:
    """The name ends with a word no name ends with (an article, « de »): it was cut."""
    folded = fold(name).replace("\u2019", "'").rstrip()
    if folded.endswith("-"):  # « … DE SAINT- »: cut inside a compound word
        return True
    last = _LAST_WORD.search(folded)
    return bool(last) and last.group(1) in _DANGLING


@lru_cache(maxsize=VARIANT_CACHE)  # asked per supplier by the scores and by the cut names
def ends_whole(name: str) -> bool:
    """The name ends with a legal form (« … ltée », « … inc. »): its last word was not cut."""
    parts = normalise_name(name)
    return bool(parts and parts.legal_suffix)
