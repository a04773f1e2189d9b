"""Why `esq match` missed or mislinked a row of a hard world's supplier list: one cause each.

A row counts when its supplier is a social economy enterprise and is not linked to it (a miss)
or when it is linked to an enterprise that stands for another true entity (a wrong link).
Causes, first that applies:

- ``wrong: <how>`` — linked to another entity; ``<how>`` is the evidence that broke the tie
  (``locality``, ``buyer_city``, ``same_name`` …) or the link method when there was no tie;
- ``ER: candidate`` — the linker reached a candidate registration the truth's own entity
  owns: the entity resolution left it apart from its listing;
- ``ER: not in the warehouse`` — no published enterprise stands for the true entity;
- ``numbered name`` — « 9182-7120 Québec inc. » and no NEQ the warehouse holds;
- ``tie``, ``review band``, ``held: place elsewhere`` — waiting in review;
- ``no match`` — no enterprise close enough by name.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from evaluation.matching.hard_list import SOCIAL_ECONOMY

_BROKEN = re.compile(r"\(tie broken by (\w+)\)")
_NUMBERED = re.compile(r"^\s*\d{4}[- ]?\d{4}\b")


def cause(row: dict, true_owns: set[str], stands_for_truth: bool) -> str:
    """The cause of one missed or mislinked row (module docstring)."""
    method, detail = row["link_method"], row["link_detail"] or ""
    if row["enterprise_id"]:
        found = _BROKEN.search(detail)
        return f"wrong: {found.group(1) if found else method}"
    if method == "candidate":
        ref = detail.removeprefix("candidate ").split(":")[0]
        return "ER: candidate" if ref in true_owns else "candidate of another entity"
    if not stands_for_truth:
        return "ER: not in the warehouse"
    if _NUMBERED.match(row["supplier_name"]):
        return "numbered name"
    if method == "review":
        if detail.endswith("place is elsewhere"):
            return "held: place elsewhere"
        return "tie" if detail.startswith("tie") else "review band"
    return method.replace("_", " ")


def misses(matched: Path, truth: pd.DataFrame, owner: dict[str, str]) -> pd.DataFrame:
    """The missed and mislinked rows with their cause (columns: row, name, cause, detail)."""
    out = pd.read_csv(matched, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    owns: dict[str, set[str]] = {}
    for ref, eid in owner.items():
        owns.setdefault(eid, set()).add(ref)
    rows = []
    for i, (got, t) in enumerate(
        zip(out.to_dict("records"), truth.to_dict("records"), strict=True)
    ):
        right = bool(got["enterprise_id"]) and owner.get(got["enterprise_id"]) == t["true_eid"]
        social = t["true_basis"] in SOCIAL_ECONOMY
        if right or not (got["enterprise_id"] or social):
            continue
        mine = owns.get(t["true_eid"], set())
        row = {**got, "supplier_name": t["supplier_name"]}
        rows.append({"row": i, "name": t["supplier_name"], "cause": cause(row, mine, bool(mine)),
                     "detail": got["link_detail"]})  # fmt: skip
    return pd.DataFrame(rows, columns=["row", "name", "cause", "detail"])


def tally(found: pd.DataFrame) -> list[str]:
    """« 8  ER: candidate » lines, most frequent first."""
    return [f"{n:>4}  {c}" for c, n in Counter(found.cause).most_common()]
