"""Sectors of activity: hub slugs, REQ activity descriptions, SCIAN codes."""

from __future__ import annotations

import re

from esq.normalise.text import clean_text, text_cache

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SCIAN = re.compile(r"^\d{2,6}$")


@text_cache  # pure; a register repeats its values over ~800 000 rows
def sector(value: object) -> str | None:
    """Return a sector value ready to store.

    Hub slugs ("soins-de-sante-et-assistance-sociale") and SCIAN codes ("6244") are kept as
    they are; free text such as REQ activity descriptions is cleaned (embedded newlines and
    whitespace runs become one space) but keeps its wording and case.
    """
    return clean_text(value)


def is_sector_slug(value: str | None) -> bool:
    """True for a hub sector slug (lower-case words joined by hyphens)."""
    return value is not None and bool(_SLUG.match(value)) and not _SCIAN.match(value)


def scian_code(value: object) -> str | None:
    """The SCIAN (NAICS Canada) code when `value` is one (2 to 6 digits), else None."""
    text = clean_text(value)
    return text if text is not None and _SCIAN.match(text) else None
