"""NEQ (Québec enterprise number) check used to flag probable typos (DESIGN §7).

No official check-digit rule is published, but every real NEQ seen so far passes a Luhn
check over its last 8 digits; a random number passes 1 time in 10, so this flags, never proves.
"""

from __future__ import annotations


def luhn_check_digit(payload: str) -> str:
    """The Luhn digit to append to ``payload`` (digits only)."""
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:  # doubled positions, counted from the digit left of the check digit
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def neq_looks_valid(neq: str) -> bool:
    """True when ``neq`` is 10 digits whose last 8 pass the Luhn check."""
    if len(neq) != 10 or not neq.isdigit():
        return False
    return luhn_check_digit(neq[2:9]) == neq[9]
