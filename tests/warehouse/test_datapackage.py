"""datapackage.json: valid for frictionless (a client we did not write); licences travel."""

from __future__ import annotations

import json

import frictionless
import pytest

from schemas.tables import ENTERPRISES, MUNICIPALITIES, PUBLIC_TABLES, SOURCES
from warehouse.publish import NON_COMMERCIAL, datapackage, uses_non_commercial


@pytest.mark.slow
def test_published_package_is_valid_for_frictionless(sample_run):
    report = frictionless.validate(str(sample_run.home / "published" / "datapackage.json"))
    problems = [(t.name, e.message) for t in report.tasks for e in t.errors][:5]
    assert report.valid, problems or report.errors
    assert {t.name for t in report.tasks} >= {"enterprises", "sources", "changes"}


@pytest.mark.slow
def test_licences_travel_with_the_sample(sample_run):
    """Every source states its licence; the register's rows make outputs non-commercial."""
    import duckdb

    with duckdb.connect(str(sample_run.warehouse_path), read_only=True) as con:
        rows = con.execute(
            "SELECT source_id, role, licence_id, licence_title, attribution, non_commercial, "
            "rows_staged FROM sources WHERE enabled"
        ).fetchall()
    assert rows and all(r[2] and r[3] and r[4] for r in rows)
    non_commercial = {r[0] for r in rows if r[5]}
    assert non_commercial == {r[0] for r in rows if r[1] == "register"} != set()
    package = json.loads((sample_run.home / "published" / "datapackage.json").read_text("utf-8"))
    marked = {r["name"] for r in package["resources"] if NON_COMMERCIAL in r.get("licenses", [])}
    assert marked == {t.name for t in PUBLIC_TABLES if t.may_hold_register_data}
    assert NON_COMMERCIAL["name"] in {lic["name"] for lic in package["licenses"]}
    titles = " ".join(src["title"] for src in package["sources"])
    assert all(r[4] in titles for r in rows)  # each attribution shown with the data


@pytest.mark.slow
def test_each_licence_once_and_on_every_resource_holding_its_data(sample_run):
    package = json.loads((sample_run.home / "published" / "datapackage.json").read_text("utf-8"))
    names = [lic["name"] for lic in package["licenses"]]
    assert len(names) == len(set(names)) and {"CC-BY-4.0", "CC0-1.0", "hub-agreement"} <= set(names)
    on = {r["name"]: {lic["name"] for lic in r.get("licenses", [])} for r in package["resources"]}
    # hub data (listing sources) is in the enterprise tables, not in the contracts
    assert "hub-agreement" in on["enterprises"] and "hub-agreement" in on["listings"]
    assert "hub-agreement" not in on["contracts"] and "CC-BY-4.0" in on["contracts"]
    assert on["municipalities"] == {"CC-BY-4.0"}  # the MAMH répertoire only
    titles = [lic["title"] for r in package["resources"] for lic in r.get("licenses", [])]
    assert not any("confirm" in t for t in titles + [lic["title"] for lic in package["licenses"]])
    assert (
        "not yet confirmed"
        in next(r for r in package["resources"] if r["name"] == "enterprises")["description"]
    )


def _source(source_id: str, licence: str, non_commercial: bool, staged: int) -> dict:
    return {
        "source_id": source_id,
        "title": source_id,
        "enabled": True,
        "licence_id": licence,
        "licence_title": licence,
        "licence_url": "https://example.org/" + licence,
        "non_commercial": non_commercial,
        "rows_staged": staged,
    }


HUB = _source("hub", "CC-BY-4.0", False, 10)
REGISTER = _source("req-registre", "CC-BY-NC-SA-4.0", True, 5)


@pytest.mark.parametrize(
    ("sources", "register_used", "marked"),
    [
        ([HUB], False, set()),
        ([HUB, REGISTER], True, {"enterprises"}),
        ([HUB, {**REGISTER, "rows_staged": 0}], False, set()),
    ],
)
def test_register_fields_mark_resources_non_commercial(sources, register_used, marked):
    assert uses_non_commercial(sources) is register_used
    tables = [ENTERPRISES, SOURCES, MUNICIPALITIES]
    package = datapackage(
        tables,
        {t.name: 1 for t in tables},
        {t.name: "0" * 64 for t in tables},
        sources,
        uses_non_commercial(sources),
    )
    resources = {r["name"]: r for r in package["resources"]}
    got = {n for n, r in resources.items() if NON_COMMERCIAL in r.get("licenses", [])}
    assert got == marked
    for name in marked:
        assert "non-commercial" in resources[name]["description"]
    assert {lic["name"] for lic in package["licenses"]} == {s["licence_id"] for s in sources}
    # the descriptor itself is valid Data Package metadata
    assert frictionless.Package.validate_descriptor(json.loads(json.dumps(package))).valid
