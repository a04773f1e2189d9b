"""Bytes of a delimited file to text, deciding the encoding per line where a file mixes them.

Exports pasted together from two systems often hold UTF-8 lines and a few cp1252 lines.
Decoding the whole file as cp1252 (because one line is not UTF-8) publishes mojibake
("CoopÃ©rative") on every other line; decoding it as UTF-8 fails. So: a file whose every
line is UTF-8 is UTF-8; a file in which some non-ASCII lines are UTF-8 is UTF-8, and its
other lines are decoded as cp1252 and reported (a value warning each); a line that decodes
in neither is quarantined. A file with no UTF-8 non-ASCII line at all is in a single-byte
encoding: cp1252 (the Windows default in Québec), else the detector's (charset-normalizer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import charset_normalizer

_BOM = b"\xef\xbb\xbf"


@dataclass
class Decoded:
    """The text, the file's encoding, and the lines that needed another one (1-based)."""

    text: str
    encoding: str
    recoded: list[int] = field(default_factory=list)  # lines decoded as cp1252
    undecodable: list[tuple[int, bytes]] = field(default_factory=list)  # blanked lines


@dataclass(frozen=True)
class LineIssue:
    """One line the decoding had to handle: ``row`` severity when the line was blanked."""

    line: int
    rule: str  # encoding_mixed (kept, decoded as cp1252) | encoding (blanked)
    severity: str
    message: str
    raw: str


def line_issues(decoded: Decoded) -> list[LineIssue]:
    """A value warning per line decoded as cp1252, a row reject per line decoded in neither;
    every reader of delimited text reports them the same way."""
    issues = [
        LineIssue(n, "encoding_mixed", "value",
                  f"line {n} is not UTF-8 like the rest of the file: decoded as cp1252", "")
        for n in decoded.recoded
    ]  # fmt: skip
    issues += [
        LineIssue(n, "encoding", "row", f"line {n} decodes neither as UTF-8 nor as cp1252",
                  line[:500].decode("latin-1"))
        for n, line in decoded.undecodable
    ]  # fmt: skip
    return sorted(issues, key=lambda i: i.line)


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _single_byte(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding not in ("utf_8", "ascii"):
        return str(best), best.encoding
    return data.decode("latin-1"), "latin-1"


def decode_text(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` as described in the module docstring; ``declared`` wins when given."""
    if declared:
        return Decoded(data.decode(declared), declared)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return Decoded(data.decode("utf-16"), "utf-16")
    if data.startswith(_BOM):
        data, bom = data[len(_BOM) :], True
    else:
        bom = False
    whole = _utf8(data)
    if whole is not None:
        return Decoded(whole, "utf-8-sig" if bom else "utf-8")
    lines = data.split(b"\n")
    decoded = [_utf8(line) for line in lines]
    pairs = zip(decoded, lines, strict=True)
    utf8_non_ascii = any(t is not None and not line.isascii() for t, line in pairs)
    if not (utf8_non_ascii or bom):
        text, encoding = _single_byte(data)
        return Decoded(text, encoding)
    out = Decoded("", "utf-8-sig" if bom else "utf-8")
    parts = []
    for number, (text, line) in enumerate(zip(decoded, lines, strict=True), start=1):
        if text is None:
            try:
                text = line.decode("cp1252")
                out.recoded.append(number)
            except UnicodeDecodeError:
                out.undecodable.append((number, line))
                text = "\r" if line.endswith(b"\r") else ""  # keeps line numbers for the rest
        parts.append(text)
    out.text = "\n".join(parts)
    return out
