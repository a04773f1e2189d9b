"""The pair view: per-record fields the clustering's pair guards and its edge ranking read,
read once per record (the guards ask for them on every edge). ``PairView.rank`` orders the rule
edges; ``PairView.apart`` says why an edge would join two bodies; ``PairView.model_allows``
keeps model pairs to compatible names."""

from __future__ import annotations

from collections import namedtuple

import pandas as pd

from esq.entities.compat import (
    compatible_names,
    degenerate_key,
    kinds_conflict,
    name_similarity,
    token_overlap,
)
from esq.entities.doors import SAME, TWO, Doors
from esq.entities.exact import RULES, Link, pair_places
from esq.entities.member_facts import column_texts, effective_families
from esq.entities.name_only import NAME_ONLY, model_name_only
from esq.entities.namesakes import RULE as NAMESAKE_RULE
from esq.entities.register_status import status_rank

_RULE_ORDER = {rule: i for i, (rule, _, _) in enumerate(RULES)}
_DOOR_RULE = "same_postal_civic_compatible_name"
#: Share of the shorter name's words a door rule needs (half is a shared building's word).
_DOOR_OVERLAP = 2 / 3

_Place = namedtuple("_Place", "municipality mrc")  # as ``exact.pair_places`` reads a record


class PairView:
    """Per-member fields the pair guards and the edge ranking read."""

    FIELDS = (
        "name_key",
        "legal_form",
        "source_role",
        "municipality",
        "mrc",
        "register_status",
        "source_id",
    )

    def __init__(
        self,
        involved: pd.DataFrame,
        sites: pd.DataFrame | None = None,
        families: list[str | None] | None = None,
    ):
        # Python objects, not Arrow: Doors reads the records value by value.
        doors = [c for c in ("member", "postal_code", "civic_number") if c in involved]
        self.doors = Doors(involved[doors].astype(object), sites)
        #: listings the town-name rule gives two active registrations or more (namesakes.py)
        self.tied: set[str] = set()
        #: listings naming no kind whose name two active registrations of their town bear
        self.kindless_tied: set[str] = set()
        members = involved.member.astype(object).tolist()
        families = effective_families(involved) if families is None else families
        self.family = dict(zip(members, families, strict=True))
        # Text or None, read once per record: the guards ask for them on every edge.
        texts = {c: column_texts(involved[c]) for c in self.FIELDS if c in involved}
        self.rows = {
            c: dict(zip(members, texts[c], strict=True)) if c in texts else {} for c in self.FIELDS
        }
        self.name_key = self.rows["name_key"]
        self.role = self.rows["source_role"]
        #: struck-off, annulled or absorbed registrations
        self.inactive_records = {
            m for m, s in self.rows["register_status"].items() if status_rank(s)
        }
        # each record's (municipality, MRC) read from the columns, not a dict lookup per record
        nothing = [None] * len(members)
        places = zip(texts.get("municipality", nothing), texts.get("mrc", nothing), strict=True)
        self._place_words = _record_places(members, list(places))
        # every record's kind at once, from the column lists (not four dict lookups a record)
        kinds = zip(
            texts.get("name_key", nothing),
            families,
            texts.get("legal_form", nothing),
            texts.get("source_role", nothing),
            strict=True,
        )
        self._kinds: dict[str, tuple] = dict(zip(members, kinds, strict=True))
        #: Doors.relation of the pairs asked for: a rule edge is ranked, then guarded
        self._relations: dict[tuple[str, str], int] = {}
        #: model_allows of the (kind, kind, place words) asked for
        self._allowed: dict[tuple, bool] = {}

    def get(self, member: str, field: str) -> str | None:
        """The record's ``field`` (one of ``FIELDS``), text or None."""
        return self.rows[field].get(member)

    def kind(self, member: str) -> tuple:
        """(name key, family, legal form, role): what ``compat.kinds_conflict`` compares, once
        per record."""
        kind = self._kinds.get(member)
        if kind is None:
            kind = self._kinds[member] = (
                self.name_key.get(member),
                self.family.get(member),
                self.get(member, "legal_form"),
                self.role.get(member),
            )
        return kind

    def places(self, a: str, b: str) -> frozenset[str]:
        """``exact.pair_places`` of the two records (each record's words computed once)."""
        return self._places(a) | self._places(b)

    def _places(self, member: str) -> frozenset[str]:
        words = self._place_words.get(member)
        if words is None:  # a record outside ``involved``
            words = self._place_words[member] = pair_places(_Place(None, None), None)
        return words

    def relation(self, a: str, b: str) -> int:
        """``Doors.relation`` of the two records, once per pair."""
        relation = self._relations.get((a, b))
        if relation is None:
            relation = self._relations[(a, b)] = self.doors.relation(a, b)
        return relation

    def model_allows(self, a: str, b: str) -> bool:
        """A model pair merges only names the rules would call compatible, of kinds that may be
        one body: an MRC and its tourism office, « CDC Mékinac » and « Coop de Mékinac » share
        only the place; a shared door or website alone never merges names that disagree."""
        # A pure function of the two kinds and the place words: once per distinct key (at 50 000
        # listings × 3 M register names, 134 000 strong pairs hold 64 000 keys).
        key = (self.kind(a), self.kind(b), self.places(a, b))
        allowed = self._allowed.get(key)
        if allowed is None:
            allowed = self._allowed[key] = _allows(*key)
        return allowed

    def inactive(self, link: Link) -> int:
        """1 when the edge takes a struck-off, annulled or absorbed registration."""
        inactive = self.inactive_records
        return int(link.left in inactive or link.right in inactive)

    def rank(self, link: Link) -> tuple:
        """Order of rule edges: the active registration before struck-off or absorbed ones,
        then the one at the listing's door (its head office or one of its sites) before one
        at another door, then by rule, then the closest names (competing registrations: two
        namesakes in one town, two bodies at one door)."""
        a, b = link.left, link.right
        inactive = self.inactive_records  # ``self.inactive`` inlined: once per rule edge
        status = int(a in inactive or b in inactive)
        similarity = name_similarity(self.name_key.get(a), self.name_key.get(b))
        rule = _RULE_ORDER.get(link.rule, len(_RULE_ORDER))
        return (status, self.relation(a, b), rule, -similarity, a, b)

    def apart(self, link: Link) -> str | None:
        """Why two records that an edge would join are two bodies, or None.

        - A source lists an organisation once: two of its records at two doors (or at doors
          not known to agree) are two.
        - A name alone does not join two listings at two doors (a city's two « Le Grenier »),
          nor, whatever the records, a name made only of a place (« CDC Montréal » at 3711
          and at 3842 of their streets).
        - The town-name rule proposing two active registrations or more for a listing (a
          town's namesakes, ``namesakes.py``) links none of them unless the door agrees.
        - A listing naming no kind of body whose name two active registrations of its town
          bear (one of them after a kind phrase: ``namesakes.kindless_ties``) takes neither
          by a name-only edge unless the door agrees.
        - A model pair agreeing on the name alone (no door, phone or website) is a name-only
          edge: the two-doors guards above apply to it.
        - At one door, two listings whose names share only half their words are two bodies
          of one building (« Le Boisé d'Or » and « Coopérative La Source d'Or »); a listing
          and a registration sharing half their words at one door are mostly a trade name
          and the legal name (real hub data), left to the rule.
        """
        a, b = link.left, link.right
        rule = link.rule
        if rule in ("same_neq", "review_match"):
            return None
        # Asked for every edge (165 000 at 50 000 listings × 3 M register names): the names,
        # places and sets are read only by the tests that need them.
        doors = self.relation(a, b)
        name_only = rule in NAME_ONLY or (rule == "model" and model_name_only(link))
        two_doors = name_only and doors == TWO
        if two_doors:
            places = self.places(a, b)
            if degenerate_key(self.name_key.get(a), places) or degenerate_key(
                self.name_key.get(b), places
            ):
                return "place_name_two_doors"
        role = self.role
        if role.get(a) == "register" or role.get(b) == "register":
            if doors != SAME:
                tied, kindless_tied = self.tied, self.kindless_tied
                if rule == NAMESAKE_RULE and (a in tied or b in tied):
                    return "namesakes_in_town"
                if name_only and (a in kindless_tied or b in kindless_tied):
                    return "kind_namesakes_in_town"
            return None
        keys = (self.name_key.get(a), self.name_key.get(b))
        if rule == _DOOR_RULE and 0 < token_overlap(*keys, self.places(a, b)) < _DOOR_OVERLAP:
            return "door_half_name"
        if doors != SAME and self.get(a, "source_id") == self.get(b, "source_id"):
            return "one_source_two_records"
        if two_doors:
            return "name_only_two_doors"
        return None


def _allows(kind_a: tuple, kind_b: tuple, places: frozenset[str]) -> bool:
    """``PairView.model_allows`` of two records' kinds (``PairView.kind``) and place words."""
    if kinds_conflict(kind_a, kind_b, places):
        return False
    return compatible_names(kind_a[0], kind_b[0], kind_a[1], kind_b[1], places)


def _record_places(members: list[str], places: list[tuple]) -> dict[str, frozenset[str]]:
    """Each record's ``exact.pair_places`` words (``places``: its (municipality, MRC), in
    ``members`` order), computed once per distinct place."""
    words = {place: pair_places(_Place(*place), None) for place in set(places)}
    return dict(zip(members, map(words.__getitem__, places), strict=True))
