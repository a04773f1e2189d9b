"""The one ``contracts`` table: staged sources combined, duplicates dropped, suppliers linked.

Montréal publishes its contracts itself and (from 25 000 $) on SEAO. Rows of the ``secondary``
sources (Montréal's datasets) that :func:`esq.contracts.dedup.same_contract` pairs with a row of
a ``primary`` source (SEAO) are dropped; the SEAO row keeps the Montréal key in
``also_published_as``. Suppliers are then linked to enterprises by
:func:`esq.contracts.supplier_link.link_suppliers`, once per distinct supplier (``supplier_ref``:
``neq:<NEQ>`` when a valid NEQ is known, else ``name:<name key>``), seen from one town, under
one published name when it has a NEQ, and with one kind of body in its name (the key folds it
away) — the *link unit*. A tie sent to review waits on each tied enterprise: one
``supplier_review`` pair each (:func:`tied_pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from esq.contracts.candidate_owner import candidate_owners
from esq.contracts.candidate_spelling import spelling_owners
from esq.contracts.dedup import drop_duplicates
from esq.contracts.name_variants import name_family
from esq.contracts.rows import ContractRow
from esq.contracts.supplier_link import (
    AUTO_THRESHOLD,
    LINKED_METHODS,
    REVIEW_COLUMNS,
    link_suppliers,
)
from esq.normalise.names import name_key
from esq.normalise.text import clean_text, fold
from schemas.contract_tables import CONTRACTS

CONTRACT_COLUMNS = tuple(CONTRACTS.column_names)


@dataclass
class ContractsBuild:
    contracts: pd.DataFrame
    supplier_review: pd.DataFrame
    duplicates: int


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _decimal(value: object) -> Decimal | None:
    return None if value is None or pd.isna(value) else Decimal(str(value))


def _as_row(rec: dict) -> ContractRow:
    date = rec.get("date")
    count = rec.get("supplier_count")
    return ContractRow(
        source_id=rec["source_id"],
        contract_key=rec["contract_key"],
        supplier_name=rec.get("supplier_name"),
        supplier_neq=rec.get("supplier_neq") or None,
        amount_awarded=_decimal(rec.get("amount_awarded")),
        amount_final=_decimal(rec.get("amount_final")),
        buyer_city=rec.get("buyer_city"),
        supplier_count=1 if count is None or pd.isna(count) else int(count),
        date=None if date is None or pd.isna(date) else date,
    )


def drop_montreal_duplicates(staged: pd.DataFrame, primary: set[str]) -> tuple[pd.DataFrame, int]:
    """Drop secondary rows that repeat a primary row; note the pair on the primary row."""
    records = staged.to_dict("records")
    prim = [r for r in records if r["source_id"] in primary]
    sec = [r for r in records if r["source_id"] not in primary]
    by_key = {(r["source_id"], r["contract_key"]): r for r in records}
    _, pairs = drop_duplicates([_as_row(r) for r in prim], [_as_row(r) for r in sec])
    dropped = set()
    for dup, kept in pairs:
        dropped.add((dup.source_id, dup.contract_key))
        by_key[(kept.source_id, kept.contract_key)]["also_published_as"] = (
            f"{dup.source_id}:{dup.contract_key}"
        )
    out = pd.DataFrame([r for r in records if (r["source_id"], r["contract_key"]) not in dropped])
    return out, len(dropped)


def supplier_ref(neq: object, name: object) -> str:
    """``neq:<NEQ>`` when a valid NEQ is known, else ``name:<name key>``."""
    if isinstance(neq, str) and neq:
        return f"neq:{neq}"
    text = clean_text(name) or ""
    return f"name:{name_key(text) or fold(text)}"


def set_candidates_apart(
    links: pd.DataFrame, reference: pd.DataFrame, names: pd.Series | None = None
) -> pd.DataFrame:
    """Links to a candidate (an unlisted active non-profit, DESIGN §3) keep no enterprise: method
    ``candidate``, the candidate's id in the detail; its money is not social economy spend —
    unless a row publishing its NEQ under a listed enterprise's name joins them (``names``: the
    supplier name per link row; :mod:`esq.contracts.candidate_owner`)."""
    if "social_economy_basis" not in reference or links.empty:
        return links
    candidates = set(reference.enterprise_id[reference.social_economy_basis == "candidate"])
    hit = links.enterprise_id.isin(candidates)
    if not hit.any():
        return links
    out = links.copy()
    if names is not None:
        by_neq = hit & links.link_method.eq("neq")
        joined = pd.DataFrame(
            {"candidate": links.enterprise_id[by_neq], "supplier_name": names[by_neq]}
        )
        owner = links.enterprise_id.where(hit).map(candidate_owners(joined, reference))
        # … or a listing of the candidate's town spelling its name a little differently
        by_name = hit & owner.isna() & links.link_method.isin(("name_exact", "name_fuzzy"))
        respelt = spelling_owners(links.enterprise_id[by_name], reference)
        owner = owner.where(~by_name, links.enterprise_id.map(respelt))
        owned = owner.notna()
        if owned.any():
            out.loc[owned, "link_detail"] = (
                out.link_detail[owned].fillna("") + " (registration " + out.enterprise_id[owned]
                + " of the enterprise whose name a row published with its NEQ)"
            )  # fmt: skip
            out.loc[owned, "enterprise_id"] = owner[owned]
            out.loc[owned, "link_method"] = "name_fuzzy"
            hit &= ~owned
    out.loc[hit, "link_detail"] = (
        "candidate " + out.enterprise_id[hit] + ": " + out.link_detail[hit].fillna("")
    )
    out.loc[hit, "link_method"] = "candidate"
    out.loc[hit, "enterprise_id"] = None
    return out


#: Bases of an enterprise whose supplier's money is social economy spend (not ``candidate``).
SOCIAL_ECONOMY_BASES = ("listed", "both", "legal_form")


def tied_social_economy(links: pd.DataFrame, reference: pd.DataFrame) -> pd.Series:
    """Per link row, whether the supplier waits on a name tie (scored at least the linker's
    ``AUTO_THRESHOLD``: each tied name is good) between social economy enterprises only: its
    money is then social economy spend whichever of them it is (hard worlds v3: 98 % of such
    money, large world). The tied enterprises are those left once the unlimited evidence set
    apart the others (:func:`esq.contracts.tie_limits.still_tied`: a CPE candidate tied with
    « Coopérative de travail X » is not it); that added, on the v3 worlds (small seeds 1–5,
    medium, large), 53 ties: 2.64 M$ of social economy money, 0.06 M$ not (97.9 %)."""
    if "social_economy_basis" not in reference:
        return pd.Series(False, index=links.index)
    se = set(reference.enterprise_id[reference.social_economy_basis.isin(SOCIAL_ECONOMY_BASES)])
    tie = (
        links.link_method.eq("review")
        & links.link_detail.fillna("").str.startswith("tie:")
        & (links.link_score.astype(float) >= AUTO_THRESHOLD)
    )
    tied = links.candidates.where(tie).fillna("")
    return tie & tied.map(lambda ids: bool(ids) and all(e in se for e in ids.split(" | ")))


def _joined(frame: pd.DataFrame, column: str) -> pd.Series:
    """Per link unit, the distinct non-empty values of ``column``, ' | '-joined."""
    values = frame.dropna(subset=[column])
    values = values[values[column].astype(str).str.strip() != ""]
    return values.groupby("link_unit")[column].agg(lambda c: " | ".join(sorted(set(c))))


def one_link_per_neq(links: pd.DataFrame, unit_ref: dict[str, str]) -> pd.DataFrame:
    """A NEQ is one supplier: its units (towns, names) left unlinked take the enterprise its
    other units linked to by name, when they all chose the same one."""
    ref = links.supplier_ref.map(unit_ref)
    named = links.link_method.isin(LINKED_METHODS) & ref.str.startswith("neq:")
    chosen = (
        links[named]
        .groupby(ref[named])
        .enterprise_id.agg(lambda ids: ids.iloc[0] if ids.nunique() == 1 else None)
    )
    take = ~links.link_method.isin(LINKED_METHODS) & ref.map(chosen).notna()
    if not take.any():
        return links
    out = links.copy()
    out.loc[take, "enterprise_id"] = ref[take].map(chosen)
    out.loc[take, "link_method"] = "name_fuzzy"
    out.loc[take, "link_score"] = None
    out.loc[take, "link_detail"] = "same NEQ as a name linked: " + ref[take]
    out.loc[take, "candidates"] = None
    if "tie_broken_by" in out:
        out.loc[take, "tie_broken_by"] = None
    return out


def build_contracts(
    staged: pd.DataFrame, enterprises: pd.DataFrame, primary: set[str]
) -> ContractsBuild:
    """The contracts table and the supplier pairs left for review (module docstring)."""
    if staged.empty:
        return ContractsBuild(_empty(CONTRACT_COLUMNS), _empty(REVIEW_COLUMNS), 0)
    frame = staged.copy()
    if "supplier_locality" not in frame:  # sources without a supplier address
        frame["supplier_locality"] = None
    frame["also_published_as"] = None
    frame, duplicates = drop_montreal_duplicates(frame, primary)
    frame["supplier_ref"] = [
        supplier_ref(n, s) for n, s in zip(frame.supplier_neq, frame.supplier_name, strict=True)
    ]
    if "supplier_neq_raw" not in frame:
        frame["supplier_neq_raw"] = None
    # A supplier is linked once per town it is seen in (SEAO's address): the same name in two
    # towns may be two namesakes, and a tie between them favours the local one.
    town = frame.supplier_locality.where(frame.supplier_locality.notna(), "").astype(str)
    # … and once per name a NEQ is published under (« 9182-7120 Québec inc. » and its trade name).
    name = frame.supplier_name.where(frame.supplier_neq.notna(), None)
    # … and once per kind of body its name says: the key folds « Coopérative de consommateurs »
    # away, and « Coopérative de consommateurs L'Atelier » is not the theatre « L'Atelier ».
    family = frame.supplier_name.map(lambda n: name_family(n) if isinstance(n, str) else None)
    frame["link_unit"] = (
        frame.supplier_ref
        + town.str.strip().map(lambda t: f" @ {t}" if t else "")
        + name.map(lambda n: f" # {n}" if isinstance(n, str) and n else "")
        + family.map(lambda f: f" ~ {f}" if f else "")
    )
    units = frame.sort_values(["link_unit", "source_id", "contract_key"]).drop_duplicates(
        "link_unit"
    )[["link_unit", "supplier_ref", "supplier_name", "supplier_neq", "supplier_locality"]]
    by_unit = frame.groupby("link_unit")
    suppliers = units.assign(
        # the cities that bought from it: a tie between namesakes favours the local one
        buyer_cities=units.link_unit.map(_joined(frame, "buyer_city")),
        supplier_neq_raw=units.link_unit.map(by_unit.supplier_neq_raw.first()),
    )
    links = link_suppliers(suppliers.assign(supplier_ref=suppliers.link_unit), enterprises)
    unit_ref = dict(zip(units.link_unit, units.supplier_ref, strict=True))
    unit_name = dict(zip(units.link_unit, units.supplier_name, strict=True))
    link_frame = one_link_per_neq(links.links, unit_ref)
    link_frame = set_candidates_apart(
        link_frame, enterprises, link_frame.supplier_ref.map(unit_name)
    )
    link_frame["tied_social_economy"] = tied_social_economy(link_frame, enterprises)
    link_frame = link_frame.rename(columns={"supplier_ref": "link_unit"})
    frame = frame.merge(link_frame, on="link_unit", how="left", validate="many_to_one")
    linked = set(link_frame.link_unit[link_frame.link_method.isin(LINKED_METHODS)])
    review = links.review[~links.review.left_record.str.removeprefix("supplier:").isin(linked)]
    review = review.copy()
    review["left_record"] = "supplier:" + review.left_record.str.removeprefix("supplier:").map(
        unit_ref
    )
    review = review.drop_duplicates(["left_record", "right_record"]).reset_index(drop=True)
    frame = frame.sort_values(["source_id", "contract_key"], kind="stable").reset_index(drop=True)
    return ContractsBuild(frame[list(CONTRACT_COLUMNS)], review, duplicates)
