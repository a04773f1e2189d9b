"""The listing fields of one raw value (or a few): the normalisers plus the reasons a value is
rejected. Each function is pure, so staging calls it once per distinct input
(``esq.normalise.per_value``) and spreads the result over the rows that share it.

Each returns its rejects last. A reject is ``(rule, field, raw value, message)``: the value is
nulled, the rule flagged on the row and a ``value`` quarantine row written
(``esq.staging.listing_rows``).
"""

from __future__ import annotations

import numpy as np

from esq.normalise.address import address, street_key
from esq.normalise.address_block import looks_like_block, split_block
from esq.normalise.email import email
from esq.normalise.municipality import Municipality, MunicipalityIndex
from esq.normalise.neq import neq
from esq.normalise.per_value import per_value
from esq.normalise.phone import phone
from esq.normalise.postal import postal_code
from esq.normalise.text import clean_text
from esq.normalise.web import website

Reject = tuple[str, str, str, str]
NO_REJECT: tuple[Reject, ...] = ()

#: Québec's bounding box (WGS 84), generous: a point outside is a geocoding or typing error.
QUEBEC_BOUNDS = {"latitude": (44.0, 63.0), "longitude": (-80.0, -57.0)}


def parse_coordinate(value: object) -> float | None:
    """A decimal degree from text that may use a decimal comma."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        return float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        return None


def neq_field(raw: str | None) -> tuple[str | None, str, bool, tuple[Reject, ...]]:
    """(NEQ, status, Luhn check failed, rejects)."""
    result = neq(raw)
    if result.status in ("excel_damaged", "malformed"):
        message = f"NEQ {raw!r} is not a 10-digit number ({result.status})"
        return result.value, result.status, False, ((f"neq_{result.status}", "neq", raw, message),)
    return result.value, result.status, result.status == "luhn_failed", NO_REJECT


def neq_fields(values: list[str | None]) -> list[tuple[str | None, str, bool, tuple[Reject, ...]]]:
    """``neq_field`` of each value. Plain 10-digit texts (every NEQ of the register, ~775 000
    distinct at full size) are Luhn-checked together in numpy; the others one by one."""
    plain = [v for v in dict.fromkeys(values) if _ten_digits(v)]
    passed = dict(zip(plain, _luhn_last8(plain), strict=True))

    def field(value: str | None) -> tuple[str | None, str, bool, tuple[Reject, ...]]:
        ok = passed.get(value)  # type: ignore[arg-type]
        if ok is None:
            return neq_field(value)
        return (value, "valid", False, NO_REJECT) if ok else (value, "luhn_failed", True, NO_REJECT)

    return per_value(values, field)


def _ten_digits(value: object) -> bool:
    return isinstance(value, str) and len(value) == 10 and value.isascii() and value.isdigit()


def _luhn_last8(texts: list[str]) -> list[bool]:
    """``luhn_ok(t[2:])`` of 10-digit ASCII texts, as one numpy computation."""
    if not texts:
        return []
    digits = np.frombuffer("".join(texts).encode("ascii"), np.uint8).reshape(-1, 10)
    last8 = digits[:, 2:].astype(np.int64) - ord("0")
    doubled = last8[:, 0::2] * 2  # every second digit from the right, as luhn_ok counts
    doubled -= 9 * (doubled > 9)
    return ((doubled.sum(axis=1) + last8[:, 1::2].sum(axis=1)) % 10 == 0).tolist()


def address_block(
    raw: str | None, has_town_or_postal: bool, municipalities: MunicipalityIndex
) -> tuple[str | None, str | None, str | None]:
    """(street line, town, postal code) when the address is a whole block with town or postal
    code (plain-text web directories); else the address as given and no town or code."""
    if raw is None or not (looks_like_block(raw) or not has_town_or_postal):
        return raw, None, None
    block = split_block(raw, municipalities)
    if block is None or not (block.municipality or block.postal_code):
        return raw, None, None
    return block.street, block.municipality, block.postal_code


def address_fields(raw: str | None) -> tuple[str | None, str | None, str | None, str | None]:
    """(address line, civic number, unit, street key)."""
    addr = address(raw)
    if addr is None:
        return None, None, None, None
    return addr.line, addr.civic_number, addr.unit, street_key(addr.street)


def postal_field(raw: str | None) -> tuple[str | None, tuple[Reject, ...]]:
    """(postal code, rejects)."""
    code = postal_code(raw)
    if raw and code is None:
        message = f"{raw!r} is not a Canadian postal code (A1A 1A1)"
        return None, (("postal_code_invalid", "postal_code", raw, message),)
    return code, NO_REJECT


def municipality_field(
    tried: tuple[str, ...], postal: str | None, municipalities: MunicipalityIndex
) -> tuple[str | None, Municipality | None, tuple[Reject, ...]]:
    """(town as the source spells it, MAMH municipality, rejects): the first of the source's
    candidate towns that resolves (a register address may hold a PO box where the town is)."""
    for town in tried:
        found = municipalities.resolve(town, postal_code=postal)
        if found:
            return town, found, NO_REJECT
    raw = tried[0] if tried else None
    if raw:
        message = f"{raw!r} matches no municipality of the MAMH répertoire; kept as given"
        return raw, None, (("municipality_unresolved", "municipality", raw, message),)
    return raw, None, NO_REJECT


def coordinate_fields(
    raw_latitude: str | None, raw_longitude: str | None
) -> tuple[float | None, float | None, tuple[Reject, ...]]:
    """Coordinates as numbers inside Québec; otherwise both are dropped with a reason."""
    values: list[float | None] = []
    rejects: list[Reject] = []
    for coord, raw in (("latitude", raw_latitude), ("longitude", raw_longitude)):
        low, high = QUEBEC_BOUNDS[coord]
        value = parse_coordinate(raw)
        if raw and value is None:
            rejects.append((f"{coord}_invalid", coord, raw, f"{raw!r} is not a number"))
        elif value is not None and not low <= value <= high:
            message = (
                f"{coord} {value} is outside Québec ({low} to {high}); both coordinates dropped"
            )
            rejects.append(("coordinates_outside_quebec", coord, raw, message))
            value = None
        values.append(value)
    latitude, longitude = values
    if latitude is None or longitude is None:
        latitude = longitude = None
    return latitude, longitude, tuple(rejects)


def phone_fields(raw: str | None) -> tuple[str | None, str | None, tuple[Reject, ...]]:
    """(E.164 number, extension, rejects)."""
    parsed = phone(raw)
    if parsed is not None:
        return parsed.e164, parsed.extension, NO_REJECT
    if raw:
        return None, None, (("phone_invalid", "phone", raw, f"{raw!r} is not a phone number"),)
    return None, None, NO_REJECT


def website_fields(
    raw: str | None,
) -> tuple[str | None, str | None, str | None, tuple[Reject, ...]]:
    """(URL, domain, social page, rejects)."""
    site = website(raw)
    if site is not None:
        return site.url, site.domain, site.social_page, NO_REJECT
    if raw:
        message = f"{raw!r} is not a web address"
        return None, None, None, (("website_invalid", "website", raw, message),)
    return None, None, None, NO_REJECT


def email_field(raw: str | None) -> tuple[str | None, tuple[Reject, ...]]:
    """(e-mail address, rejects)."""
    value = email(raw)
    if raw and value is None:
        return None, (("email_invalid", "email", raw, f"{raw!r} is not an e-mail address"),)
    return value, NO_REJECT
