"""Copy one ZIP member to a file, inflating deflated data with ISA-L when it is installed.

``zipfile`` inflates with zlib (about 3.4 s of CPU for the 1.3 GiB of the REQ ZIP); ISA-L's
inflate (``isal`` package) does it, CRC-32 included, in about 2 s: on a 2-core machine that
CPU is taken away from DuckDB's parse. Small steps (256 KiB in, ~1.4 MiB out) keep inflate,
CRC and write in cache: 4 MiB steps cost ~3 s more CPU over the whole ZIP. Deflated members
are therefore read straight from the archive and inflated here, the CRC-32 and the end of
the deflate stream checked as ``zipfile`` does; any other member (stored, encrypted, another
method) goes through ``zipfile``. Without ``isal`` the standard zlib is used.

A ZIP bomb is stopped while inflating (:class:`InflateLimits`): past a total uncompressed size,
or a member inflating to more than ``max_ratio`` times its compressed bytes, the copy stops with
a one-line :class:`ZipBombError` — declared sizes are not trusted, bytes are counted.
"""

from __future__ import annotations

import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

try:  # optional: a faster inflate with the same interface
    from isal import isal_zlib as _inflate_lib

    InflateError: tuple[type[Exception], ...] = (zlib.error, _inflate_lib.error)
except ImportError:  # pragma: no cover - depends on the environment
    _inflate_lib = zlib  # type: ignore[assignment]
    InflateError = (zlib.error,)

_CHUNK = 256 << 10  # compressed bytes per step: output stays cache-sized (~1.4 MiB)


class ZipBombError(zipfile.BadZipFile):
    """A member inflates past the limits: not extracted further."""


@dataclass
class InflateLimits:
    """Caps on what one archive may inflate to; ``written`` counts across its members.

    The REQ ZIP (1.3 GiB of CSV, about 8:1) is far inside the defaults; a block of NUL bytes
    deflates about 1000:1. The ratio is judged past ``ratio_floor`` bytes only: a small member
    of repeated text may compress well without harm.
    """

    max_total: int = 8 << 30
    max_ratio: float = 200.0
    ratio_floor: int = 16 << 20
    written: int = 0

    def check(self, name: str, out: int, consumed: int) -> None:
        """Raise ZipBombError when ``out`` more bytes (from ``consumed`` compressed) exceed."""
        if self.written > self.max_total:
            raise ZipBombError(
                f"{name}: archive inflates past {self.max_total >> 20} MiB; stopped (a ZIP bomb?)"
            )
        if out > self.ratio_floor and out > self.max_ratio * max(consumed, 1):
            raise ZipBombError(
                f"{name}: inflates {out / max(consumed, 1):.0f}:1 (more than "
                f"{self.max_ratio:.0f}:1); stopped (a ZIP bomb?)"
            )


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length
_ENCRYPTED = 0x1


def copy_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    dst: BinaryIO,
    stop: threading.Event,
    limits: InflateLimits | None = None,
) -> None:
    """Write the member's uncompressed bytes to ``dst``; stop early when ``stop`` is set.

    Raises ``zipfile.BadZipFile`` for a bad local header or CRC-32, ``ZipBombError`` past the
    ``limits``, one of ``InflateError`` for corrupt deflate data, ``EOFError`` for a truncated
    member.
    """
    limits = limits if limits is not None else InflateLimits()
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED:
        out = 0
        with zf.open(info) as src:
            while not stop.is_set() and (block := src.read(_CHUNK)):
                out += len(block)
                limits.written += len(block)
                limits.check(info.filename, out, max(info.compress_size, out // 2))
                dst.write(block)
        return
    raw = zf.fp
    if raw is None:
        raise ValueError("the ZIP archive is closed")
    raw.seek(info.header_offset)
    signature, name_len, extra_len = _LOCAL_HEADER.unpack(raw.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename!r}")
    raw.seek(name_len + extra_len, 1)
    inflater = _inflate_lib.decompressobj(-15)
    crc, left, out = 0, info.compress_size, 0
    while left and not stop.is_set():
        block = raw.read(min(left, _CHUNK))
        if not block:
            raise EOFError(f"{info.filename}: the archive ends inside this member")
        left -= len(block)
        data = inflater.decompress(block)
        out += len(data)
        limits.written += len(data)
        limits.check(info.filename, out, info.compress_size - left)
        crc = zlib.crc32(data, crc)
        dst.write(data)
    if stop.is_set():
        return
    data = inflater.flush()
    crc = zlib.crc32(data, crc)
    dst.write(data)
    if not inflater.eof:  # the data stopped before the deflate end-of-stream marker
        raise EOFError(f"{info.filename}: compressed data ends before its end marker")
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
