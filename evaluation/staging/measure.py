"""Stage the real samples of ../shared/data/real and measure what the normalisers achieve.

Used by scripts/measure_staging.py (prints the figures) and by a test that fails when they
regress. The files are read where they are: they carry no open licence and are not bundled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from esq.adapters.tabular import parse_table_bytes
from esq.catalog import Licence, Source, load_catalog
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.stage import stage_source

_LICENCE = Licence(id="none", title="No open licence (read in place)", attribution="see PROVENANCE")
#: The REQ-derived extract's layout (esMauricie): the register's address lines, R's NA for missing.
REQ_EXTRACT = Source(
    id="req-extract-mauricie",
    kind="tabular",
    role="register",
    title="REQ extract",
    publisher="REQ",
    licence=_LICENCE,
    endpoint={"inbox": "req-extract-mauricie/Entreprise_LatLong.csv"},
    record_key=["NEQ"],
    mapping={
        "neq": "NEQ",
        "name": "NomEntreprise",
        "address": "Adresse",
        "municipality": "Municipalite|Adresse_Lign3",
        "postal_code": "CodePostal",
        "sector": "SecteurActivite",
        "legal_form": "FormeJuridique",
        "latitude": "lat",
        "longitude": "long",
    },
    constants={"social_economy_basis": "legal_form"},
)

#: (file under data/real, source layout): the hub files share the bundled hub sources' layout.
REAL_FILES = (
    ("pole-mauricie/RepertoireEntreprises_ES.csv", "pes-mauricie-repertoire"),
    ("pole-mauricie/MembresPole_sans_citoyens.csv", "pes-mauricie-membres"),
    ("req-extract-mauricie/Entreprise_LatLong.csv", None),
)


@dataclass(frozen=True)
class StagingFigures:
    file: str
    rows: int
    staged: int
    rows_quarantined: dict[str, int]
    municipality_resolved: float
    postal_normalised: float  # of rows that have a postal code
    website_normalised: float  # of rows that have a website
    phone_normalised: float | None  # None: the file has no phone column


def _share(done: int, present: int) -> float:
    return done / present if present else 1.0


def measure_file(path: Path, source: Source, municipalities: MunicipalityIndex) -> StagingFigures:
    """Stage one real file through the production code and count the outcomes."""
    parsed = parse_table_bytes(source, path.name, path)
    staged = stage_source(source, f"{source.id}/real", parsed, municipalities)
    frame, quarantine = staged.listings, staged.quarantine
    rows_q: dict[str, int] = {}
    for q in quarantine:
        if q.severity == "row":
            rows_q[q.rule] = rows_q.get(q.rule, 0) + 1

    def given(field: str, rule: str) -> tuple[int, int]:
        ok = int(frame[field].notna().sum())
        bad = sum(1 for q in quarantine if q.rule == rule)
        return ok, ok + bad

    postal_ok, postal_n = given("postal_code", "postal_code_invalid")
    web_ok, web_n = given("website", "website_invalid")
    phone = None
    if "phone" in source.mapping:
        phone = _share(*given("phone", "phone_invalid"))
    resolved = int(frame.municipality_code.notna().sum())
    return StagingFigures(
        path.name,
        len(parsed.records) + len(parsed.rejects),
        len(frame),
        rows_q,
        _share(resolved, len(frame)),
        _share(postal_ok, postal_n),
        _share(web_ok, web_n),
        phone,
    )


def measure_real(real_dir: Path, mun_csv: Path) -> list[StagingFigures]:
    """Figures for every real listing file found under ``real_dir``."""
    catalog = load_catalog()
    municipalities = MunicipalityIndex.from_csv(mun_csv)
    out = []
    for rel, source_id in REAL_FILES:
        path = real_dir / rel
        if path.is_file():
            source = catalog.get(source_id) if source_id else REQ_EXTRACT
            out.append(measure_file(path, source, municipalities))
    return out
