"""Copy one ZIP member to a file, inflating deflated data with ISA-L when it is installed.

``zipfile`` inflates with zlib (about 3.4 s of CPU for the 1.3 GiB of the REQ ZIP); ISA-L's
inflate (``isal`` package) does it, CRC-32 included, in about 2 s: on a 2-core machine that
CPU is taken away from DuckDB's parse. Small steps (256 KiB in, ~1.4 MiB out) keep inflate,
CRC and write in cache: 4 MiB steps cost ~3 s more CPU over the whole ZIP. Deflated members
are therefore read straight from the archive and inflated here, the CRC-32 and the end of
the deflate stream checked as ``zipfile`` does; any other member (stored, encrypted, another
method) goes through ``zipfile``. Without ``isal`` the standard zlib is used.
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


class ZipBombError(ValueError):
    """A member inflates past the archive's limits: refused before anything reads it."""


@dataclass
class InflateBudget:
    """Caps on what one archive may inflate to, checked while inflating (declared sizes lie).

    The REQ's six CSVs are 1.3 GiB from a 232 MiB ZIP (about 6:1); CSV text rarely passes
    20:1, while a member of repeated bytes reaches 1000:1. Ratios are judged only past
    ``ratio_floor`` bytes so that small, very regular members never trip them.
    """

    max_total: int = 8 << 30
    max_ratio: float = 100.0
    ratio_floor: int = 16 << 20
    used: int = 0

    def spend(self, member: str, produced: int, consumed: int) -> None:
        """Count ``produced`` bytes more; raise ZipBombError past a cap (one-line message)."""
        self.used += produced
        if self.used > self.max_total:
            raise ZipBombError(
                f"{member}: the archive inflates past {self.max_total >> 20} MiB; refused "
                "(ZIP bomb or wrong file?)"
            )

    def check_ratio(self, member: str, out_bytes: int, in_bytes: int) -> None:
        """Raise ZipBombError when a member inflates too far beyond its compressed size."""
        if out_bytes > self.ratio_floor and out_bytes > self.max_ratio * max(in_bytes, 1):
            raise ZipBombError(
                f"{member}: inflates more than {self.max_ratio:g}x its compressed size "
                f"({out_bytes >> 20} MiB from {in_bytes >> 10} KiB); refused (ZIP bomb?)"
            )


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, ..., name length, extra length
_ENCRYPTED = 0x1


def copy_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    dst: BinaryIO,
    stop: threading.Event,
    budget: InflateBudget | None = None,
) -> None:
    """Write the member's uncompressed bytes to ``dst``; stop early when ``stop`` is set.

    Raises ``zipfile.BadZipFile`` for a bad local header or CRC-32, one of ``InflateError``
    for corrupt deflate data, ``EOFError`` for a truncated member, ``ZipBombError`` when the
    output passes the budget's total or ratio.
    """
    budget = budget if budget is not None else InflateBudget()
    name = info.filename
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED:
        out = 0
        with zf.open(info) as src:
            while not stop.is_set() and (block := src.read(_CHUNK)):
                out += len(block)
                budget.spend(name, len(block), 0)
                budget.check_ratio(name, out, info.compress_size)
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
        # at most _CHUNK * max_ratio bytes per step, so a bomb never fills memory in one go
        data = inflater.decompress(block, int(_CHUNK * budget.max_ratio))
        while True:
            out += len(data)
            budget.spend(name, len(data), 0)
            budget.check_ratio(name, out, info.compress_size - left)
            crc = zlib.crc32(data, crc)
            dst.write(data)
            if not inflater.unconsumed_tail:
                break
            data = inflater.decompress(inflater.unconsumed_tail, int(_CHUNK * budget.max_ratio))
    if stop.is_set():
        return
    data = inflater.flush()
    crc = zlib.crc32(data, crc)
    dst.write(data)
    if not inflater.eof:  # the data stopped before the deflate end-of-stream marker
        raise EOFError(f"{info.filename}: compressed data ends before its end marker")
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
