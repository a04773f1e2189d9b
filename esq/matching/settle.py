"""What a user's list adds to the linker's answer for each distinct supplier of the list, in
this order:

1. a tie the linker broke on weak evidence, held for review when the row's own place is
   elsewhere than the enterprise chosen (:func:`esq.matching.ties.elsewhere`);
2. the one enterprise at the row's postal code (else in its town, on stricter terms) that its
   name names (:class:`esq.matching.site.Sites`, method ``name_place``) takes the row when
   the linker left it, when it linked it by name to an enterprise at another code (in another
   town), or when the row went to a candidate and that enterprise is a listing without NEQ
   whose names agree with the candidate's: the entity resolution left them apart;
3. a NEQ is one supplier: rows left unlinked whose NEQ other rows of the list were linked
   under by name take that enterprise, when those all chose the same one — the contracts
   table's rule (:func:`esq.contracts.table.one_link_per_neq`, one implementation): a city's
   file holds « 9182-7120 Québec inc. » and its trade name under one NEQ;
4. a tie left is broken by the row's place (:func:`esq.matching.ties.break_tie`,
   method ``name_place``) — not for a name ending with a company's legal form (« ltée »,
   « enr. »): on the large hard world « Transport Le Carrefour ltée » tied with the
   « Transport adapté Le Carrefour » of several towns, and its town chose one; nor for a tie
   of names that are not the same word for word (a score under 1.0), where the place would
   be the only evidence that the name is right (« Transport Le Carrefour inc. »: large hard
   world, 3 wrong links fewer, 1 right fewer on medium — v3 lists);
5. a cut name left unlinked is completed by the row's place (:mod:`esq.matching.cut`, method
   ``name_place``).

Links are one dict per distinct supplier key (name, NEQ, town, postal code, buyer's town).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from esq.contracts import table as contract_table
from esq.contracts.supplier_evidence import town_key
from esq.contracts.supplier_link import SupplierLinker
from esq.contracts.table import supplier_ref
from esq.matching.agree import COMPANY, names_agree
from esq.matching.cut import CutLookup
from esq.matching.site import Sites
from esq.matching.ties import METHOD as TIE_METHOD
from esq.matching.ties import Info, break_tie, elsewhere, tied_ids, weakly_decided
from esq.normalise.neq import neq as check_neq
from esq.normalise.postal import postal_code
from esq.normalise.text import fold

LINK_FIELDS = ("enterprise_id", "link_method", "link_score", "link_detail", "candidates")
Key = tuple[str | None, str | None, str | None, str | None, str | None]


def _valid_neq(value: str | None) -> str | None:
    checked = check_neq(value) if value else None
    return checked.value if checked is not None and checked.status == "valid" else None


def held_if_elsewhere(row: dict, linker: SupplierLinker, info: Info, key: Key) -> dict:
    """Step 1: the row for review, with the enterprises tied on the name, or as it was."""
    name, neq, place, postal, _ = key
    linked, detail = row.get("enterprise_id"), row.get("link_detail")
    if not (linked and weakly_decided(row) and elsewhere(linked, info, place, postal)):
        return row
    found = linker.candidates(name, _valid_neq(neq), place)
    best = found[0].score if found else 0.0
    within = [c.ref for c in found if best - c.score <= linker.margin]
    return {**row, "enterprise_id": None, "link_method": "review",
            "link_detail": f"{detail}; the supplier's place is elsewhere", "tie_broken_by": None,
            "candidates": " | ".join(dict.fromkeys([linked, *within]))}  # fmt: skip


def at_site(row: dict, sites: Sites, info: Info, key: Key) -> dict:
    """Step 2: the row linked to the one enterprise its postal code (else its town) and its
    name agree on, or as it was."""
    if row.get("link_method") == "person":  # a natural person is never linked, at any door
        return row
    name, neq, place, postal, _ = key
    linked, valid = row.get("enterprise_id"), _valid_neq(neq)
    there = (info(linked) or {}) if linked else {}
    levels = (("postal_code", postal_code(postal), postal, sites.named),
              ("municipality", town_key(place), place, sites.named_in_town))  # fmt: skip
    for field, value, given, find in levels:
        if not value or (linked and not _open(row, there, field, value)):
            continue
        chosen = find(name, given, valid)
        if not chosen or chosen == linked:
            continue
        if linked and _closed(row, there, field) and not _listing_of(there, chosen, sites, info):
            continue
        detail = f"{'postal code' if field == 'postal_code' else 'town'} {given}: "
        detail += "the one enterprise there this name names"
        if row.get("link_detail"):
            detail = f"{row['link_detail']}; {detail}"
        return {**row, "enterprise_id": chosen, "link_method": TIE_METHOD,
                "link_detail": detail, "candidates": None}  # fmt: skip
    return row


def _listing_of(registration: Mapping, chosen: str, sites: Sites, info: Info) -> bool:
    """``chosen`` may stand for a candidate's ``registration``: a listing without NEQ whose
    names agree with the registration's own name."""
    mine = info(chosen) or {}
    if mine.get("neq") or _candidate(mine):
        return False
    return names_agree(str(registration.get("name")), sites.names(chosen), frozenset())


def _candidate(record: Mapping) -> bool:
    return record.get("social_economy_basis") == "candidate"


def _known(record: Mapping, field: str) -> str | None:
    value = record.get(field)
    return postal_code(value) if field == "postal_code" else town_key(value)


def _closed(row: dict, there: Mapping, field: str) -> bool:
    """A link the row's place does not reopen: by NEQ, or to an enterprise whose place
    (postal code or town) is unknown."""
    return row.get("link_method") == "neq" or not _known(there, field)


def _open(row: dict, there: Mapping, field: str, value: str) -> bool:
    """The linked enterprise may give way: it is elsewhere than the row's place, or it is a
    candidate (which only a listing without NEQ may stand for)."""
    if _closed(row, there, field):
        return _candidate(there)
    return _known(there, field) != value


def one_link_per_neq(links: dict[str, dict], keys: dict[Key, str]) -> dict[str, dict]:
    """Step 2 over every distinct supplier (``keys``: supplier key -> ref of its link)."""
    unit_ref = {ref: supplier_ref(_valid_neq(k[1]), k[0]) for k, ref in keys.items()}
    count = Counter(u for u in unit_ref.values() if u.startswith("neq:"))
    shared = [ref for ref, u in unit_ref.items() if count[u] > 1]
    if not shared:
        return links  # no NEQ is shared by two suppliers of the list
    frame = pd.DataFrame([{"supplier_ref": ref, **links[ref]} for ref in shared])
    for col in LINK_FIELDS:
        if col not in frame:
            frame[col] = None
    frame = contract_table.one_link_per_neq(frame, unit_ref)
    settled = {
        r.pop("supplier_ref"): {k: v for k, v in r.items() if v is not None and v == v}
        for r in frame.to_dict("records")
    }
    return {**links, **settled}


def placed(row: dict, info: Info, key: Key, cut: CutLookup, neq_of: dict) -> dict:
    """Steps 3 and 4: the tie, or the cut name, settled by the row's place; else the row."""
    name, neq, place, postal, _ = key
    if COMPANY.search(fold(name or "").lower()):
        return row  # « Transport Le Carrefour ltée » is no « Transport adapté Le Carrefour »
    detail = row.get("link_detail")
    tied = tied_ids(detail, row.get("candidates"))
    score = row.get("link_score")
    if isinstance(score, int | float) and score < 1.0:
        tied = []  # a fuzzy tie: the place would be the only evidence that the name is right
    chosen = break_tie(tied, info, place, postal) if tied else None
    if chosen:
        return {**row, "enterprise_id": chosen, "link_method": TIE_METHOD,
                "link_detail": f"{detail}; place agrees: {chosen}"}  # fmt: skip
    if row.get("enterprise_id") or row.get("link_method") not in ("review", "no_match"):
        return row
    if not (place or postal):
        return row
    begun = cut.begun(name)
    if _valid_neq(neq):  # two NEQs never link
        begun = [e for e in begun if not neq_of.get(e)]
    chosen = break_tie(begun, info, place, postal) if len(begun) > 1 else None
    if not chosen:
        return row
    detail = f"cut name begins {len(begun)} names; place agrees: {chosen}"
    return {**row, "enterprise_id": chosen, "link_method": TIE_METHOD, "candidates": None,
            "link_detail": detail}  # fmt: skip
