"""What the supplier linker asks of a candidate pair before the name rule may choose it: the
listings' pair guard with the supplier's locality words left out, the supplier's cut last word
completed, the numbers of both names equal; and the supplier's NEQ when valid."""

from __future__ import annotations

from esq.contracts.name_score import Accept
from esq.contracts.name_variants import name_family
from esq.entities.compat import compatible_names, place_words
from esq.normalise.neq import neq as check_neq


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def valid_neq(value: object) -> str | None:
    """The NEQ when valid, else None."""
    result = check_neq(value)
    return result.value if result.status == "valid" else None


def listing_guard(name: str | None, places: frozenset[str] = frozenset()) -> Accept:
    """The listings' pair guard (:func:`esq.entities.compat.compatible_names`) for this name;
    ``places`` are the words of the supplier's locality, which alone prove nothing."""
    family = name_family(name)
    return lambda key, ref_key, ref_family: compatible_names(
        key, ref_key, family, ref_family, places
    )


def expand_cut(supplier_key: str, reference_key: str) -> str:
    """The supplier key with its last word, when cut (« la frip »), completed from the
    reference word it begins (« la friperie »), so the guard compares whole words."""
    words, ref_words = supplier_key.split(), reference_key.split()
    last = words[-1] if words else ""
    if len(last) < 3 or last in ref_words:
        return supplier_key
    whole = next((w for w in ref_words if w.startswith(last)), None)
    return " ".join([*words[:-1], whole]) if whole else supplier_key


def key_numbers(key: str) -> frozenset[str]:
    """The numbers of a name key (a numbered company's, « Coop 2000 »)."""
    return frozenset(w for w in key.split() if any(ch.isdigit() for ch in w))


def locality_words(localities: object) -> frozenset[str]:
    """The words of the supplier's localities (' | '-separated)."""
    towns = [_text(t) for t in str(localities or "").split(" | ")]
    return frozenset().union(*(place_words(t) for t in towns if t))
