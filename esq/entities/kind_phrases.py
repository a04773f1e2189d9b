"""Names of one kind of body that name two different bodies (issue 12, shared buildings).

The name parser strips the family phrases it knows (« Coopérative de solidarité », « CPE »,
« CDC », « Fondation »…) from the name key, but a kind phrase it does not know stays in the key:
« Maison des jeunes L'Escale » and « Maison des jeunes Le Trait d'union » share « maison »,
« jeunes » — half of the shorter name — and so had a « compatible » name. At one door (a shared
building: a « maison des organismes », a community centre housing several groups) the door rule
then merged two bodies, and the wrong NEQ spread to both (hard worlds: « Centre d'action
bénévole Le Tremplin bleu » took « CAB Sainte-Anne » and left the CAB's own registration a
candidate apart).

:func:`cores_disagree` reads the kind phrase apart: two names that open with the same kind phrase
are one body only if what follows shares a word. ``compat.compatible_names`` asks it first, so
the phone, website and door rules, the clustering's model guard (a model pair at one door:
« Comptoir alimentaire Le Sentier des Berges » / « Comptoir alimentaire de Saint-Apollinaire »)
and the supplier linker's name guard all read it. It only ever says « these names disagree »; it
never makes two names compatible.
"""

from __future__ import annotations

from functools import lru_cache

from esq.entities.compat import STOPWORDS, _close  # the typo test the name rules use

#: Kind phrases as name keys write them (folded, no punctuation) → the kind they name. Short
#: forms hubs use map to the same kind (« Habitations X » for « Société d'habitation
#: communautaire X », « Tourisme X » for « Corporation touristique X »).
KIND_PHRASES: dict[str, str] = {
    "centre d action benevole": "cab",
    "maison des jeunes": "mdj",
    "maison de jeunes": "mdj",
    "comptoir alimentaire": "comptoir",
    "comptoir": "comptoir",
    "societe d habitation communautaire": "habitation",
    "habitations": "habitation",
    "corporation touristique": "tourisme",
    "tourisme": "tourisme",
    "transport adapte": "transport-adapte",
    "association chasse et peche": "chasse-peche",
    "entreprise d insertion": "insertion",
    "ressourcerie": "ressourcerie",
    "theatre": "theatre",
    "cafe": "cafe",
    "maison de la famille": "maison-famille",
    "carrefour jeunesse emploi": "cje",
    "centre de femmes": "centre-femmes",
    "cuisine collective": "cuisine-collective",
    "banque alimentaire": "banque-alimentaire",
}
#: Phrases by first word, longest first (a name opens with at most one).
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _kind in sorted(KIND_PHRASES.items(), key=lambda item: -len(item[0].split())):
    _BY_FIRST.setdefault(_phrase.split()[0], []).append((tuple(_phrase.split()), _kind))


@lru_cache(maxsize=1 << 16)
def kind_and_core(name_key: str | None) -> tuple[str | None, str]:
    """The kind phrase a name key opens with (leading articles aside) and the words after it;
    (None, the key) when it opens with none."""
    if not isinstance(name_key, str):
        return None, ""
    words = name_key.split()
    start = 0
    while start < len(words) and words[start] in STOPWORDS:
        start += 1
    for phrase, kind in _BY_FIRST.get(words[start] if start < len(words) else "", ()):
        if tuple(words[start : start + len(phrase)]) == phrase:
            return kind, " ".join(words[start + len(phrase) :])
    return None, name_key


def cores_disagree(key_a: str | None, key_b: str | None) -> bool:
    """Both names open with one kind phrase, the rest of each names something (not only
    stopwords), and the rests share no word (none exactly, none within a typo): two bodies of
    one kind, not one body."""
    kind_a, core_a = kind_and_core(key_a)
    kind_b, core_b = kind_and_core(key_b)
    if kind_a is None or kind_a != kind_b:
        return False
    words_a, words_b = set(core_a.split()) - STOPWORDS, set(core_b.split()) - STOPWORDS
    if not words_a or not words_b or words_a & words_b:
        return False
    # Places and generic words count here (« de Québec » is « de Québec »): the rests only
    # have to share something; a typo is one word shared.
    return not any(_close(w, v) for w in words_a for v in words_b)
