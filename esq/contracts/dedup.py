"""When a Montréal dataset row and a SEAO row are the same contract, so it is counted once.

Montréal publishes its council/committee/officials contracts itself *and* on SEAO (25 000 $ and
more). :func:`same_contract` is the rule, pure and symmetric:

1. different sources, and both buyers resolved to the same city;
2. suppliers agree: when both rows carry a NEQ, the NEQs are equal (and that is enough);
   otherwise :func:`name_key` of both names is equal and non-empty, and the legal forms the
   names state are not of different kinds (:func:`legal_kinds`: « Transport X inc. » and
   « Transport X S.E.N.C. » are two legal persons, a company and a partnership; a name
   without a legal form, or « inc. » against « ltée », agrees);
3. amounts agree: some amount of one row (awarded or final) is within ``tolerance``
   (default 1 %) of some amount of the other — Montréal's council amounts are whole dollars
   and may be the awarded or the final value. A SEAO row of a joint award (one award, several
   suppliers) carries its share of the award; its amounts times ``supplier_count`` (the whole
   award, which Montréal publishes under one supplier) are compared too;
4. dates agree: both dates are known and at most ``max_days`` (default 60) apart — council
   signature, officials' approval and SEAO award dates differ by days to weeks.

A row without a date is never matched (the 2014-2015 officials file has none): the rule
prefers counting a contract twice to dropping a distinct one. Precision is to be measured on
real data (issue 7); these defaults are a starting point, not a measured optimum.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from esq.contracts.rows import ContractRow

# legal-form words and articles dropped from supplier names before comparison
_NOISE = {
    "INC", "INCORPOREE", "LTEE", "LTD", "LIMITEE", "LIMITED", "ENR", "CIE", "CO", "CORP",
    "CORPORATION", "SENC", "SEC", "SENCRL", "SA", "LLC", "LA", "LE", "LES",
}  # fmt: skip


# legal-form words by kind of legal person; « cie » and « co » say nothing of the kind
_KINDS = (
    ("partnership", re.compile(r"\bS\s*\.?\s*E\s*\.?\s*N\s*\.?\s*C\b|\bS\s*\.\s*E\s*\.\s*C\b")),
    ("sole proprietorship", re.compile(r"\bENR\b")),
    ("company", re.compile(r"\b(?:INC|INCORPOREE|LTEE|LIMITEE|LTD|LIMITED|CORP|LLC)\b")),
)


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def legal_kinds(name: str | None) -> frozenset[str]:
    """The kinds of legal person the legal-form words of ``name`` state (company, partnership,
    sole proprietorship); empty when it states none. « S.E.C. » counts only with its dots,
    so that « nettoyage à sec » is no partnership."""
    folded = _fold(name or "")
    return frozenset(kind for kind, pattern in _KINDS if pattern.search(folded))


def _same_name(a: str | None, b: str | None) -> bool:
    """Rule 2 without NEQs: equal non-empty name keys, legal forms not of different kinds."""
    if not name_key(a) or name_key(a) != name_key(b):
        return False
    ka, kb = legal_kinds(a), legal_kinds(b)
    return not (ka and kb and not ka & kb)


def name_key(name: str | None) -> str:
    """Supplier name folded for comparison: no accents, case, punctuation or legal-form words."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper().replace("&", " ET ")
    words = re.sub(r"[^A-Z0-9]+", " ", text.replace(".", "")).split()
    return " ".join(w for w in words if w not in _NOISE)


def _amounts(row: ContractRow) -> list[Decimal]:
    shares = [a for a in (row.amount_awarded, row.amount_final) if a is not None and a > 0]
    if row.supplier_count > 1:  # the row holds a share: the whole award is a match too
        return shares + [a * row.supplier_count for a in shares]
    return shares


def _close(a: Decimal, b: Decimal, tolerance: float) -> bool:
    return abs(a - b) <= Decimal(str(tolerance)) * max(a, b)


def same_contract(
    a: ContractRow, b: ContractRow, *, tolerance: float = 0.01, max_days: int = 60
) -> bool:
    """True when ``a`` and ``b`` describe the same contract (rule in the module docstring)."""
    if a.source_id == b.source_id or not a.buyer_city or a.buyer_city != b.buyer_city:
        return False
    if a.supplier_neq and b.supplier_neq:
        if a.supplier_neq != b.supplier_neq:
            return False
    elif not _same_name(a.supplier_name, b.supplier_name):
        return False
    if not any(_close(x, y, tolerance) for x in _amounts(a) for y in _amounts(b)):
        return False
    return a.date is not None and b.date is not None and abs((a.date - b.date).days) <= max_days


def drop_duplicates(
    primary: Iterable[ContractRow], secondary: Iterable[ContractRow], **rule: float
) -> tuple[list[ContractRow], list[tuple[ContractRow, ContractRow]]]:
    """Rows of ``secondary`` that match no ``primary`` row, and the (secondary, primary) pairs
    that did match. Candidates are looked up by (city, name key), so a NEQ-only agreement is
    not searched for (Montréal's datasets carry no NEQ). Each primary row absorbs at most one
    secondary row."""
    index: dict[tuple[str | None, str], list[ContractRow]] = defaultdict(list)
    for row in primary:
        index[(row.buyer_city, name_key(row.supplier_name))].append(row)
    kept, pairs, used = [], [], set()
    for row in secondary:
        candidates = index.get((row.buyer_city, name_key(row.supplier_name)), [])
        match = next(
            (p for p in candidates if id(p) not in used and same_contract(row, p, **rule)), None
        )
        if match is None:
            kept.append(row)
        else:
            used.add(id(match))
            pairs.append((row, match))
    return kept, pairs
