"""Regression thresholds on the real samples of the shared folder (skipped when absent).

The pole-mauricie and req-extract-mauricie files have no open licence: they are read from the
shared folder, never copied here. Thresholds sit just under the figures measured when these
normalisers were written (see docs/normalisers.md), so a regression fails the test.
"""

import csv

import pytest

from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.neq import neq
from evaluation.normalise.measure import measure_listing, measure_seao
from tests.shared_data import MUN_CSV, shared_file


@pytest.fixture(scope="module")
def index() -> MunicipalityIndex:
    return MunicipalityIndex.from_csv(MUN_CSV)


@pytest.mark.parametrize(
    ("parts", "fallback", "rows", "minimum"),
    [
        (
            ("pole-mauricie", "RepertoireEntreprises_ES.csv"),
            None,
            373,
            {
                "municipality": 0.99,
                "CodePostal": 0.995,
                "SiteWeb": 0.99,
                "Adresse": 0.99,
                "NomEntreprise": 1.0,
            },
        ),
        (
            ("pole-mauricie", "MembresPole_sans_citoyens.csv"),
            None,
            77,
            {"municipality": 1.0, "CodePostal": 1.0, "SiteWeb": 0.98, "Type": 1.0, "Adresse": 1.0},
        ),
        (
            ("req-extract-mauricie", "Entreprise_LatLong.csv"),
            "Adresse_Lign3",
            2220,
            {
                "municipality": 0.955,  # PO boxes sit in this column; the city is one line down
                "municipality_or_Adresse_Lign3": 0.999,
                "CodePostal": 1.0,
                "NEQ": 1.0,
                "FormeJuridique": 1.0,
                "Adresse": 0.995,
            },
        ),
    ],
    ids=["pole-repertoire", "pole-membres", "req-extract"],
)
def test_listing_figures(index, parts, fallback, rows, minimum):
    figures = measure_listing(shared_file("data", "real", *parts), index, fallback=fallback)
    assert figures.rows == rows
    measured = {name: figures.shares[name].ratio for name in minimum}
    assert {n: r for n, r in measured.items() if r < minimum[n]} == {}


def test_seao_figures(index):
    figures = measure_seao(
        shared_file("data", "real", "seao", "contrats-nb3_8villes_subset.csv"), index
    )
    assert figures.shares["NEQ"].ok == figures.shares["NEQ"].present == 156
    assert figures.shares["municipality_QC_suppliers"].ratio == 1.0


def test_every_register_neq_passes_luhn():
    path = shared_file("data", "real", "req-extract-mauricie", "Entreprise_LatLong.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        statuses = [neq(row["NEQ"]).status for row in csv.DictReader(handle)]
    assert len(statuses) == 2220
    assert set(statuses) == {"valid"}


def test_every_seao_supplier_neq_passes_luhn():
    path = shared_file("data", "real", "seao", "contrats-nb3_8villes_subset.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        supplied = {row[11] for row in csv.reader(handle) if row[11]}
    assert len(supplied) == 116
    assert {neq(n).status for n in supplied} == {"valid"}


def test_homonyms_in_the_register_extract_are_settled_by_postal_code(index):
    # The extract's address filter let the Saguenay–Lac-Saint-Jean Saint-Stanislas (G8L, G8M)
    # in with the Mauricie one (G0X): the postal code tells them apart.
    path = shared_file("data", "real", "req-extract-mauricie", "Entreprise_LatLong.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if "stanislas" in r["Municipalite"].lower()]
    found = {
        (r["CodePostal"][:3], index.resolve(r["Municipalite"], r["CodePostal"]).code) for r in rows
    }
    assert found == {("G0X", "37245"), ("G8L", "92070"), ("G8M", "92070")}
