"""copy_member: the bytes of every member kind, CRC and header checks, early stop."""

from __future__ import annotations

import io
import os
import struct
import threading
import zipfile
import zlib
from pathlib import Path

import pytest
from isal import isal_zlib

from esq.register import zip_inflate
from esq.register.zip_inflate import InflateError, copy_member

_TEXT = b"".join(b'"114%07d","ENTREPRISE \xc3\x89 %d"\r\n' % (i, i) for i in range(60_000))
_BODIES = {
    "empty": b"",
    "short": b'"NEQ"\n"0000000018"\n',
    "text": _TEXT,
    "random": os.urandom(1 << 20),
}


def _zip(tmp_path: Path, body: bytes, method: int, level: int | None = None) -> Path:
    path = tmp_path / "m.zip"
    with zipfile.ZipFile(path, "w", method, compresslevel=level) as zf:
        zf.writestr("sous-dossier/Nom.csv", body)
    return path


def _copy(path: Path, stop: threading.Event | None = None, **changes: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
        for name, value in changes.items():
            setattr(info, name, value)
        copy_member(zf, info, out, stop or threading.Event())
    return out.getvalue()


@pytest.mark.parametrize("lib", [zlib, isal_zlib], ids=["zlib", "isal"])
@pytest.mark.parametrize(
    "method, level",
    [(zipfile.ZIP_STORED, None), (zipfile.ZIP_DEFLATED, 1), (zipfile.ZIP_DEFLATED, 9)],
)
@pytest.mark.parametrize("body", _BODIES.values(), ids=_BODIES.keys())
def test_member_bytes_come_back_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lib, method: int, level, body: bytes
) -> None:
    monkeypatch.setattr(zip_inflate, "_inflate_lib", lib)  # both inflaters give the same bytes
    assert _copy(_zip(tmp_path, body, method, level)) == body


@pytest.mark.parametrize("method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
def test_a_wrong_crc_is_refused(tmp_path: Path, method: int) -> None:
    path = _zip(tmp_path, _TEXT, method)
    with zipfile.ZipFile(path) as zf:
        crc = zf.infolist()[0].CRC
    with pytest.raises(zipfile.BadZipFile, match=r"Bad CRC-32 for file 'sous-dossier/Nom\.csv'"):
        _copy(path, CRC=crc ^ 1)


def test_a_bad_local_header_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path, _TEXT, zipfile.ZIP_DEFLATED)
    with pytest.raises(zipfile.BadZipFile, match=r"Bad magic number .*Nom\.csv"):
        _copy(path, header_offset=4)


@pytest.mark.parametrize("cut", [1, 1000])
def test_truncated_deflate_data_is_an_error(tmp_path: Path, cut: int) -> None:
    path = _zip(tmp_path, _TEXT, zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zf:
        size = zf.infolist()[0].compress_size
    with pytest.raises(EOFError, match=r"Nom\.csv: compressed data ends before its end marker"):
        _copy(path, compress_size=size - cut)


def test_an_archive_ending_inside_a_member_is_an_error(tmp_path: Path) -> None:
    path = _zip(tmp_path, _TEXT, zipfile.ZIP_DEFLATED)
    with pytest.raises(EOFError, match=r"the archive ends inside this member"):
        _copy(path, compress_size=10**9)


def test_a_corrupt_deflate_stream_is_an_error(tmp_path: Path) -> None:
    path = _zip(tmp_path, _TEXT, zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(path) as zf:
        info = zf.infolist()[0]
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises((zipfile.BadZipFile, *InflateError)):
        _copy(path)


def test_a_set_stop_event_writes_nothing(tmp_path: Path) -> None:
    stop = threading.Event()
    stop.set()
    assert _copy(_zip(tmp_path, _TEXT, zipfile.ZIP_DEFLATED), stop) == b""


def test_the_local_header_layout_matches_zipfile() -> None:
    # the three fields copy_member reads, at the offsets zipfile itself uses
    header = struct.pack(zipfile.structFileHeader, b"PK\x03\x04", 20, 0, 0, 8, 0, 0, 0, 0, 0, 7, 3)
    assert zip_inflate._LOCAL_HEADER.unpack(header) == (b"PK\x03\x04", 7, 3)
