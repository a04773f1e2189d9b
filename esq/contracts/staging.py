"""Stage one contracts source: rows of the eight cities as a frame, rejects into quarantine.

Checks on each parsed row (rule names as they appear in the quarantine table):

- ``parse_error`` (row) — the parser could not read the record or the file;
- ``supplier_missing`` (row) — no supplier name: the money cannot be attributed;
- ``amount_missing`` (row) — neither an awarded nor a final amount;
- ``amount_negative`` (value) — a negative amount is set to empty, the row is kept;
- ``neq_invalid`` (value) — a supplier NEQ that is not 10 digits passing the Luhn check over
  its last 8 (:func:`esq.normalise.neq.neq`): the NEQ is set to empty (a ``luhn_failed`` one is
  kept in ``supplier_neq_raw`` for review but never used to link).

Rows whose buyer is not one of the eight cities (most of SEAO) are out of scope: counted in the
report, neither staged nor quarantined. ``amount`` is the final amount when known, else the
awarded amount — the money the city committed, counted once per contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import pandas as pd

from esq.contracts.rows import ContractRow, Reject
from esq.normalise.neq import neq as check_neq
from esq.staging.quarantine import QuarantineRow, raw_json

CONTRACT_STAGE_COLUMNS = (
    "source_id", "contract_key", "fetch_ref", "buyer_raw", "buyer_city", "buyer_unit",
    "supplier_name", "supplier_neq", "supplier_neq_raw", "supplier_id", "supplier_locality",
    "supplier_count", "amount_awarded", "amount_final", "amount", "currency", "date", "year",
    "title", "category", "method", "unit_detail", "ocid", "release_id", "release_tag",
    "amendment_count", "record_ref",
)  # fmt: skip


@dataclass
class StagedContracts:
    frame: pd.DataFrame
    quarantine: list[QuarantineRow]
    rows_parsed: int
    rows_rejected: int
    rows_out_of_scope: int


def _q(
    row: ContractRow | None, fetch_ref: str, rule: str, message: str, **kw: object
) -> QuarantineRow:
    return QuarantineRow(
        source_id=kw.pop("source_id", row.source_id if row else ""),  # type: ignore[arg-type]
        record_key=row.contract_key if row else None,
        fetch_ref=fetch_ref,
        location=str(kw.pop("location", row.record_ref if row else "")),
        severity=kw.pop("severity", "row"),  # type: ignore[arg-type]
        rule=rule,
        column=kw.pop("column", None),  # type: ignore[arg-type]
        value=kw.pop("value", None),  # type: ignore[arg-type]
        message=message,
        raw_record=str(kw.pop("raw", "")) or raw_json(asdict(row) if row else {}),
    )


def _check(row: ContractRow, fetch_ref: str, out: list[QuarantineRow]) -> dict | None:
    if not (row.supplier_name or "").strip():
        out.append(_q(row, fetch_ref, "supplier_missing", "no supplier name"))
        return None
    if row.amount_awarded is None and row.amount_final is None:
        out.append(_q(row, fetch_ref, "amount_missing", "no awarded or final amount"))
        return None
    for column in ("amount_awarded", "amount_final"):
        value = getattr(row, column)
        if value is not None and value < 0:
            out.append(_q(row, fetch_ref, "amount_negative", f"{column} {value} is negative",
                          severity="value", column=column, value=str(value)))  # fmt: skip
            row = replace(row, **{column: None})
    for rule, column, message in row.warnings:
        out.append(_q(row, fetch_ref, rule, message, severity="value", column=column))
    raw_neq, checked = row.supplier_neq, check_neq(row.supplier_neq)
    if raw_neq and checked.status != "valid":
        out.append(_q(row, fetch_ref, "neq_invalid", f"supplier NEQ is {checked.status}",
                      severity="value", column="supplier_neq", value=raw_neq))  # fmt: skip
    record = asdict(row)
    record.update(
        fetch_ref=fetch_ref,
        supplier_neq=checked.value if checked.status == "valid" else None,
        supplier_neq_raw=raw_neq,
    )
    final = row.amount_final if row.amount_final is not None else row.amount_awarded
    record["amount"] = final
    record["year"] = row.date.year if row.date else None
    return record


def stage_contract_rows(
    source_id: str, fetch_ref: str, rows: list[ContractRow], rejects: list[Reject]
) -> StagedContracts:
    """Checked rows of the eight cities, and quarantine rows for what was rejected."""
    quarantine = [
        _q(
            None,
            fetch_ref,
            r.rule,
            r.reason,
            source_id=source_id,
            location=r.locator,
            raw=r.raw or r.reason,
            severity=r.severity,
        )
        for r in rejects
    ]
    records, out_of_scope = [], 0
    for row in rows:
        if row.buyer_city is None:
            out_of_scope += 1
            continue
        record = _check(row, fetch_ref, quarantine)
        if record is not None:
            records.append(record)
    frame = pd.DataFrame(records, columns=list(CONTRACT_STAGE_COLUMNS))
    for col in ("amount_awarded", "amount_final", "amount"):
        frame[col] = frame[col].map(lambda v: None if v is None else float(v)).astype("Float64")
    frame["year"] = frame["year"].astype("Int64")
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame = frame.sort_values(["source_id", "contract_key"], kind="stable").reset_index(drop=True)
    rows_rejected = sum(q.severity == "row" for q in quarantine)
    return StagedContracts(frame, quarantine, len(rows) + len(rejects), rows_rejected, out_of_scope)
