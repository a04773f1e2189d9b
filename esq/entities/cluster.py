"""Clustering: rule links, reviewed decisions and model scores unioned under cannot-link rules.

Order: same NEQ, reviewed matches, the other rules, then model pairs by falling score. A union
that would put two NEQs, two provinces, two register records, or two records a reviewer said
are different (no_match) in one cluster is refused and counted. A listing whose two best
register candidates (two register records, so two NEQs: the register has one row per NEQ)
score within ``AMBIGUITY_MARGIN`` and ``AMBIGUITY_BITS`` of each other is not linked to either
by the model: it goes to review.
"""

from __future__ import annotations

import gc
from collections import Counter, namedtuple
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from esq.entities.compat import (
    compatible_names,
    degenerate_key,
    effective_family,
    form_class,
    kinds_conflict,
    name_similarity,
    province_of,
    token_overlap,
)
from esq.entities.door_evidence import LATE_RULES as EVIDENCE_RULES
from esq.entities.doors import SAME, TWO, Doors
from esq.entities.exact import RULES, Link, pair_places
from esq.entities.kind_dropped import RULE as KIND_DROPPED_RULE
from esq.entities.namesakes import RULE as NAMESAKE_RULE
from esq.entities.namesakes import kindless_ties, tied_listings
from esq.entities.place_doors import HALF_DOOR_RULE
from esq.entities.place_doors import RULE as PLACE_DOOR_RULE
from esq.entities.town_names import RULE as TOWN_RULE
from esq.entities.union_find import ConstrainedUnionFind, Facts

AMBIGUITY_MARGIN = 0.05
#: ... and within this many bits of match weight (log2 odds). Scores saturate near 1 at
#: register size: 0.999999 (name, door and town agree) and 0.988 (name and town only, one of
#: a dozen namesakes of the town) differ by 0.012 but by 13 bits, a likelihood ratio of 8 000.
AMBIGUITY_BITS = 5.0


def match_weight(score: float | np.ndarray) -> float | np.ndarray:
    """log2 of the odds of a match probability, of one score or an array of them (clipped:
    Splink rounds strong pairs to 1)."""
    p = np.clip(score, 1e-15, 1 - 2**-50)
    return np.log2(p / (1 - p))


@dataclass
class Clustering:
    """The clusters as arrays over the listings: ``members`` (every row's member key, in
    listings order), ``positions`` (the rows some evidence touched) and ``roots`` (their
    cluster label, the smallest member of the cluster); every other row is a cluster of its
    own, labelled by its member. No per-record Python object for the untouched rows: at
    register size they are millions."""

    links: list[Link]
    members: np.ndarray
    positions: np.ndarray
    roots: np.ndarray
    refused: Counter = field(default_factory=Counter)
    ambiguous: set[tuple[str, str]] = field(default_factory=set)
    #: model pairs at or above ``auto`` whose name agreed but that the names guard refused
    #: (``_PairView.model_allows``): never merged, shown to a reviewer
    guarded: set[tuple[str, str]] = field(default_factory=set)

    def labels(self) -> np.ndarray:
        """Every row's cluster label."""
        labels = self.members.copy()
        labels[self.positions] = self.roots
        return labels

    @property
    def clusters(self) -> dict[str, list[str]]:
        """Label -> sorted member keys of every cluster (for small inputs and tests)."""
        out: dict[str, list[str]] = {}
        pairs = zip(self.labels().tolist(), self.members.tolist(), strict=True)
        for label, member in sorted(pairs):
            out.setdefault(label, []).append(member)
        return out


_FactRow = namedtuple("_FactRow", "member neq neq_status source_role postal_code region_code")


def member_facts(
    listings: pd.DataFrame, families: list[str | None] | None = None
) -> dict[str, Facts]:
    """NEQ (valid or from the register), province, register flag, family and legal-form class
    of each member; ``families``: ``_families(listings)``, when the caller has it already."""
    facts = {}
    cols = ["member", "neq", "neq_status", "source_role", "postal_code", "region_code"]
    forms = listings.legal_form if "legal_form" in listings else [None] * len(listings)
    # A column at a time as Python lists (an Arrow column read value by value is slow).
    values = (listings[c].astype(object).tolist() for c in cols)
    for row, family, form in zip(
        map(_FactRow._make, zip(*values, strict=True)),
        _families(listings) if families is None else families,
        _values(forms),
        strict=True,
    ):
        register = row.source_role == "register"
        neq = (
            row.neq
            if isinstance(row.neq, str) and (register or row.neq_status == "valid")
            else None
        )
        # A listing that gives its NEQ takes the register's legal form with it: the form it
        # states itself does not hold the pair apart (hubs label a co-op « OBNL » by mistake).
        facts[row.member] = Facts(
            neq,
            province_of(row.postal_code, row.region_code),
            register,
            family,
            form_class(form) if register or neq is None else None,
        )
    return facts


def _families(listings: pd.DataFrame) -> list[str | None]:
    """Each record's family, corrected by its register legal form (``effective_family``)."""
    form = listings.legal_form if "legal_form" in listings else [None] * len(listings)
    columns = (listings.name_family, form, listings.source_role)
    return [
        effective_family(f, lf, role)
        for f, lf, role in zip(*(_values(c) for c in columns), strict=True)
    ]


def _values(column: pd.Series | list) -> list:
    """A column's values as a Python list, a column at a time."""
    return column.astype(object).tolist() if isinstance(column, pd.Series) else list(column)


#: Register status ranks: the active registration first, then the others (struck off,
#: annulled, absorbed).
def _status_rank(status: object) -> int:
    return 0 if status == "IM" or not isinstance(status, str) else 1


def _texts(column: pd.Series) -> list[str | None]:
    """The column's values, text or None (one Python list: an Arrow column read value by
    value is slow)."""
    return [v if isinstance(v, str) else None for v in column.astype(object).tolist()]


_Place = namedtuple("_Place", "municipality mrc")  # as ``exact.pair_places`` reads a record


class _PairView:
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
        families = _families(involved) if families is None else families
        self.family = dict(zip(members, families, strict=True))
        # Text or None, read once per record: the guards ask for them on every edge.
        self.rows = {
            c: dict(zip(members, _texts(involved[c]), strict=True)) if c in involved else {}
            for c in self.FIELDS
        }
        self.name_key = self.rows["name_key"]
        self.role = self.rows["source_role"]
        #: struck-off, annulled or absorbed registrations
        self._inactive = {m for m, s in self.rows["register_status"].items() if _status_rank(s)}
        self._place_words = self._record_places(members)
        self._kinds: dict[str, tuple] = {}
        #: Doors.relation of the pairs asked for: a rule edge is ranked, then guarded
        self._relations: dict[tuple[str, str], int] = {}

    def _record_places(self, members: list[str]) -> dict[str, frozenset[str]]:
        """Each record's ``exact.pair_places`` words, computed once per (municipality, MRC)."""
        towns, mrcs = self.rows["municipality"], self.rows["mrc"]
        by_place: dict[tuple, frozenset[str]] = {}
        out = {}
        for m in members:
            place = (towns.get(m), mrcs.get(m))
            words = by_place.get(place)
            if words is None:
                words = by_place[place] = pair_places(_Place(*place), None)
            out[m] = words
        return out

    def get(self, member: str, field: str) -> str | None:
        return self.rows[field].get(member)

    def kind(self, member: str) -> tuple:
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
        places = self.places(a, b)
        if kinds_conflict(self.kind(a), self.kind(b), places):
            return False
        return compatible_names(
            self.name_key.get(a),
            self.name_key.get(b),
            self.family.get(a),
            self.family.get(b),
            places,
        )

    def inactive(self, link: Link) -> int:
        """1 when the edge takes a struck-off, annulled or absorbed registration."""
        return int(link.left in self._inactive or link.right in self._inactive)

    def rank(self, link: Link) -> tuple:
        """Order of rule edges: the active registration before struck-off or absorbed ones,
        then the one at the listing's door (its head office or one of its sites) before one
        at another door, then by rule, then the closest names (competing registrations: two
        namesakes in one town, two bodies at one door)."""
        a, b = link.left, link.right
        status = self.inactive(link)
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
        if link.rule in ("same_neq", "review_match"):
            return None
        doors = self.relation(a, b)
        keys = (self.name_key.get(a), self.name_key.get(b))
        name_only = link.rule in _NAME_ONLY or _model_name_only(link)
        two_doors = name_only and doors == TWO
        if two_doors and any(degenerate_key(k, self.places(a, b)) for k in keys):
            return "place_name_two_doors"
        if "register" in (self.role.get(a), self.role.get(b)):
            if link.rule == NAMESAKE_RULE and doors != SAME and {a, b} & self.tied:
                return "namesakes_in_town"
            if name_only and doors != SAME and {a, b} & self.kindless_tied:
                return "kind_namesakes_in_town"
            return None
        if link.rule == _DOOR_RULE and 0 < token_overlap(*keys, self.places(a, b)) < _DOOR_OVERLAP:
            return "door_half_name"
        if doors != SAME and self.get(a, "source_id") == self.get(b, "source_id"):
            return "one_source_two_records"
        if two_doors:
            return "name_only_two_doors"
        return None


_RULE_ORDER = {rule: i for i, (rule, _, _) in enumerate(RULES)}
#: Rules tried after the model pairs: they decide only for a listing nothing else joined.
_LATE_RULES = (*EVIDENCE_RULES, KIND_DROPPED_RULE, PLACE_DOOR_RULE, HALF_DOOR_RULE)
_DOOR_RULE = "same_postal_civic_compatible_name"
#: Share of the shorter name's words a door rule needs (half is a shared building's word).
_DOOR_OVERLAP = 2 / 3
#: What a model pair may agree on and still be a name alone (no door, phone or website).
_NAME_FIELDS = frozenset({"name", "family", "place"})


def _model_name_only(link: Link) -> bool:
    """A model pair whose agreement is the name (family, town) alone: the rules' name-only
    guards apply to it (a town's two « Le Tournesol » at two doors are two)."""
    return link.rule == "model" and _name_fields_only(link.agreeing_fields)


@lru_cache(maxsize=256)  # at most 64 combinations of the model's fields
def _name_fields_only(agreeing_fields: str) -> bool:
    return set(agreeing_fields.split(",")) <= _NAME_FIELDS


#: Rules that join on a name (and a place) alone, with no contact or address agreement.
_NAME_ONLY = frozenset(
    {
        "same_name_municipality",
        "same_name_region_unique",
        "same_core_name_region_unique",
        TOWN_RULE,
    }
)


def ambiguous_pairs(
    pairs: pd.DataFrame, is_register: dict[str, bool], auto: float
) -> set[tuple[str, str]]:
    """Model pairs of a listing with register records that it cannot tell apart: per listing,
    the best and those within ``AMBIGUITY_MARGIN`` of its score and ``AMBIGUITY_BITS`` of its
    weight, when there are two or more (group-bys over the strong pairs, no loop per listing)."""
    strong = pairs[pairs.score >= auto]
    left = np.fromiter((is_register.get(m, False) for m in strong.left), bool, len(strong))
    right = np.fromiter((is_register.get(m, False) for m in strong.right), bool, len(strong))
    mixed = left != right
    score = strong.score.to_numpy(dtype="float64")[mixed]
    frame = pd.DataFrame(
        {
            "listing": np.where(left, strong.right, strong.left)[mixed],
            "register": np.where(left, strong.left, strong.right)[mixed],
            "score": score,
            "weight": match_weight(score),
        }
    )
    best = frame.groupby("listing").score.transform("max")
    floor = match_weight(best.to_numpy(dtype="float64")) - AMBIGUITY_BITS
    keep = (frame.score >= best - AMBIGUITY_MARGIN).to_numpy() & (frame.weight > floor).to_numpy()
    close = frame[keep]
    close = close[close.groupby("listing").listing.transform("size").to_numpy() > 1]
    return {(min(a, b), max(a, b)) for a, b in zip(close.listing, close.register, strict=True)}


def _active_register_names(listings: pd.DataFrame, view: _PairView, edges: list[Link]) -> set:
    """Name keys of the inactive registrations some edge would take that an active registration
    of the whole register also holds (vectorised: the register may have millions of rows)."""
    wanted = {
        view.name_key.get(m)
        for edge in edges
        if view.inactive(edge)
        for m in (edge.left, edge.right)
        if view.role.get(m) == "register"
    } - {None}
    if not wanted or "register_status" not in listings:
        return set()
    # The few rows of those names first, then their role and status (not the whole register's).
    named = listings.name_key.isin(wanted).to_numpy(dtype=bool, na_value=False)
    rows = listings[["source_role", "register_status", "name_key"]].iloc[np.flatnonzero(named)]
    status = rows.register_status
    active = (rows.source_role == "register") & (status.isna() | (status == "IM"))
    return set(rows.name_key[active])


def _members_in(column: pd.Series, members: set[str]) -> np.ndarray:
    """``column.isin(members)`` as a NumPy mask; a column of Python strings (``member``) is
    looked up in Arrow: twice as fast on millions of rows."""
    if column.dtype != object or not members:
        return column.isin(members).to_numpy(dtype=bool, na_value=False)
    values = pa.array(column.to_numpy(), type=pa.string(), from_pandas=True)
    found = pc.is_in(values, value_set=pa.array(list(members), type=pa.string()))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cyclic garbage collector paused: the clustering allocates a few objects per edge
    (hundreds of thousands of tuples, links and sets, no cycles), and each collection would
    walk every object the process holds (the rule stage's too). Reference counting still
    frees them; the previous state is restored."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _kindless(involved: pd.DataFrame, view: _PairView, edges: list[Link]) -> pd.DataFrame:
    """Rows of the listings that name no kind of body and that a name-only edge would join to
    a registration (``member``, ``name_key``, ``municipality_code``)."""
    register = lambda m: view.get(m, "source_role") == "register"  # noqa: E731
    wanted = {
        m
        for lk in edges
        if lk.rule in _NAME_ONLY or _model_name_only(lk)
        for m, other in ((lk.left, lk.right), (lk.right, lk.left))
        if register(other) and not register(m) and view.family.get(m) is None
    }
    columns = ["member", "name_key", "municipality_code"]
    if not wanted or "municipality_code" not in involved:
        return pd.DataFrame(columns=columns)
    return involved.loc[involved.member.isin(wanted).to_numpy(), columns]


def cluster(
    listings: pd.DataFrame,
    rule_links: list[Link],
    pairs: pd.DataFrame,
    auto: float,
    decisions: dict[tuple[str, str], str] | None = None,
    sites: pd.DataFrame | None = None,
) -> Clustering:
    """Cluster members (``listings`` carries ``member``) from every kind of evidence;
    ``sites`` (the register's establishments, with ``member``) are more doors of their
    register records."""
    with _no_cycle_collection():
        return _cluster(listings, rule_links, pairs, auto, decisions, sites)


def _cluster(
    listings: pd.DataFrame,
    rule_links: list[Link],
    pairs: pd.DataFrame,
    auto: float,
    decisions: dict[tuple[str, str], str] | None,
    sites: pd.DataFrame | None,
) -> Clustering:
    decisions = decisions or {}
    # Only records some evidence touches enter the union-find; the rest stay singletons
    # (a 3-million-row register is mostly untouched).
    touched = {m for lk in rule_links for m in (lk.left, lk.right)}
    touched |= set(pairs.left) | set(pairs.right) if len(pairs) else set()
    touched |= {m for pair in decisions for m in pair}
    is_touched = _members_in(listings.member, touched)
    involved = listings[is_touched]
    # A reviewed no_match is a cannot-link: refused on the direct edge and on any chain.
    families = _families(involved)
    uf = ConstrainedUnionFind(
        member_facts(involved, families),
        [pair for pair, d in decisions.items() if d == "no_match"],
    )
    view = _PairView(involved, sites, families)
    is_register = {m: role == "register" for m, role in view.role.items()}
    # A listing's candidates are those the model may merge: a clearly better one it may not
    # (the foundation at the listing's door) must not hand the listing to the runner-up.
    strong = pairs[pairs.score >= auto]
    named = ["name" in f.split(",") for f in strong.agreeing_fields.astype(object).tolist()]
    both = list(zip(strong.left.tolist(), strong.right.tolist(), strict=True))
    allowed = [n and view.model_allows(a, b) for (a, b), n in zip(both, named, strict=True)]
    # the name agreed, the guard said no: not merged, but a reviewer sees the pair
    guarded = {p for p, n, ok in zip(both, named, allowed, strict=True) if n and not ok}
    mergeable = pd.Series(allowed, index=strong.index, dtype=bool)
    ambiguous = ambiguous_pairs(strong[mergeable], is_register, auto)
    edges: list[Link] = [lk for lk in rule_links if lk.rule == "same_neq"]
    edges += [
        Link(a, b, "review_match", None, "reviewed")
        for (a, b), d in sorted(decisions.items())
        if d == "match" and a in uf.parent and b in uf.parent
    ]
    late = [lk for lk in rule_links if lk.rule in _LATE_RULES]  # door_evidence.py: last
    ranked = (lk for lk in rule_links if lk.rule != "same_neq" and lk.rule not in _LATE_RULES)
    edges += sorted(ranked, key=view.rank)
    # Organisations share buildings, switchboards and websites: without some agreement on the
    # name the model never merges on its own (the pair goes to review): the mergeable pairs.
    model = strong[mergeable.to_numpy()].sort_values(
        ["score", "left", "right"], ascending=[False, True, True]
    )
    edges += [
        Link(p.left, p.right, "model", float(p.score), p.agreeing_fields)
        for p in model.itertuples(index=False)
        if (p.left, p.right) not in ambiguous
    ]
    edges += late
    # Competing registrations: every edge to an active registration is tried before any edge
    # to a struck-off or absorbed one, and a name edge never takes an inactive registration
    # whose name an active one holds (a namesake, or the organisation's former registration).
    active_names = _active_register_names(listings, view, edges)
    view.tied = tied_listings(
        edges,
        lambda m: view.role.get(m) == "register",
        lambda m: _status_rank(view.get(m, "register_status")) == 0,
    )
    view.kindless_tied = kindless_ties(listings, _kindless(involved, view, edges))
    members = listings.member.to_numpy(dtype=object)
    positions = np.flatnonzero(is_touched)
    out = Clustering([], members, positions, members[positions], Counter(), ambiguous, guarded)
    kept: list[Link] = []
    later: list[Link] = []  # edges taking an inactive registration: after every other
    for edge in edges:
        reason = view.apart(edge)
        if reason is not None:
            out.refused[reason] += 1
        elif edge.rule in ("same_neq", "review_match") or not view.inactive(edge):
            kept.append(edge)
        elif any(
            view.role.get(m) == "register" and view.name_key.get(m) in active_names
            for m in (edge.left, edge.right)
        ):
            out.refused["inactive_namesake_of_active"] += 1
        else:
            later.append(edge)
    for edge in kept + later:
        joined = uf.join(edge.left, edge.right)
        if isinstance(joined, str):
            out.refused[joined] += 1
        elif joined:
            out.links.append(edge)
    out.roots = np.array([uf.find(m) for m in out.roots.tolist()], dtype=object)
    return out
