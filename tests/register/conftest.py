"""Builders for small crafted REQ ZIPs, written under tmp_path."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from esq.register.req_columns import REQ_COLUMNS, REQ_FILES

Rows = list[dict[str, str]]
REPO = Path(__file__).resolve().parents[2]


def csv_bytes(columns: list[str], rows: Rows, bom: bool = True) -> bytes:
    """CSV text as the REQ writes it: every field quoted, CRLF, UTF-8 with BOM."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, columns, quoting=csv.QUOTE_ALL, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


@pytest.fixture
def build_req_zip(tmp_path: Path) -> Callable[..., Path]:
    """Return ``build(rows=None, names=None, columns=None, drop=(), name="req.zip") -> Path``.

    ``rows`` maps a REQ_FILES key to its rows (others are empty), ``names`` overrides member
    names, ``columns`` overrides a member's header, ``drop`` leaves members out.
    """

    def build(
        rows: dict[str, Rows] | None = None,
        names: dict[str, str] | None = None,
        columns: dict[str, list[str]] | None = None,
        drop: tuple[str, ...] = (),
        name: str = "req.zip",
    ) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for key in REQ_FILES:
                if key in drop:
                    continue
                header = (columns or {}).get(key, REQ_COLUMNS[key])
                body = csv_bytes(header, (rows or {}).get(key, []))
                zf.writestr((names or {}).get(key, REQ_FILES[key]), body)
        return path

    return build


@pytest.fixture
def real_req_extract() -> Path:
    """The REQ Mauricie extract (no open licence: read in place, never copied), or skip.

    The shared folder is $ESQ_SHARED, else <repo>/../shared, else /work/shared.
    """
    candidates = [os.environ.get("ESQ_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        path = Path(candidate or "") / "data/real/req-extract-mauricie/Entreprise_LatLong.csv"
        if candidate and path.is_file():
            return path
    pytest.skip("../shared/data/real/req-extract-mauricie absent")
