"""The whole graph on the bundled sample: the published tables say what the sample holds."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import duckdb
import pytest

from pipelines.runner import run_pipeline
from schemas.tables import PUBLIC_TABLES

pytestmark = pytest.mark.slow


def _query(settings, sql):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_public_table_is_published_and_described(sample_run):
    published = sample_run.home / "published"
    package = json.loads((published / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in package["resources"]] == [t.name for t in PUBLIC_TABLES]
    for table in PUBLIC_TABLES:
        assert (published / f"{table.name}.parquet").is_file()
        comments = _query(
            sample_run,
            f"SELECT column_name, comment FROM duckdb_columns() WHERE table_name = '{table.name}'",
        )
        assert dict(comments) == {c.name: c.description for c in table.columns}


def test_enterprises_merge_the_hub_exports(sample_run):
    (count,) = _query(sample_run, "SELECT count(*) FROM enterprises")[0]
    (listings,) = _query(sample_run, "SELECT count(*) FROM listings")[0]
    # 120 + 70 directory organisations, 20 member-only ones; members overlapping the directory
    # (30, spelled differently) must not all stay apart.
    # three hub exports, the register's social economy part (127 generated + 65 also listed by
    # the sample hubs), two synthetic portal samples
    assert listings == 122 + 50 + 70 + 127 + 65 + 3 + 3
    assert 200 <= count < listings


def test_a_known_enterprise_has_its_fields(sample_run):
    """Listed by two hub exports and registered: identity from the register, the rest from
    the hubs, each field's source recorded."""
    rows = _query(
        sample_run,
        """
        SELECT e.enterprise_id, e.name, e.neq, e.org_id, e.legal_form, e.municipality,
               e.municipality_code, e.region_code, e.postal_code, e.website, e.source_count,
               e.social_economy_basis, e.first_seen
        FROM enterprises e WHERE e.enterprise_id IN (SELECT enterprise_id FROM listings
            WHERE name = 'Centre de la petite enfance Fournil du Nord')""",
    )
    assert len(rows) == 1
    ent_id, name, neq, org_id, form, mun, code, region, postal, site, sources, basis, seen = rows[0]
    assert name == "CENTRE DE LA PETITE ENFANCE FOURNIL DU NORD"  # the register's legal name
    assert len(neq) == 10 and org_id == f"CA-QC_QBC-{neq}"
    assert form == "obnl"  # register code APE
    assert (mun, code, region, postal) == ("Trois-Rivières", "37067", "04", "G9A 4X0")
    assert site.startswith("https://") and "fournildunord.qc.ca" in site
    # A non-profit counts because it is listed; its legal form alone would not (DESIGN §3).
    assert (sources, basis, str(seen)) == (3, "listed", "2026-06-01")
    provenance = dict(
        _query(
            sample_run,
            f"SELECT field, source_id FROM field_provenance WHERE enterprise_id = '{ent_id}'",
        )
    )
    assert provenance["neq"] == provenance["name"] == "req-registre"
    assert provenance["website"].startswith("pes-mauricie-")


@pytest.mark.parametrize(
    ("rule", "severity", "value"),
    [
        ("name_missing", "row", None),
        ("row_shape", "row", None),
        ("duplicate_record_key", "row", None),
        ("postal_code_invalid", "value", "G9A 1O2"),
        ("municipality_unresolved", "value", "Ville-Inconnue"),
    ],
)
def test_deliberately_bad_rows_are_quarantined_with_reasons(sample_run, rule, severity, value):
    rows = _query(
        sample_run,
        "SELECT severity, value, message, raw_record, location FROM "
        f"quarantine WHERE source_id = 'pes-mauricie-repertoire' "
        f"AND rule = '{rule}'",
    )
    assert len(rows) == 1, rows
    got_severity, got_value, message, raw, location = rows[0]
    assert got_severity == severity
    assert message and raw and location.startswith("RepertoireEntreprises_ES.csv:")
    if value is not None:
        assert got_value == value


def test_value_rejections_keep_the_row_with_a_flag(sample_run):
    rows = _query(
        sample_run, "SELECT postal_code, flags FROM listings WHERE name = 'Friperie du Rivage'"
    )
    assert rows == [(None, "postal_code_invalid")]


def test_sources_table_reports_status_and_counts(sample_run):
    rows = dict(
        (r[0], r[1:])
        for r in _query(
            sample_run,
            "SELECT source_id, last_fetch_status, rows_staged, rows_quarantined, stale, "
            "licence_id FROM sources",
        )
    )
    status, staged, quarantined, stale, licence = rows["pes-mauricie-repertoire"]
    assert (status, stale, licence) == ("replayed", False, "hub-agreement")
    assert staged == 122 and quarantined == 3
    assert rows["mamh-municipalites"][4] == "CC-BY-4.0"


def test_cli_sql_answers_read_only(sample_run):
    env = {"ESQ_HOME": str(sample_run.home), "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "sql", "select count(*) as n from enterprises"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.splitlines()[0].strip() == "n"
    assert int(out.stdout.splitlines()[2]) > 0


def test_second_run_gives_byte_identical_parquet(sample_run):
    published = sample_run.home / "published"
    before = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in published.glob("*.parquet")
    }
    result = run_pipeline(sample_run)
    assert result.success
    after = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in published.glob("*.parquet")
    }
    assert after == before
    assert len(before) == len(PUBLIC_TABLES)
