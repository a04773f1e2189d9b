"""The real samples, staged through the production code: figures that must not regress.

Measured 2026-11-26 (scripts/measure_staging.py): directory 373 rows, all staged, 99.5 % with a
MAMH code; members 77/77, 100 %; REQ extract 2,220 rows, 2,219 staged (one NEQ twice), 99.9 %.
"""

from __future__ import annotations

import pytest

from evaluation.staging.measure import REAL_FILES, measure_real
from tests.shared_data import MUN_CSV, shared_dir

# file -> (rows, staged at least, municipality share, postal share, website share)
EXPECTED = {
    "RepertoireEntreprises_ES.csv": (373, 373, 0.99, 0.99, 0.99),
    "MembresPole_sans_citoyens.csv": (77, 77, 0.99, 0.99, 0.98),
    "Entreprise_LatLong.csv": (2220, 2219, 0.99, 0.99, 0.99),
}


@pytest.fixture(scope="module")
def figures():
    root = shared_dir()
    real = root / "data" / "real" if root else None
    if real is None or not all((real / rel).is_file() for rel, _ in REAL_FILES):
        pytest.skip(
            "the real samples of ../shared/data/real are absent (no open licence: "
            "they are read in place, never bundled)"
        )
    return {f.file: f for f in measure_real(real, MUN_CSV)}


@pytest.mark.parametrize("file", sorted(EXPECTED))
def test_real_sample_stages_without_regression(figures, file):
    rows, staged, municipality, postal, website = EXPECTED[file]
    got = figures[file]
    assert got.rows == rows
    assert got.staged >= staged
    assert got.municipality_resolved >= municipality
    assert got.postal_normalised >= postal
    assert got.website_normalised >= website


def test_only_duplicate_keys_are_rejected_whole(figures):
    rejected = {rule for f in figures.values() for rule in f.rows_quarantined}
    assert rejected <= {"duplicate_record_key"}
