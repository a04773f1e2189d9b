"""The register refuses a second active co-op or non-profit of an existing name (VERSION 4).

Québec's registrar does not register a co-operative's or a non-profit's name identical to
another's in force, and the real data bear it out: of the 2 219 active social economy
registrations of the real Mauricie extract (REQ-derived, ../shared/data/real), none shares its
registered name — case, accents, punctuation and the legal suffix folded — with another, where a
VERSION 3 world's Mauricie held 5.7 % of 2 988 (medium) and 15.0 % of 14 946 (large) such
namesakes, nearly all from the background register drawing « <kind> de <small town> » and
invented cores independently (`python -m evaluation.hardworld.namesake_density`).

So an active background entry of a social economy form whose name is already held by an active
one (the world's own registrations, earlier background rows) takes another name, as an applicant
refused by the registrar would: the same kind of body with a two-word invented core, unique by
construction (the entry's index spelt in syllables). Struck-off entries keep their names (a name
is free again once its holder is struck off), and the world's planted namesakes — homonyms and
active namesakes in another town, listed enterprises — are not touched.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from evaluation.hardworld.model import Org
from evaluation.hardworld.names import KINDS

_ACCENTS = {"A": "ÀÂÄ", "E": "ÉÈÊË", "I": "ÎÏ", "O": "ÔÖ", "U": "ÙÛÜ", "C": "Ç"}


def name_keys(names: pa.Array) -> pa.Array:
    """The name as the registrar compares it: capitals, no accents or punctuation, no « inc. »."""
    key = pc.utf8_upper(names)
    for plain, accented in _ACCENTS.items():
        key = pc.replace_substring_regex(key, f"[{accented}]", plain)
    key = pc.replace_substring_regex(key, r"[^A-Z0-9]+", " ")
    key = pc.replace_substring_regex(pc.utf8_trim_whitespace(key), r"( INC| LTEE)$", "")
    return key


def invented_pair(index: np.ndarray, syllables: tuple[list[str], ...]) -> pa.Array:
    """Two invented words spelling ``index`` (distinct for every index under 3 600²)."""
    sizes = [len(part) for part in syllables]
    words = []
    for value in (index // int(np.prod(sizes)), index):
        letters = []
        for size, part in zip(sizes[::-1], syllables[::-1], strict=True):
            letters.insert(0, pa.array(part, pa.string()).take(pa.array(value % size)))
            value = value // size
        word = pc.binary_join_element_wise(*letters, "")
        words.append(pc.utf8_capitalize(word))
    return pc.binary_join_element_wise(*words, " ")


class NameRegister:
    """The active social economy names in force so far; renames later entries that repeat one."""

    def __init__(self, cores: Iterable[str] = ()):
        self.taken: set[str] = set(name_keys(pa.array(list(cores), pa.string())).to_pylist())
        self.renamed = 0

    def admit(
        self,
        names: pa.Array,
        cores: pa.Array,
        prefix: pa.Array,
        active: np.ndarray,
        index: np.ndarray,
        syllables: tuple[list[str], ...],
    ) -> pa.Array:
        """``names`` with every active entry whose core repeats one in force renamed ``prefix``
        + an invented pair; the admitted cores join those in force."""
        keyed = name_keys(cores)
        seen = pc.is_in(keyed, value_set=pa.array(list(self.taken), pa.string()))
        seen = seen.to_numpy(zero_copy_only=False)
        keys = keyed.to_numpy(zero_copy_only=False)
        first = np.zeros(len(keys), bool)
        _, where = np.unique(np.where(active, keys, None).astype(str), return_index=True)
        first[where] = True
        clash = active & (seen | ~first)
        if clash.any():
            pair = invented_pair(index[clash], syllables)
            fresh = pc.binary_join_element_wise(prefix.filter(pa.array(clash)), pair, " ")
            out = names.to_numpy(zero_copy_only=False).copy()
            out[clash] = fresh.to_numpy(zero_copy_only=False)
            names = pa.array(out, pa.string())
            keys[clash] = name_keys(pair).to_numpy(zero_copy_only=False)
        self.taken.update(keys[active].tolist())
        self.renamed += int(clash.sum())
        return names


_PREFIX = {k.key: k.prefix for k in KINDS}


def core_of(org: Org) -> str:
    """An organisation's legal name less its kind of body (« Coopérative de solidarité Le Phare »
    → « Le Phare »), as the background's cores are drawn; the whole name for other kinds."""
    prefix = _PREFIX.get(org.kind, "")
    name = org.name
    return name[len(prefix) :].strip() if prefix and name.startswith(prefix + " ") else name
