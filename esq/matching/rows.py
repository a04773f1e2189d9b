"""Each row of a user's list linked to an enterprise by the contracts' linker, one implementation.

Rows are reduced to distinct suppliers (name, NEQ, town, postal code, buyer's town) and linked
once each with :class:`esq.contracts.supplier_link.SupplierLinker`: NEQ first, then names with
the listings' guard; natural persons never (method ``person``); a name that goes to a candidate
(an unlisted non-profit, DESIGN §3, read with the enterprises as for contracts) is not linked
(method ``candidate``). The municipality column (else the town of the enterprises at the row's
postal code) plays the part of SEAO's supplier locality: its words alone prove nothing. The
list then speaks (:mod:`esq.matching.settle`): a tie broken on weak evidence waits in review
when the row's place is elsewhere; rows sharing a NEQ are one supplier; a tie left, or a cut
name several names begin with, is settled by the postal code or municipality when exactly one
of the enterprises is there (:mod:`esq.matching.ties`, method ``name_place``). Every input
column is kept; the added columns say which enterprise, how, with what score, and — for a tie
or a score in the review band — ``needs_review`` with the candidates a person must choose
between; ``tied_social_economy`` when those are a name tie between social economy enterprises
only (:func:`esq.contracts.table.tied_social_economy`, as the contracts mart counts it): the row
is social economy spend whichever of them the review picks.

Checks on the values themselves (a "name" column that holds only numbers, an amount column
where nothing is an amount) raise :class:`MatchInputError` naming the column.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from esq.contracts.montreal import parse_amount
from esq.contracts.supplier_link import SupplierLinker
from esq.contracts.table import set_candidates_apart, tied_social_economy
from esq.matching.columns import ROLE_LABELS, ColumnMapping
from esq.matching.cut import CutLookup
from esq.matching.settle import at_site, held_if_elsewhere, one_link_per_neq, placed
from esq.matching.site import Sites
from esq.matching.ties import Info, towns_by_postal_code
from esq.normalise.text import clean_text

ADDED_COLUMNS = (
    "enterprise_id", "neq", "enterprise_name", "social_economy_basis", "link_method",
    "link_score", "link_detail", "needs_review", "review_candidates", "tied_social_economy",
)  # fmt: skip
_NUMBERISH = re.compile(r"^[\s\d.,$#()+-]+$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


class MatchInputError(ValueError):
    """The file cannot be matched as mapped; the message names the column and the problem."""


def check_name_column(frame: pd.DataFrame, column: str) -> None:
    """Refuse a name column that is empty or holds only numbers (an id column, most likely)."""
    values = [v for v in frame[column] if isinstance(v, str) and v.strip()]
    if not values:
        raise MatchInputError(f'the supplier name column "{column}" is empty in every row')
    if all(_NUMBERISH.match(v) for v in values):
        raise MatchInputError(
            f'the supplier name column "{column}" holds only numbers (e.g. "{values[0]}"): '
            "is it a supplier number? Name the column holding supplier names with --name."
        )


def amount_of(value: object) -> Decimal | None:
    """An amount cell as a Decimal ("1 234,56 $", "1,234.56", "648253"); None if not one."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return None
    negative = text.startswith("(") and text.endswith(")")  # accounting negatives
    try:
        amount = parse_amount(text.strip("()"))
    except ValueError:
        return None
    return -amount if negative else amount


def year_of(value: object) -> int | None:
    """The year of a date cell (2023-05-01, 01/05/2023, 2023, "2023-05-01 00:00:00")."""
    found = _YEAR.search(value) if isinstance(value, str) else None
    return int(found.group(1)) if found else None


def parse_amounts(frame: pd.DataFrame, column: str | None) -> list[Decimal | None]:
    """The amount of each row; an amount column where no filled cell is an amount is refused."""
    if column is None:
        return [None] * len(frame)
    amounts = [amount_of(v) for v in frame[column]]
    filled = [v for v in frame[column] if isinstance(v, str) and v.strip()]
    if filled and not any(a is not None for a in amounts):
        raise MatchInputError(
            f'the {ROLE_LABELS["amount"]} column "{column}" holds no amount '
            f'(e.g. "{filled[0]}"); name the amount column with --amount, or leave it out'
        )
    return amounts


def _cell(frame: pd.DataFrame, column: str | None) -> list[str | None]:
    if column is None:
        return [None] * len(frame)
    return [clean_text(v) for v in frame[column]]


def link_rows(
    frame: pd.DataFrame,
    mapping: ColumnMapping,
    linker: SupplierLinker,
    enterprises: pd.DataFrame,
    buyer_city: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame`` (the input, text cells) with the added columns (module docstring), and the
    added columns alone (same index, names unprefixed). ``enterprises`` is indexed by
    enterprise_id with name, neq and social_economy_basis. The buyer's town (its column, else
    ``buyer_city`` for a list of one city) breaks ties between namesakes, as for contracts."""
    check_name_column(frame, mapping["name"])
    names = _cell(frame, mapping["name"])
    neqs = _cell(frame, mapping["neq"])
    postals = _cell(frame, mapping["postal_code"])
    # a row without a town but with a postal code: the town of the enterprises at that code
    places = _cell(frame, mapping["municipality"])
    if any(c and not p for p, c in zip(places, postals, strict=True)):
        town_at = towns_by_postal_code(enterprises)
        places = [p or town_at(c) for p, c in zip(places, postals, strict=True)]
    buyers = _cell(frame, mapping["buyer_city"])
    buyers = [b or buyer_city for b in buyers]
    keys = list(zip(names, neqs, places, postals, buyers, strict=True))
    refs = {key: str(i) for i, key in enumerate(dict.fromkeys(keys))}
    links: dict[str, dict] = {}
    info = _info(enterprises)
    sites = Sites(enterprises)
    linker.prepare(key[0] for key in refs)  # every name scored in one pass
    for key, ref in refs.items():
        name, neq, place, _, buyer = key
        if not name:
            links[ref] = {"link_method": "no_match", "link_detail": "no supplier name"}
            continue
        row, _ = linker.link_one(ref, name, neq, place, buyer)
        links[ref] = at_site(held_if_elsewhere(row, linker, info, key), sites, info, key)
    links = one_link_per_neq(links, refs)
    cut = CutLookup(linker.cut)
    links = {ref: placed(links[ref], info, key, cut, linker.neq_of) for key, ref in refs.items()}
    out = frame.copy()
    added = pd.DataFrame([links[refs[key]] for key in keys], index=frame.index)
    for col in ("enterprise_id", "link_method", "link_score", "link_detail", "candidates"):
        if col not in added:
            added[col] = None
    # a name that goes to a candidate (an unlisted non-profit) is not a social economy supplier
    reference = enterprises.rename_axis("enterprise_id").reset_index()
    added = set_candidates_apart(added, reference)
    ids = added.enterprise_id
    info = enterprises.reindex(ids.where(ids.notna(), ""))
    out_cols = {
        "enterprise_id": ids,
        "neq": info.neq.to_numpy(),
        "enterprise_name": info.name.to_numpy(),
        "social_economy_basis": info.social_economy_basis.to_numpy(),
        "link_method": added.link_method,
        "link_score": added.link_score,
        "link_detail": added.link_detail,
        "needs_review": added.link_method.eq("review"),
        "review_candidates": [_describe(c, enterprises) for c in added.candidates],
        # as the contracts mart counts it: social economy money, whichever of them it is
        "tied_social_economy": tied_social_economy(added, reference),
    }
    links = pd.DataFrame({c: list(v) for c, v in out_cols.items()}, index=frame.index)
    for col in ADDED_COLUMNS:
        # an input column of the same name keeps its place; ours is prefixed
        out[f"esq_{col}" if col in frame.columns else col] = links[col]
    return out, links


def _info(enterprises: pd.DataFrame) -> Info:
    """Enterprise fields by id (municipality and postal code, for ties; NEQ and basis, for a
    candidate's listing)."""
    wanted = ("name", "municipality", "postal_code", "neq", "social_economy_basis")
    fields = [c for c in wanted if c in enterprises]
    table = enterprises[fields].to_dict("index")
    return table.get


def _describe(candidates: object, enterprises: pd.DataFrame) -> str | None:
    """« E1 Name one | E2 Name two » for the enterprises a person must choose between."""
    if not isinstance(candidates, str) or not candidates:
        return None
    parts = []
    for ref in candidates.split(" | "):
        name = enterprises.name.get(ref)
        parts.append(f"{ref} {name}" if isinstance(name, str) else ref)
    return " | ".join(parts)
