"""load_req_zip: row counts, member matching, clear errors, types, BOM and quoted newlines."""

from __future__ import annotations

import datetime
import json
import zipfile
from pathlib import Path

import duckdb
import pytest

from esq.register.req_columns import REQ_COLUMNS, REQ_FILES
from esq.register.req_zip import ReqArchiveError, load_req_zip

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample/landing/req-registre"


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    yield connection
    connection.close()


def test_bundled_sample_loads_with_the_manifest_row_counts(con: duckdb.DuckDBPyConnection) -> None:
    (entry,) = [p for p in SAMPLE.iterdir() if not p.name.startswith(".")]
    manifest = json.loads((entry / "manifest.json").read_text("utf-8"))
    (landed,) = manifest["files"]
    seen: list[tuple[str, int]] = []
    counts = load_req_zip(
        entry / "files" / landed["name"], con, progress=lambda m, n: seen.append((m, n))
    )
    assert counts == landed["params"]["rows"]
    assert counts["entreprise"] >= 300
    assert sorted(seen) == sorted((REQ_FILES[k], n) for k, n in counts.items())
    assert con.execute("SELECT count(*) FROM req.nom").fetchone() == (counts["nom"],)


@pytest.mark.parametrize(
    "member_name",
    ["entreprise.csv", "ENTREPRISE.CSV", "Donnees/Entreprise.csv", "a/b/eNtReprise.Csv"],
)
def test_members_match_case_insensitively_and_in_sub_folders(
    build_req_zip, con: duckdb.DuckDBPyConnection, member_name: str
) -> None:
    path = build_req_zip(
        rows={"entreprise": [{"NEQ": "1140000009"}]}, names={"entreprise": member_name}
    )
    assert load_req_zip(path, con)["entreprise"] == 1


@pytest.mark.parametrize(
    "dropped, file_name", [("nom", "Nom.csv"), ("domainevaleur", "DomaineValeur.csv")]
)
def test_missing_member_names_the_file_and_the_zip(
    build_req_zip, con: duckdb.DuckDBPyConnection, dropped: str, file_name: str
) -> None:
    path = build_req_zip(drop=(dropped,))
    with pytest.raises(ReqArchiveError, match=rf"req\.zip: missing member\(s\) {file_name}$"):
        load_req_zip(path, con)


def test_a_member_present_twice_is_refused(build_req_zip, con: duckdb.DuckDBPyConnection) -> None:
    path = build_req_zip()
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("copie/NOM.CSV", b"NEQ\n")
    with pytest.raises(ReqArchiveError, match=r"Nom\.csv appears twice"):
        load_req_zip(path, con)


@pytest.mark.parametrize("body", [b"", b"NEQ,NOM\n1,2\n", b"PK\x03\x04 truncated"])
def test_not_a_zip_is_a_clear_error(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, body: bytes
) -> None:
    path = tmp_path / "registre.zip"
    path.write_bytes(body)
    with pytest.raises(ReqArchiveError, match=r"registre\.zip: not a readable ZIP archive"):
        load_req_zip(path, con)


@pytest.mark.parametrize(
    "method, cause",
    [(zipfile.ZIP_STORED, "Bad CRC-32"), (zipfile.ZIP_DEFLATED, "(Error -3|Bad CRC-32)")],
)
def test_corrupt_member_data_is_a_clear_error(
    tmp_path: Path, con: duckdb.DuckDBPyConnection, method: int, cause: str
) -> None:
    path = tmp_path / "corrupt.zip"
    body = b"\n".join([b'"NEQ"', *[b'"11%08d"' % i for i in range(20000)]])
    with zipfile.ZipFile(path, "w", method) as zf:
        for key, name in REQ_FILES.items():
            header = ",".join(REQ_COLUMNS[key]).encode()
            zf.writestr(name, header + (body[5:] if key == "nom" else b"\n"))
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("Nom.csv")
    data = bytearray(path.read_bytes())
    at = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[at] ^= 0xFF  # far from the header, so the failure comes at extraction
    path.write_bytes(bytes(data))
    with pytest.raises(ReqArchiveError, match=rf"corrupt\.zip: cannot extract \(.*{cause}"):
        load_req_zip(path, con)


@pytest.mark.parametrize(
    "key, removed",
    [
        ("entreprise", ["ADR_DOMCL_LIGN4_ADR"]),
        ("etablissements", ["LIGN1_ADR", "NOM_ETAB"]),
        ("nom", ["STAT_NOM"]),
    ],
)
def test_a_header_lacking_columns_lists_them(
    build_req_zip, con: duckdb.DuckDBPyConnection, key: str, removed: list[str]
) -> None:
    header = [c for c in REQ_COLUMNS[key] if c not in removed]
    path = build_req_zip(columns={key: header})
    with pytest.raises(ReqArchiveError, match=f"missing column\\(s\\) {', '.join(removed)}$"):
        load_req_zip(path, con)


@pytest.mark.parametrize("neq", ["1140139735", "2200000006", "0000000018", "3364001234"])
def test_neq_stays_text_with_its_digits(
    build_req_zip, con: duckdb.DuckDBPyConnection, neq: str
) -> None:
    load_req_zip(build_req_zip(rows={"entreprise": [{"NEQ": neq}], "nom": [{"NEQ": neq}]}), con)
    assert con.sql("SELECT NEQ, typeof(NEQ) FROM req.entreprise").fetchall() == [(neq, "VARCHAR")]
    assert con.sql("SELECT NEQ FROM req.nom").fetchall() == [(neq,)]


def test_bom_is_not_part_of_the_first_column_name(
    build_req_zip, con: duckdb.DuckDBPyConnection
) -> None:
    load_req_zip(build_req_zip(rows={"domainevaleur": [{"TYP_DOM_VAL": "X"}]}), con)
    first = con.execute("DESCRIBE req.entreprise").fetchall()[0][0]
    assert first == "NEQ"
    assert con.sql("SELECT TYP_DOM_VAL FROM req.domainevaleur").fetchall() == [("X",)]


def test_dates_are_dates_and_a_quoted_multi_line_field_is_one_value(
    build_req_zip, con: duckdb.DuckDBPyConnection
) -> None:
    objet = 'EXPLOITER UNE COOPÉRATIVE,\r\nDE SOLIDARITÉ "LA RUCHE"\nEN MAURICIE'
    rows = [
        {"NEQ": "1140000009", "DAT_IMMAT": "2001-02-03", "OBJET_SOC": objet},
        {"NEQ": "1160000002"},
    ]
    load_req_zip(build_req_zip(rows={"entreprise": rows}), con)
    got = con.sql("SELECT NEQ, DAT_IMMAT, OBJET_SOC FROM req.entreprise ORDER BY NEQ").fetchall()
    assert got == [("1140000009", datetime.date(2001, 2, 3), objet), ("1160000002", None, None)]


def test_a_bad_row_names_the_member_and_keeps_previous_tables(
    build_req_zip, con: duckdb.DuckDBPyConnection
) -> None:
    load_req_zip(build_req_zip(rows={"entreprise": [{"NEQ": "1140000009"}]}, name="good.zip"), con)
    bad = build_req_zip(
        rows={"nom": [{"NEQ": "1", "DAT_FIN_NOM_ASSUJ": "31/12/2020"}]}, name="bad.zip"
    )
    with pytest.raises(ReqArchiveError, match=r"bad\.zip: Nom\.csv: "):
        load_req_zip(bad, con)
    assert con.sql("SELECT NEQ FROM req.entreprise").fetchall() == [("1140000009",)]
