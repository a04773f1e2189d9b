"""Each city's social economy spend error on a hard world, split contract by contract into causes.

Inputs: a warehouse of a pipeline run on a hard world (``scripts/evaluate_hard.py --keep``) and
the world's truth. Every contract row of the warehouse is joined to its truth row by
(source_id, contract_key) — a full outer join, so rows only one side has are seen too. A row adds
to the truth of its true city when its true supplier is social economy (DESIGN §3: listed or an
active co-op/mutual) and it is not a Montréal copy of a SEAO contract; it adds to the measure
of its warehouse city when its supplier is linked (the mart's rule,
:func:`esq.contracts.mart.procurement_by_city_year`). The difference of the two, per row, is
given one cause, by kind:

- (a) recall — a social economy supplier left unlinked (no match, person…);
- (b) precision — money counted with a supplier that is not social economy; a social economy
  supplier linked to *another* enterprise is listed too, at 0 $, since the city's figure does
  not move;
- (c) amount — linked right but the amount counted differs from the truth's (updates, lots,
  joint awards), the row is missing or extra (overlapping files, Montréal's copy of a SEAO
  contract counted twice or a distinct one dropped), or the buyer mapped to another city;
- (d) waiting — left in review (the mart's pending amount; which tie, from
  ``supplier_review``) or linked to a candidate (the same entity's registration kept apart
  from its listings by entity resolution, or another entity).

The per-city sums are exact: truth + Σ causes = measured (checked: the residual column).
:func:`total_contributions` does the same for the cities' *total* spend, whoever the supplier,
where only causes (c) can arise.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from esq.contracts.supplier_link import LINKED_METHODS
from evaluation.hardworld.places import CITY_CODES

SE = ("listed", "legal_form")
CITIES = tuple(sorted(CITY_CODES.values()))
#: Amount phenomena of the generator, most telling first.
AMOUNT_PHENOMENA = ("joint_award", "updated_release", "multi_award", "also_on_montreal_csv")
_CENT = 0.005
LINE_COLUMNS = ("city", "cause", "dollars", "truth_amount", "counted_amount", "source_id",
                "contract_key", "supplier_name", "supplier_eid", "linked_eid", "link_method",
                "link_detail", "phenomena")  # fmt: skip


def warehouse_of(path: Path) -> Path:
    """The warehouse file of an ESQ_HOME (published, else the unpublished candidate), or
    ``path`` itself when it is a file."""
    if path.is_file():
        return path
    for candidate in (path / "warehouse.duckdb", path / "build" / "warehouse.duckdb"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no warehouse under {path}")


def joined_rows(warehouse: Path, world: Path) -> pd.DataFrame:
    """Warehouse contract rows and truth rows, fully outer-joined, with the true owner (the true
    entity most of its records are, as the benchmark's metrics count) of the linked enterprise,
    of the candidate a row is linked to, and of the enterprises a review row waits on."""
    truth = world / "truth"
    methods = ", ".join(f"'{m}'" for m in LINKED_METHODS)
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
        return con.execute(f"""
            WITH rec AS (
              SELECT l.enterprise_id AS pred, t.eid FROM wh.listings l
              JOIN read_parquet('{truth / "listings.parquet"}') t USING (source_id, record_key)
              WHERE l.enterprise_id IS NOT NULL),
            owner AS (
              SELECT pred, first(eid ORDER BY n DESC, eid) AS eid
              FROM (SELECT pred, eid, count(*) n FROM rec GROUP BY ALL) GROUP BY pred),
            waits AS (
              SELECT s.left_record, list(DISTINCT coalesce(o.eid, '?')) AS review_eids
              FROM wh.supplier_review s LEFT JOIN owner o ON o.pred = s.right_record
              GROUP BY 1),
            w AS (
              SELECT source_id, contract_key, buyer_city AS wh_city, amount::DOUBLE AS wh_amount,
                     supplier_name AS wh_name, supplier_ref, enterprise_id, link_method,
                     link_detail,
                     coalesce(tied_social_economy, false) AS tied_se,
                     -- as the mart counts: a link, or a tie between social economy enterprises
                     (enterprise_id IS NOT NULL AND link_method IN ({methods}))
                       OR coalesce(tied_social_economy, false) AS counted
              FROM wh.contracts),
            t AS (
              SELECT source_id, contract_key, city AS t_city, amount AS t_amount,
                     supplier_name AS t_name, supplier_eid, supplier_role, supplier_basis,
                     duplicate_of, phenomena
              FROM read_parquet('{truth / "contracts.parquet"}'))
            SELECT * EXCLUDE (o.pred, o.eid, c.pred, c.eid, v.left_record),
                   o.eid AS linked_eid, c.eid AS candidate_eid
            FROM w FULL JOIN t USING (source_id, contract_key)
            LEFT JOIN owner o ON o.pred = w.enterprise_id
            -- a link to a candidate keeps the candidate's id in its detail only
            LEFT JOIN owner c ON w.link_method = 'candidate'
              AND c.pred = regexp_extract(w.link_detail, '^candidate (\\S+):', 1)
            LEFT JOIN waits v ON w.link_method = 'review'
              AND v.left_record = 'supplier:' || w.supplier_ref
        """).df()


def _amount_cause(phenomena: object) -> str:
    found = [p for p in AMOUNT_PHENOMENA if p in str(phenomena or "").split(";")]
    return f"(c) amount differs: {found[0] if found else 'other'}"


def _missing_cause(r: pd.Series) -> str:
    if str(r.source_id).startswith("montreal"):
        return "(c) Montréal row dropped as a copy of a SEAO contract"
    return "(c) SEAO row missing from contracts"


def _review_cause(r: pd.Series) -> str:
    detail = str(r.link_detail)
    kind = "tie" if detail.startswith("tie") else "review band"
    waits = [] if r.review_eids is None or isinstance(r.review_eids, float) else r.review_eids
    waits = list(waits)
    if waits and all(e == r.supplier_eid for e in waits):
        return f"(d) pending review: {kind} between the entity's own records (ER split)"
    if r.supplier_eid in waits:
        return f"(d) pending review: {kind}, the entity among the enterprises"
    return f"(d) pending review: {kind}, the entity not among the enterprises"


def _unlinked_cause(r: pd.Series) -> str:
    if r.link_method == "review":
        return _review_cause(r)
    if r.link_method == "candidate":
        if r.candidate_eid == r.supplier_eid:  # the entity's registration kept apart (ER)
            return "(d) linked to a candidate: the same entity's registration (ER split)"
        return "(d) linked to a candidate: another entity"
    return f"(a) not linked: {r.link_method}"


def _extra_cause(r: pd.Series, scope: str) -> str:
    if pd.isna(r.t_amount):
        return "(c) row not in the truth"
    if isinstance(r.duplicate_of, str):
        return "(c) Montréal copy of a SEAO contract counted twice"
    if pd.isna(r.t_city):
        return "(c) buyer not one of the eight cities"
    if scope == "total":
        return "(c) other"
    if r.supplier_basis == "candidate":
        return "(b) linked: supplier is a candidate (unlisted non-profit)"
    return f"(b) linked: supplier not social economy ({r.supplier_role}/{r.supplier_basis})"


def _line(r: pd.Series, city: str, cause: str, dollars: float, measured: bool) -> dict:
    return {
        "city": city, "cause": cause, "dollars": dollars, "truth_amount": r.t_amount,
        "counted_amount": r.wh_amount if measured else None, "source_id": r.source_id,
        "contract_key": r.contract_key,
        "supplier_name": r.wh_name if isinstance(r.wh_name, str) else r.t_name,
        "supplier_eid": r.supplier_eid, "linked_eid": r.linked_eid,
        "link_method": r.link_method, "link_detail": r.link_detail, "phenomena": r.phenomena,
    }  # fmt: skip


def _row_lines(r: pd.Series, in_truth: bool, measured: bool, scope: str) -> list[dict]:
    """The (city, cause, dollars) lines of one joined row; see the module docstring."""
    if in_truth and measured and r.wh_city == r.t_city:
        out = []
        delta = float(r.wh_amount) - float(r.t_amount)
        if abs(delta) > _CENT:
            out.append(_line(r, r.t_city, _amount_cause(r.phenomena), delta, True))
        if scope == "se" and r.linked_eid != r.supplier_eid:
            cause = (
                "(d) tie between social economy enterprises (counted, none chosen)"
                if r.tied_se
                else "(b) linked to another enterprise (still counted)"
            )
            out.append(_line(r, r.t_city, cause, 0.0, True))
        return out
    if in_truth and measured:
        cause = "(c) buyer mapped to another city"
        return [_line(r, r.t_city, cause, -float(r.t_amount), True),
                _line(r, r.wh_city, cause, float(r.wh_amount), True)]  # fmt: skip
    if in_truth:
        missing = pd.isna(r.wh_amount)
        cause = _missing_cause(r) if missing or scope == "total" else _unlinked_cause(r)
        return [_line(r, r.t_city, cause, -float(r.t_amount), False)]
    if measured:
        return [_line(r, r.wh_city, _extra_cause(r, scope), float(r.wh_amount), True)]
    return []


def contributions(rows: pd.DataFrame, scope: str = "se") -> pd.DataFrame:
    """One line per (row, city) a row moves, with its cause and signed dollars; ``scope`` "se"
    for social economy spend, "total" for the cities' total spend. A right link with the right
    amount moves nothing and gives no line."""
    out = []
    for _, r in rows.iterrows():
        in_truth = isinstance(r.t_city, str) and not isinstance(r.duplicate_of, str)
        if scope == "se":
            in_truth = in_truth and r.supplier_basis in SE
            counted = bool(r.counted) if pd.notna(r.counted) else False
        else:
            counted = pd.notna(r.wh_amount)
        out += _row_lines(r, in_truth, counted and isinstance(r.wh_city, str), scope)
    return pd.DataFrame(out, columns=list(LINE_COLUMNS))


def per_city(rows: pd.DataFrame, lines: pd.DataFrame, warehouse: Path, scope: str = "se"):
    """Per city: truth, measured (the mart), error, pending (the mart), each cause's dollars
    and the residual truth + Σ causes − measured (0 when the decomposition is complete)."""
    keep = rows.t_city.notna() & rows.duplicate_of.isna()
    if scope == "se":
        keep &= rows.supplier_basis.isin(SE)
    truth = rows[keep].groupby("t_city").t_amount.sum()
    column = "social_economy_spend" if scope == "se" else "total_spend"
    with duckdb.connect() as con:
        con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
        mart = con.execute(f"""
            SELECT city, sum({column})::DOUBLE AS measured,
                   sum(pending_review_spend)::DOUBLE AS pending
            FROM wh.procurement_by_city_year GROUP BY city
        """).df()
    table = pd.DataFrame(index=pd.Index(CITIES, name="city"))
    table["truth"] = truth.reindex(table.index).fillna(0.0)
    mart = mart.set_index("city").reindex(table.index).fillna(0.0)
    table["measured"] = mart.measured
    table["error"] = (table.measured - table.truth) / table.truth.where(table.truth != 0)
    table["pending"] = mart.pending
    causes = (
        lines.pivot_table(
            index="city", columns="cause", values="dollars", aggfunc="sum", fill_value=0.0
        )
        .reindex(table.index)
        .fillna(0.0)
    )
    table["residual"] = table.truth + causes.sum(axis=1) - table.measured
    return table.join(causes)


def by_cause(lines: pd.DataFrame) -> pd.DataFrame:
    """Per cause: rows, net dollars and absolute dollars over the eight cities."""
    return (
        lines.assign(abs_dollars=lines.dollars.abs())
        .groupby("cause")
        .agg(rows=("dollars", "size"), net=("dollars", "sum"), absolute=("abs_dollars", "sum"))
        .sort_values(["absolute", "rows"], ascending=False)
    )


def wape(table: pd.DataFrame) -> float:
    """WAPE over the cities, as the benchmark computes it."""
    return float((table.measured - table.truth).abs().sum() / table.truth.sum())


def decompose(home_or_warehouse: Path, world: Path, scope: str = "se"):
    """(per-city table, per-row lines) of one run on one world."""
    warehouse = warehouse_of(home_or_warehouse)
    rows = joined_rows(warehouse, world)
    lines = contributions(rows, scope)
    return per_city(rows, lines, warehouse, scope), lines
