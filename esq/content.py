"""What a body really is, from its first bytes: for errors that name the real content.

A portal that answers a login page where JSON was expected, or a CSV saved under an ``.xlsx``
name, should be reported as such ("an HTML page", "CSV text"), not as the parser's complaint
("lexical error", "File is not a zip file").
"""

from __future__ import annotations

import re

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (or an XLSX workbook)"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Office file"),
)


def describe_content(head: bytes) -> str:
    """A short description of what ``head`` (the first KiB or so of a body) looks like."""
    for magic, label in _MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        return "empty"
    lowered = text[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        title = _TITLE.search(text)
        named = title.group(1).decode("utf-8", "replace").strip()[:80] if title else ""
        return f"an HTML page (title {named!r})" if named else "an HTML page"
    if lowered.startswith(b"<?xml") or lowered.startswith(b"<"):
        return "an XML document"
    if text[:1] in (b"{", b"["):
        return "JSON"
    if text[:512].count(b"\0") > len(text[:512]) // 4:  # a stray NUL is a damaged text line
        return "binary data"
    first_line = text.split(b"\n", 1)[0]
    if any(first_line.count(d) >= 1 for d in (b",", b";", b"\t", b"|")):
        return "CSV text"
    return "plain text"
