"""A ZIP bomb is refused while it inflates, with one short line, and leaves nothing on disk."""

from __future__ import annotations

import zipfile
from pathlib import Path

import duckdb
import pytest

from esq.register.req_columns import REQ_COLUMNS, REQ_FILES
from esq.register.req_zip import ReqArchiveError, load_req_zip
from esq.register.zip_inflate import InflateBudget
from tests.register.conftest import csv_bytes


def bomb_zip(path: Path, filler: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """The six REQ members; Nom.csv is a valid header followed by ``filler``."""
    with zipfile.ZipFile(path, "w", method) as zf:
        for key, member in REQ_FILES.items():
            body = csv_bytes(REQ_COLUMNS[key], [])
            zf.writestr(member, body + filler if key == "nom" else body)
    return path


@pytest.mark.parametrize(
    ("filler", "budget", "method", "message"),
    [
        # repeated bytes: 40 MiB from ~40 KiB, refused on the ratio past 16 MiB
        (b"\0" * (40 << 20), None, zipfile.ZIP_DEFLATED, r"inflates more than 100x"),
        # a total cap: ordinary text, more than the archive may inflate to
        (b'"1","x"\r\n' * 300_000, InflateBudget(max_total=1 << 20), zipfile.ZIP_DEFLATED,
         r"declares 2 MiB uncompressed, more than the 1 MiB allowed"),
        # stored members are capped as they are copied
        (b"\0" * (3 << 20), InflateBudget(max_total=2 << 20, ratio_floor=1 << 40),
         zipfile.ZIP_STORED, r"declares 3 MiB"),
    ],
)  # fmt: skip
def test_a_zip_bomb_is_refused_in_one_line(tmp_path, filler, budget, method, message) -> None:
    zip_path = bomb_zip(tmp_path / "req.zip", filler, method)
    work = tmp_path / "work"
    work.mkdir()
    con = duckdb.connect()
    with pytest.raises(ReqArchiveError, match=message) as caught:
        load_req_zip(zip_path, con, tmp_dir=work, budget=budget)
    text = str(caught.value)
    assert "\n" not in text and "\0" not in text and len(text) < 300
    assert list(work.iterdir()) == []  # nothing inflated is left behind
    assert con.execute("select count(*) from duckdb_tables()").fetchone() == (0,)


def test_sizes_that_lie_are_caught_while_inflating(tmp_path) -> None:
    """A header that declares a small size does not get past the total cap."""
    zip_path = bomb_zip(tmp_path / "req.zip", b'"1","x"\r\n' * 300_000)
    with zipfile.ZipFile(zip_path) as zf:
        declared = sum(i.file_size for i in zf.infolist())
    budget = InflateBudget(max_total=declared + 1)
    budget.used = declared // 2  # as if another archive's members had spent half already
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(ReqArchiveError, match=r"inflates past 2 MiB"):
        load_req_zip(zip_path, duckdb.connect(), tmp_dir=work, budget=budget)
    assert list(work.iterdir()) == []


def test_a_real_sized_ratio_passes(tmp_path) -> None:
    """Register-like CSV text (about 6:1) goes through the default budget."""
    columns = REQ_COLUMNS["nom"]

    def value(column: str, i: int) -> str:
        return f"11{i:08d}" if column == "NEQ" else "" if column.startswith("DAT_") else f"NOM {i}"

    rows = [{c: value(c, i) for c in columns} for i in range(20_000)]
    body = csv_bytes(columns, rows, bom=False).split(b"\r\n", 1)[1]  # rows without header
    zip_path = bomb_zip(tmp_path / "req.zip", body)
    work = tmp_path / "work"
    work.mkdir()
    assert load_req_zip(zip_path, duckdb.connect(), tmp_dir=work)["nom"] == 20_000
