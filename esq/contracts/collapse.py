"""Collapse OCDS release rows to the latest state of each contract, so money is counted once.

SEAO publishes monthly and weekly files that overlap, and a contract recurs as later releases
(updates, amendments, terminations). Summing every release counts the same money several times.

Rule (pure, order-independent):

1. Rows are grouped per (ocid, supplier), the supplier identified by NEQ, else OCDS party id,
   else name (:func:`esq.contracts.rows.supplier_key`).
2. In each group only the rows of the *latest release* are kept. Releases are ordered by
   ``release_date``, then by ``release_id`` (numeric ids compare as numbers — SEAO ids are
   ``YYYYMMDDhhmmss`` timestamps — others as text); a release without a date sorts first.
3. Within that release one row per ``contract_key`` (ocid, award, supplier) is kept, so the
   same release published in both a monthly and a weekly file counts once.
4. ``amount_awarded`` of the kept row is taken from the *earliest* release that carried the
   same ``contract_key``; ``amount_final`` stays that of the latest release.

A supplier that disappears from a later release keeps its last-known rows (SEAO releases are
full snapshots in practice; a partial update must not erase other suppliers). Rows without an
ocid (Montréal's own datasets) pass through unchanged. Output is sorted by contract key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from esq.contracts.rows import ContractRow, supplier_key

_NO_DATE = datetime.min.replace(tzinfo=UTC)
ReleaseOrder = tuple[datetime, int, int, str]


def release_order(row: ContractRow) -> ReleaseOrder:
    """Sort key of the release a row came from (see the module rule 2)."""
    rid = row.release_id or ""
    numeric = rid.isdigit()
    return (row.release_date or _NO_DATE, 0 if numeric else 1, int(rid) if numeric else 0, rid)


def collapse_latest(rows: Iterable[ContractRow]) -> list[ContractRow]:
    """Keep, per (ocid, supplier), the rows of the latest release; see the module docstring."""
    passthrough: list[ContractRow] = []
    latest: dict[tuple[str, str], tuple[ReleaseOrder, dict[str, ContractRow]]] = {}
    first: dict[str, tuple[ReleaseOrder, ContractRow]] = {}
    for row in rows:
        if not row.ocid:
            passthrough.append(row)
            continue
        order = release_order(row)
        group = (row.ocid, supplier_key(row.supplier_neq, row.supplier_id, row.supplier_name))
        current = latest.get(group)
        if current is None or order > current[0]:
            latest[group] = (order, {row.contract_key: row})
        elif order == current[0]:
            current[1][row.contract_key] = row
        seen = first.get(row.contract_key)
        if seen is None or order < seen[0]:
            first[row.contract_key] = (order, row)
    kept = [
        replace(row, amount_awarded=first[key][1].amount_awarded)
        for _, by_key in latest.values()
        for key, row in by_key.items()
    ]
    return sorted(kept, key=lambda r: r.contract_key) + passthrough
