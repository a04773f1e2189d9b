"""Clustering: rule links, reviewed decisions and model scores unioned under cannot-link rules.

Order: same NEQ, reviewed matches, the other rules, then model pairs by falling score. A union
that would put two NEQs, two provinces, two register records, or two records a reviewer said
are different (no_match) in one cluster is refused and counted. A listing whose two best
register candidates (two register records, so two NEQs: the register has one row per NEQ)
score within ``AMBIGUITY_MARGIN`` and ``AMBIGUITY_BITS`` of each other is not linked to either
by the model: it goes to review (``ambiguity.py``). The per-record fields the guards read, the
edge ranking and the guards themselves are in ``pair_view.py``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from esq.cycle_collection import paused_cycle_collection
from esq.entities.ambiguity import ambiguous_pairs
from esq.entities.door_evidence import LATE_RULES as EVIDENCE_RULES
from esq.entities.doors import isin
from esq.entities.exact import Link
from esq.entities.kind_dropped import RULE as KIND_DROPPED_RULE
from esq.entities.member_facts import effective_families, member_facts
from esq.entities.name_only import kindless_rows
from esq.entities.namesakes import kindless_ties, tied_listings
from esq.entities.pair_view import PairView
from esq.entities.place_doors import HALF_DOOR_RULE
from esq.entities.place_doors import RULE as PLACE_DOOR_RULE
from esq.entities.register_status import active_register_names
from esq.entities.union_find import ConstrainedUnionFind

#: Rules tried after the model pairs: they decide only for a listing nothing else joined.
_LATE_RULES = (*EVIDENCE_RULES, KIND_DROPPED_RULE, PLACE_DOOR_RULE, HALF_DOOR_RULE)


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
    #: (``PairView.model_allows``): never merged, shown to a reviewer
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


#: The columns the clustering reads of the touched records (``member_facts``, ``PairView``,
#: ``name_only.kindless_rows``): the others are not copied for each touched row.
_COLUMNS = (
    "member",
    "neq",
    "neq_status",
    "source_role",
    "postal_code",
    "civic_number",
    "region_code",
    "legal_form",
    "name_family",
    "name_key",
    "municipality",
    "municipality_code",
    "mrc",
    "register_status",
    "source_id",
)


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
    with paused_cycle_collection():
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
    # an Arrow hash lookup over the register's millions of members, not pandas' isin
    is_touched = isin(listings.member, touched)
    # Python objects once: member_facts, PairView and Doors each read these columns as Python
    # lists, and an Arrow string column's conversion was paid once per reader.
    involved = listings[[c for c in _COLUMNS if c in listings]][is_touched].astype(object)
    # A reviewed no_match is a cannot-link: refused on the direct edge and on any chain.
    families = effective_families(involved)
    uf = ConstrainedUnionFind(
        member_facts(involved, families),
        [pair for pair, d in decisions.items() if d == "no_match"],
    )
    view = PairView(involved, sites, families)
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
    active_names = active_register_names(listings, view, edges)
    registers = {m for m, register in is_register.items() if register}
    view.tied = tied_listings(
        edges,
        registers.__contains__,  # a set lookup, not a lambda and two dict reads per record
        lambda m: m not in view.inactive_records,  # status_rank(register_status) == 0
    )
    view.kindless_tied = kindless_ties(listings, kindless_rows(involved, view, edges))
    members = listings.member.to_numpy(dtype=object)
    positions = np.flatnonzero(is_touched)
    out = Clustering([], members, positions, members[positions], Counter(), ambiguous, guarded)
    kept: list[Link] = []
    later: list[Link] = []  # edges taking an inactive registration: after every other
    inactive = view.inactive_records  # ``view.inactive`` inlined: a set lookup per edge
    for edge in edges:
        reason = view.apart(edge)
        if reason is not None:
            out.refused[reason] += 1
        elif edge.rule in ("same_neq", "review_match") or not (
            edge.left in inactive or edge.right in inactive
        ):
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
