"""E-mail addresses (syntax only; nothing is sent or looked up)."""

from __future__ import annotations

import re

from esq.normalise.text import clean_text

_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
# A pragmatic subset of RFC 5322: dot-atom local part, host of letter-digit-hyphen labels
# (Unicode letters allowed for IDN hosts) and a top-level label of two letters or more.
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")
_TLD = re.compile(r"^[^\W\d_]{2,63}$")


def email(value: object) -> str | None:
    """Return `value` as "local@domain" with a lower-cased domain, or None if it is not one.

    A leading "mailto:" and surrounding angle brackets are removed; the local part keeps its
    case (it is the mailbox owner's business); anything after "?" in a mailto URL is dropped.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = _MAILTO.sub("", text.strip("<> ")).split("?", 1)[0].strip()
    if text.count("@") != 1 or " " in text or len(text) > 254:
        return None
    local, domain = text.split("@")
    domain = domain.rstrip(".").lower()
    if not local or len(local) > 64 or not _LOCAL.match(local):
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    if not _TLD.match(labels[-1]):
        return None
    return f"{local}@{domain}"
