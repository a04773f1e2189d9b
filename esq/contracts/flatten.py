"""One OCDS release → contract rows, one per (award, supplier). Pure; no I/O.

Amounts: ``amount_awarded`` is the award value (the contract value when the award has none);
``amount_final`` is, in order of preference, ``contracts[].finalValue`` (OCDS contract
completion extension), ``contracts[].value`` (SEAO's settled amount, updated by amendments),
else the award value. A cancelled award or contract has ``amount_final`` 0, so a later
cancellation release is not outvoted by an earlier award. When one award names several
suppliers (a consortium), the amounts are split equally between their rows (rounded to the
cent) and ``supplier_count`` says so, so that sums over rows never count an award twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from esq.contracts.buyers import normalise_buyer
from esq.contracts.rows import ContractRow, seao_contract_key, supplier_key

_CANCELLED = {"cancelled", "unsuccessful"}
_CENT = Decimal("0.01")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_amount(value: Any) -> Decimal | None:
    """An OCDS ``Value`` (or a bare number) as a Decimal; None when absent or not a number."""
    amount = _dict(value).get("amount") if isinstance(value, dict) else value
    if amount is None or isinstance(amount, bool):
        return None
    try:
        result = Decimal(str(amount))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def parse_datetime(value: Any) -> datetime | None:
    """ISO-8601 to an aware datetime; a naive value is taken as UTC so comparisons never fail."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(value: Any) -> date | None:
    moment = parse_datetime(value)
    return moment.date() if moment else None  # the publisher's local calendar date


Warning = tuple[str, str, str]  # (rule, column, message)


def _unreadable_date(value: Any, where: str) -> list[Warning]:
    """A warning when a date field is present but is no date (``2024-13-45T25:61:00``)."""
    if value in (None, "") or parse_datetime(value) is not None:
        return []
    return [("date_invalid", "date", f"{where} {str(value)[:40]!r} is not a valid date")]


def _award_date(award: dict[str, Any], contract: dict[str, Any]) -> tuple[date | None, list]:
    """The award date, else the signature date; an unreadable one is flagged, never skipped
    silently in favour of the other."""
    warnings = _unreadable_date(award.get("date"), "awards.date")
    warnings += _unreadable_date(contract.get("dateSigned"), "contracts.dateSigned")
    chosen = _date(award.get("date")) or _date(contract.get("dateSigned"))
    if warnings:
        used = "the other date used" if chosen else "the date is left empty"
        warnings = [(rule, col, f"{message}: {used}") for rule, col, message in warnings]
    return chosen, warnings


def _party_warnings(supplier: dict[str, Any], parties: dict[str, dict[str, Any]]) -> list:
    """A supplier whose party is missing has no NEQ or address to link on: say so."""
    if not supplier:
        return []
    if not parties:
        return [("parties_missing", "supplier_neq",
                 "release has no parties: the supplier's NEQ and address are unknown")]  # fmt: skip
    ref = supplier.get("id")
    if ref is not None and str(ref) not in parties:
        return [("party_missing", "supplier_neq",
                 f"supplier {str(ref)[:40]!r} is not among the release's parties")]  # fmt: skip
    return []


def _flag(value: Any) -> bool | None:
    """SEAO publishes details.municipal as "1"/"0"; accept booleans and numbers too."""
    text = str(value).strip().lower() if value is not None else ""
    return {"1": True, "true": True, "0": False, "false": False}.get(text)


def _buyer(release: dict[str, Any], parties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ref = _dict(release.get("buyer"))
    if ref:  # an explicit buyer wins; never borrow another party's details
        party = parties.get(str(ref.get("id")), {})
    else:
        party = next((p for p in parties.values() if "buyer" in _list(p.get("roles"))), {})
    return {"name": ref.get("name") or party.get("name"), "party": party}


def _neq(party: dict[str, Any], supplier: dict[str, Any]) -> str | None:
    for holder in (party, supplier):
        neq = _text(_dict(holder.get("details")).get("neq"))
        if neq:
            return neq
        ident = _dict(holder.get("identifier"))
        if "NEQ" in str(ident.get("scheme", "")).upper() and _text(ident.get("id")):
            return _text(ident.get("id"))
    return None


def _final(contract: dict[str, Any], award: dict[str, Any]) -> Decimal | None:
    statuses = {str(contract.get("status")), str(award.get("status"))}
    if statuses & _CANCELLED:
        return Decimal(0)
    for value in (contract.get("finalValue"), contract.get("value"), award.get("value")):
        amount = parse_amount(value)
        if amount is not None:
            return amount
    return None


def _split(amount: Decimal | None, n: int) -> Decimal | None:
    if amount is None or n <= 1:
        return amount
    return (amount / n).quantize(_CENT, rounding=ROUND_HALF_EVEN)


def _base(
    release: dict[str, Any], parties: dict[str, dict[str, Any]], source_id: str, ref: str | None
) -> ContractRow:
    buyer = _buyer(release, parties)
    names = normalise_buyer(_text(buyer["name"]))
    tender = _dict(release.get("tender"))
    item = _dict(next(iter(_list(tender.get("items"))), {}))
    return ContractRow(
        source_id=source_id,
        contract_key="",
        supplier_name=None,
        amount_awarded=None,
        amount_final=None,
        buyer_raw=_text(buyer["name"]),
        buyer_city=names.city,
        buyer_unit=names.unit,
        buyer_municipal=_flag(_dict(buyer["party"].get("details")).get("municipal")),
        title=_text(tender.get("title")),
        category=_text(item.get("description")) or _text(tender.get("mainProcurementCategory")),
        method=_text(tender.get("procurementMethodDetails") or tender.get("procurementMethod")),
        ocid=str(release["ocid"]).strip(),
        release_id=_text(release.get("id")),
        release_date=parse_datetime(release.get("date")),
        release_tag=",".join(str(t) for t in _list(release.get("tag"))) or None,
        record_ref=ref,
    )


def flatten_release(
    release: dict[str, Any], source_id: str = "seao", record_ref: str | None = None
) -> list[ContractRow]:
    """Rows of one release (which must have an ocid); a release without awards gives none."""
    parties = {str(p.get("id")): p for p in _list(release.get("parties")) if isinstance(p, dict)}
    base = _base(release, parties, source_id, record_ref)
    contracts = [c for c in _list(release.get("contracts")) if isinstance(c, dict)]
    by_award = {str(c.get("awardID", c.get("id"))): c for c in contracts}
    awards = [a for a in _list(release.get("awards")) if isinstance(a, dict)]
    ids = {str(a.get("id")) for a in awards}
    # A contract whose award is missing still carries money: give it an award of its own.
    awards += [{"id": k, "value": c.get("value")} for k, c in by_award.items() if k not in ids]
    rows = []
    for award in awards:
        award_id = _text(award.get("id"))
        contract = by_award.get(str(award.get("id")), {})
        suppliers = [s for s in _list(award.get("suppliers")) if isinstance(s, dict)] or [{}]
        awarded = parse_amount(award.get("value"))
        if awarded is None:
            awarded = parse_amount(contract.get("value"))
        final = _final(contract, award)
        when, date_warnings = _award_date(award, contract)
        n = len(suppliers)
        for supplier in suppliers:
            party = parties.get(str(supplier.get("id")), {})
            address = _dict(party.get("address"))
            name = _text(supplier.get("name") or party.get("name"))
            neq = _neq(party, supplier)
            party_id = _text(supplier.get("id"))
            key = seao_contract_key(base.ocid or "", award_id, supplier_key(neq, party_id, name))
            rows.append(
                replace(
                    base,
                    contract_key=key,
                    supplier_name=name,
                    supplier_neq=neq,
                    supplier_id=party_id,
                    supplier_locality=_text(address.get("locality")),
                    supplier_province=_text(address.get("region")),
                    supplier_count=n,
                    amount_awarded=_split(awarded, n),
                    amount_final=_split(final, n),
                    currency=_text(_dict(award.get("value")).get("currency")) or "CAD",
                    date=when,
                    award_id=award_id,
                    amendment_count=len(_list(contract.get("amendments"))),
                    warnings=(*date_warnings, *_party_warnings(supplier, parties)),
                )
            )
    return rows
