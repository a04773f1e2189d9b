"""Map a source record onto the listing schema through the catalog mapping and the normalisers.

Values that cannot be normalised are nulled, flagged on the row and reported as ``value``
quarantine rows: the enterprise stays in the directory, the bad value does not travel on.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from esq.adapters.base import RawRecord
from esq.catalog import Source
from esq.normalise.address import address, street_key
from esq.normalise.address_block import looks_like_block, split_block
from esq.normalise.email import email
from esq.normalise.legal_form import legal_form
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import normalise_name
from esq.normalise.neq import neq
from esq.normalise.phone import phone
from esq.normalise.postal import postal_code
from esq.normalise.sector import sector
from esq.normalise.text import clean_text, text_cache
from esq.normalise.web import website
from esq.staging.quarantine import QuarantineRow, raw_json
from schemas.listing import LISTING_COLUMNS


@dataclass
class RowResult:
    """A staged row, or None when the whole row is rejected, plus its quarantine entries."""

    row: dict[str, Any] | None
    quarantine: list[QuarantineRow] = field(default_factory=list)


def parse_coordinate(value: object) -> float | None:
    """A decimal degree from text that may use a decimal comma."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


#: ``clean_text`` memoised for text: a register repeats its towns, forms, statuses and
#: activities over ~800 000 rows (distinct values such as names only pay the cache look-up).
_clean = text_cache(clean_text)


@functools.lru_cache(maxsize=1024)
def _mapped_columns(spec: str) -> tuple[str, ...]:
    """The columns a mapping ``"A|B"`` names, in order (parsed once per spec, not per row)."""
    return tuple(c.strip() for c in spec.split("|"))


class _Row:
    """Collects the fields of one listing row and the reasons its values were rejected."""

    def __init__(self, source: Source, record: RawRecord, fetch_ref: str):
        self.source, self.record, self.fetch_ref = source, record, fetch_ref
        self.values: dict[str, Any] = dict.fromkeys(LISTING_COLUMNS)
        self.flags: list[str] = []
        self.quarantine: list[QuarantineRow] = []
        self._seen: dict[str, list[str]] = {}

    def alternatives(self, field_name: str) -> list[str]:
        """The non-empty values of a field; a mapping ``"A|B"`` names columns to try in order."""
        if field_name in self._seen:  # each field is cleaned once per row
            return self._seen[field_name]
        column = self.source.mapping.get(field_name)
        if column is None:
            constant = self.source.constants.get(field_name)
            value = None if constant is None else _clean(constant)
            found = [value] if value else []
        else:
            fields = self.record.fields
            columns = _mapped_columns(column)
            if len(columns) == 1:  # the usual mapping: no generator per field and row
                value = _clean(fields.get(columns[0]))
                found = [value] if value else []
            else:
                values = (_clean(fields.get(c)) for c in columns)
                found = [v for v in values if v]
        self._seen[field_name] = found
        return found

    def raw(self, field_name: str) -> str | None:
        """The first non-empty value of a field."""
        found = self.alternatives(field_name)
        return found[0] if found else None

    def reject(self, severity: str, rule: str, field_name: str | None, value: Any, message: str):
        column = self.source.mapping.get(field_name, field_name) if field_name else None
        self.quarantine.append(
            QuarantineRow(
                source_id=self.source.id,
                record_key=self.record.record_key,
                fetch_ref=self.fetch_ref,
                location=self.record.location,
                severity=severity,  # type: ignore[arg-type]
                rule=rule,
                column=column,
                value=None if value is None else str(value),
                message=message,
                raw_record=raw_json(self.record.fields),
            )
        )
        if severity == "value":
            self.flags.append(rule)


#: Québec's bounding box (WGS 84), generous: a point outside is a geocoding or typing error.
QUEBEC_BOUNDS = {"latitude": (44.0, 63.0), "longitude": (-80.0, -57.0)}


def _coordinates(r: _Row) -> None:
    """Coordinates as numbers inside Québec; otherwise both are dropped with a reason."""
    for coord, (low, high) in QUEBEC_BOUNDS.items():
        raw_value = r.raw(coord)
        value = parse_coordinate(raw_value)
        if raw_value and value is None:
            r.reject(
                "value", f"{coord}_invalid", coord, raw_value, f"{raw_value!r} is not a number"
            )
        elif value is not None and not low <= value <= high:
            r.reject(
                "value",
                "coordinates_outside_quebec",
                coord,
                raw_value,
                f"{coord} {value} is outside Québec ({low} to {high}); both coordinates dropped",
            )
            value = None
        r.values[coord] = value
    if r.values["latitude"] is None or r.values["longitude"] is None:
        r.values["latitude"] = r.values["longitude"] = None


def _address_block(
    r: _Row, municipalities: MunicipalityIndex
) -> tuple[str | None, str | None, str | None]:
    """(street line, town, postal code) when the address is a whole block with town or postal
    code (plain-text web directories); else the address as given and no town or code."""
    raw = r.raw("address")
    if raw is None or not (
        looks_like_block(raw) or not (r.raw("municipality") or r.raw("postal_code"))
    ):
        return raw, None, None
    block = split_block(raw, municipalities)
    if block is None or not (block.municipality or block.postal_code):
        return raw, None, None
    return block.street, block.municipality, block.postal_code


def build_listing_row(
    source: Source, record: RawRecord, fetch_ref: str, municipalities: MunicipalityIndex
) -> RowResult:
    """Normalise one raw record into a listing row (or reject it with a reason)."""
    fetch_ref = record.fetch_ref or fetch_ref
    r = _Row(source, record, fetch_ref)
    v = r.values
    v.update(source_id=source.id, record_key=record.record_key, fetch_ref=fetch_ref)
    v["source_role"] = source.role

    name = normalise_name(r.raw("name"))
    if name is None or not name.key:
        r.reject("row", "name_missing", "name", r.raw("name"), "the record has no usable name")
        return RowResult(None, r.quarantine)
    v.update(name=name.display, name_key=name.key, name_family=name.family)
    v["other_names"] = r.raw("other_names")

    raw_neq = r.raw("neq")
    neq_result = neq(raw_neq)
    v["neq_status"] = neq_result.status
    v["neq"] = neq_result.value
    if neq_result.status in ("excel_damaged", "malformed"):
        r.reject(
            "value",
            f"neq_{neq_result.status}",
            "neq",
            raw_neq,
            f"NEQ {raw_neq!r} is not a 10-digit number ({neq_result.status})",
        )
    elif neq_result.status == "luhn_failed":
        r.flags.append("neq_luhn_failed")

    v["legal_form_raw"] = r.raw("legal_form")
    v["legal_form"] = legal_form(v["legal_form_raw"])

    raw_address, block_town, block_postal = _address_block(r, municipalities)
    addr = address(raw_address)
    if addr is not None:
        v.update(address=addr.line, civic_number=addr.civic_number, unit=addr.unit)
        v["street_key"] = street_key(addr.street)

    raw_postal = r.raw("postal_code") or block_postal
    v["postal_code"] = postal_code(raw_postal)
    if raw_postal and v["postal_code"] is None:
        r.reject(
            "value",
            "postal_code_invalid",
            "postal_code",
            raw_postal,
            f"{raw_postal!r} is not a Canadian postal code (A1A 1A1)",
        )

    # A register address may hold a PO box where the town usually is: try each mapped column.
    tried = r.alternatives("municipality") or ([block_town] if block_town else [])
    resolved = ((m, municipalities.resolve(m, postal_code=v["postal_code"])) for m in tried)
    raw_mun, found = next(((m, f) for m, f in resolved if f), (tried[0] if tried else None, None))
    v["municipality_raw"] = raw_mun
    if found is not None:
        v.update(
            municipality=found.name,
            municipality_code=found.code,
            mrc=found.mrc,
            region_code=found.region_code,
        )
    elif raw_mun:
        r.reject(
            "value",
            "municipality_unresolved",
            "municipality",
            raw_mun,
            f"{raw_mun!r} matches no municipality of the MAMH répertoire; kept as given",
        )

    _coordinates(r)

    raw_phone = r.raw("phone")
    parsed_phone = phone(raw_phone)
    if parsed_phone is not None:
        v.update(phone=parsed_phone.e164, phone_ext=parsed_phone.extension)
    elif raw_phone:
        r.reject(
            "value", "phone_invalid", "phone", raw_phone, f"{raw_phone!r} is not a phone number"
        )

    raw_site = r.raw("website")
    site = website(raw_site)
    if site is not None:
        v.update(website=site.url, website_domain=site.domain, social_page=site.social_page)
    elif raw_site:
        r.reject(
            "value", "website_invalid", "website", raw_site, f"{raw_site!r} is not a web address"
        )

    raw_email = r.raw("email")
    v["email"] = email(raw_email)
    if raw_email and v["email"] is None:
        r.reject(
            "value", "email_invalid", "email", raw_email, f"{raw_email!r} is not an e-mail address"
        )

    v["sector"] = sector(r.raw("sector"))
    for plain in ("sector_code", "register_status", "territory", "member_category"):
        v[plain] = r.raw(plain)
    v["social_economy_basis"] = r.raw("social_economy_basis") or (
        "register" if source.role == "register" else "listed"
    )
    v["flags"] = ";".join(sorted(set(r.flags))) or None
    return RowResult(v, r.quarantine)
