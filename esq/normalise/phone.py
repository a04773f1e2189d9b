"""North American phone numbers, as E.164 plus an optional extension."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from esq.normalise.text import clean_text

# phonenumbers reads "poste 23" as keypad letters (DESIGN §7): cut the extension off first.
_EXTENSION = re.compile(
    r"(?:[,;]?\s*)(?:poste|post\.|extension|ext\.?|x|#|p\.?)\s*[:.]?\s*(\d{1,6})\s*$",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Phone:
    """A phone number: `e164` like "+18195551234", `extension` digits or None."""

    e164: str
    extension: str | None


def phone(value: object) -> Phone | None:
    """Parse a phone number written the Québec way (region CA) into E.164 and extension.

    Extensions written « poste 23 », "ext. 23", "#23", "p. 23", "p23" or "x23" are removed
    before parsing and kept. Numbers that are not valid North American numbers, or that
    still contain letters after the extension is removed, give None.
    """
    text = clean_text(value)
    if text is None:
        return None
    extension = None
    match = _EXTENSION.search(text)
    if match is not None:
        extension = match.group(1)
        text = text[: match.start()].strip()
    if _LETTERS.search(text):
        return None
    try:
        parsed = phonenumbers.parse(text, "CA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    if parsed.extension and extension is None:
        extension = parsed.extension
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, extension=extension)
