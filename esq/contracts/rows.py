"""The one row shape every contract source is parsed into, and its key rules.

A ``ContractRow`` is one (contract, supplier) pair as a source published it. SEAO gives one row
per (ocid, award, supplier) per release; Montréal's own datasets give one row per CSV line.

``contract_key`` rules (stable within a source, never reused):

- SEAO: ``<ocid>|<award id or "-">|<supplier key>`` where the supplier key is the NEQ when
  published, else the OCDS party id, else the casefolded name. The release id is *not* part of
  the key: every release of the same contract shares the key, which is what
  :func:`esq.contracts.ocds.collapse_latest` groups on.
- Montréal: ``<dataset>|<dossier or number>|<n>`` where ``n`` counts repeats of the same
  dossier/number within one file (the officials' file repeats a number for split invoices),
  so two lines of one file never share a key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class ContractRow:
    """One (contract, supplier) row, whatever the source."""

    source_id: str
    contract_key: str
    supplier_name: str | None
    amount_awarded: Decimal | None  # value when first awarded/signed/approved
    amount_final: Decimal | None  # latest known value (amendments, final amount)
    buyer_raw: str | None = None
    buyer_city: str | None = None
    buyer_unit: str | None = None
    buyer_municipal: bool | None = None  # SEAO parties[].details.municipal
    supplier_neq: str | None = None
    supplier_id: str | None = None  # OCDS party id (SEAO "FO-…")
    supplier_locality: str | None = None
    supplier_province: str | None = None
    supplier_count: int = 1  # suppliers sharing one award: amounts are split equally
    currency: str = "CAD"
    date: date | None = None  # award / signature / approval date
    title: str | None = None  # tender title, OBJET or DESCRIPTION
    category: str | None = None
    method: str | None = None
    unit_detail: str | None = None  # Montréal SERVICE / DIRECTION / ARRONDISSEMENT
    ocid: str | None = None
    release_id: str | None = None
    release_date: datetime | None = None
    release_tag: str | None = None  # OCDS tags joined with ","
    award_id: str | None = None
    amendment_count: int = 0
    record_ref: str | None = None  # file name and line/release locator, for tracing
    #: What the parser noticed but kept (an invalid date, a supplier without its party):
    #: each becomes a value-severity quarantine row; never a column of the table.
    warnings: tuple[tuple[str, str, str], ...] = ()  # (rule, column, message)


@dataclass(frozen=True)
class Reject:
    """A record that could not become a row, and why (goes to the quarantine table)."""

    source_id: str
    locator: str  # file + line number or release index
    reason: str
    raw: str  # the offending text, truncated
    rule: str = "parse_error"
    severity: str = "row"  # "value": the record was kept, repaired (e.g. a cp1252 line)


def truncate(raw: Any, limit: int = 500) -> str:
    """A bounded text form of a rejected record, so quarantine rows stay small."""
    text = raw if isinstance(raw, str) else repr(raw)
    return text if len(text) <= limit else text[:limit] + "…"


def supplier_key(neq: str | None, party_id: str | None, name: str | None) -> str:
    """The supplier part of a SEAO contract key: NEQ, else party id, else name."""
    if neq:
        return f"neq:{neq}"
    if party_id:
        return f"id:{party_id}"
    return f"name:{(name or '').strip().casefold()}"


def seao_contract_key(ocid: str, award_id: str | None, supplier: str) -> str:
    """Key shared by every release of one (ocid, award, supplier)."""
    return f"{ocid}|{award_id or '-'}|{supplier}"


def montreal_contract_key(dataset: str, number: str | None, occurrence: int) -> str:
    """Key of a Montréal line: dataset, dossier/number, and its repeat count in the file."""
    return f"{dataset}|{number or '-'}|{occurrence}"
