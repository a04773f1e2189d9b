"""Québec enterprise numbers (NEQ, numéro d'entreprise du Québec)."""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass

from esq.normalise.text import clean_text

NEQ_STATUSES = ("valid", "luhn_failed", "excel_damaged", "malformed", "missing")

_SEPARATORS = re.compile(r"[\s\-.\u00a0\u202f]+")
# A spreadsheet turned the number into a float and shows it in scientific notation: digits lost.
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?\s*[eE]\s*\+?\s*\d+$")
# "1142934315.0" or "1142934315,0": an integer rendered as a float, nothing lost.
_FLOAT_RENDERING = re.compile(r"^(\d{10})[.,]0+$")


@dataclass(frozen=True)
class NeqResult:
    """`value` is the 10-digit NEQ when recoverable; `status` is one of NEQ_STATUSES."""

    value: str | None
    status: str


def luhn_ok(digits: str) -> bool:
    """True when the digit string `digits` passes the Luhn (mod 10) check."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def neq(value: object) -> NeqResult:
    """Check a NEQ: 10 digits (spaces, hyphens, dots between digit groups tolerated).

    Statuses:
    - "valid": 10 digits whose last 8 pass a Luhn check;
    - "luhn_failed": 10 digits, but the Luhn check over the last 8 fails (value kept);
    - "excel_damaged": scientific notation such as "1.14E+09" (digits lost, value None);
    - "malformed": anything else that is not empty (value None);
    - "missing": None, NaN, empty or "NA".

    No official NEQ check-digit rule is published. The Luhn check over the last 8 digits is an
    empirical rule: every NEQ of the register sample and of the SEAO sample passes it, while a
    random number passes 1 time in 10. A failure flags a probable typo; presence in the REQ
    register is the final word. A float rendering of an integer ("1142934315.0") is recovered.
    """
    if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral | bool):
        number = float(value)
        if math.isnan(number):
            return NeqResult(None, "missing")
        if not number.is_integer():
            return NeqResult(None, "malformed")
        value = int(number)
    text = clean_text(value)
    if text is None:
        return NeqResult(None, "missing")
    if _SCIENTIFIC.match(text.replace(" ", "")):
        return NeqResult(None, "excel_damaged")
    float_match = _FLOAT_RENDERING.match(text)
    digits = float_match.group(1) if float_match else _SEPARATORS.sub("", text)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return NeqResult(None, "malformed")
    if not luhn_ok(digits[2:]):
        return NeqResult(digits, "luhn_failed")
    return NeqResult(digits, "valid")
