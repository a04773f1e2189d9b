"""A supplier named with the short form of its kind of body where its enterprise is named with the
full one, or the other way round: « Habitations Le Grenier » for « Société d'habitation
communautaire Le Grenier », « Comptoir alimentaire La Coccinelle » for the listed « Comptoir La
Coccinelle ».

Hubs and buyers shorten a kind phrase the name keys keep (:func:`esq.normalise.names.name_key`
folds « Coopérative », « CPE »… away, not these): the two names then share their own words
only, the kind's words weigh as much, and the enterprise scores in the review band or is not
even among the candidates. :func:`other_form` gives the name with the kind phrase in its other
form; the linker takes the enterprise that bears that other form exactly when the town confirms
it (:meth:`esq.contracts.supplier_link.SupplierLinker.link_one`): « Habitations X » is also how
builders are named, and only the town says the supplier is the housing society of that name.
The short forms expanded everywhere as name variants (:data:`esq.contracts.name_variants.
SHORT_FORMS`: « CAB », « MDJ », « Tourisme ») are not repeated here. Hard worlds v6 (small
seeds 1–5, medium, large), relinked: 5 rows linked, all right (164 k$ of Montréal's 1.9 M$ on
seed 1), 2 more linked to the candidate they are. « ACH X » spelt out as a name variant was tried
and dropped: 1 row right on the large world, but ties between social economy enterprises that
counted gained candidates and stopped counting (WAPE .026 → .029).
"""

from __future__ import annotations

from esq.normalise.text import fold

#: Short form → full kind phrase, folded (accents and case aside).
KIND_SHORT_FORMS = {
    "habitations": "societe d'habitation communautaire",
    "comptoir": "comptoir alimentaire",
}
#: An article a name may open with before the short form (« Les Habitations Le Grenier »).
_ARTICLES = ("les ", "le ", "la ")


def other_form(name: object) -> str | None:
    """``name`` with its leading kind phrase in its other form (short ↔ full), folded; None when
    it opens with none, or nothing follows it."""
    if not isinstance(name, str):
        return None
    text = " ".join(fold(name).replace("\u2019", "'").split())
    for short, full in KIND_SHORT_FORMS.items():
        if text.startswith(full + " "):
            rest = text[len(full) + 1 :]
            return f"{short} {rest}" if rest.strip() else None
    bare = next((text[len(a) :] for a in _ARTICLES if text.startswith(a)), text)
    first, _, rest = bare.partition(" ")
    if first in KIND_SHORT_FORMS and rest.strip() and not rest.startswith("alimentaire"):
        return f"{KIND_SHORT_FORMS[first]} {rest}"
    return None
