"""Measure the normalisers on the real sample files (reads files: an edge of the package).

Used by scripts/measure_normalisers.py and by the regression tests on the shared samples.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from esq.normalise.address import address
from esq.normalise.legal_form import legal_form
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import name_key
from esq.normalise.neq import neq
from esq.normalise.phone import phone
from esq.normalise.postal import postal_code
from esq.normalise.text import clean_text
from esq.normalise.web import website


@dataclass(frozen=True)
class Share:
    """`ok` of `present` non-missing values normalised (None columns count as not present)."""

    ok: int
    present: int

    @property
    def ratio(self) -> float:
        return self.ok / self.present if self.present else 1.0

    def __str__(self) -> str:
        return f"{self.ok}/{self.present} ({100 * self.ratio:.1f} %)"


@dataclass
class FileFigures:
    """Figures for one sample file; `shares` keyed by measure name."""

    name: str
    rows: int
    shares: dict[str, Share] = field(default_factory=dict)
    unresolved: Counter[str] = field(default_factory=Counter)


def _share(values: Iterable[object], ok: Callable[[object], bool]) -> Share:
    present = [v for v in values if clean_text(v) is not None]
    return Share(sum(1 for v in present if ok(v)), len(present))


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def measure_listing(
    path: Path, index: MunicipalityIndex, fallback: str | None = None
) -> FileFigures:
    """Measure a listing file with columns NomEntreprise, Adresse, Municipalite, CodePostal and
    optionally SiteWeb, Telephone, NEQ, FormeJuridique; `fallback` names a column tried when
    Municipalite does not resolve (the REQ extract puts PO boxes there, the city one line down)."""
    rows = _read(path)
    figures = FileFigures(path.name, len(rows))
    resolved = 0
    with_fallback = 0
    for row in rows:
        postal = row.get("CodePostal")
        if index.resolve(row["Municipalite"], postal):
            resolved += 1
            with_fallback += 1
        elif fallback and index.resolve(row.get(fallback), postal):
            with_fallback += 1
        else:
            figures.unresolved[row["Municipalite"]] += 1
    figures.shares["municipality"] = Share(resolved, len(rows))
    if fallback:
        figures.shares[f"municipality_or_{fallback}"] = Share(with_fallback, len(rows))
    checks: dict[str, Callable[[object], bool]] = {
        "CodePostal": lambda v: postal_code(v) is not None,
        "SiteWeb": lambda v: website(v) is not None,
        "Telephone": lambda v: phone(v) is not None,
        "NEQ": lambda v: neq(v).status == "valid",
        "FormeJuridique": lambda v: legal_form(v) is not None,
        "Type": lambda v: legal_form(v) is not None,
        "NomEntreprise": lambda v: name_key(v) is not None,
        "Adresse": lambda v: (
            (a := address(v)) is not None and (a.civic_number or a.po_box) is not None
        ),
    }
    for column, ok in checks.items():
        if rows and column in rows[0]:
            figures.shares[column] = _share((r[column] for r in rows), ok)
    return figures


def measure_seao(path: Path, index: MunicipalityIndex) -> FileFigures:
    """SEAO contracts (no header): supplier NEQ (column 12) and Québec supplier city (column 9)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    figures = FileFigures(path.name, len(rows))
    figures.shares["NEQ"] = _share((r[11] for r in rows), lambda v: neq(v).status == "valid")
    quebec = [r for r in rows if r[9] == "QC"]
    figures.shares["municipality_QC_suppliers"] = _share(
        (r[8] for r in quebec), lambda v: index.resolve(v) is not None
    )
    figures.unresolved.update(r[8] for r in quebec if r[8] and index.resolve(r[8]) is None)
    return figures
