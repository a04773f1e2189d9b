"""Measure entity resolution on the hand-adjudicated Mauricie gold set (evaluation/gold/).

The directory and members files of the Pôle d'économie sociale de la Mauricie and the REQ extract
carry no open licence: they are read in place from the shared folder and staged through the
product's own adapter and staging code (the catalog entries of ``pes-mauricie-repertoire`` and
``pes-mauricie-membres``, the extract's layout from evaluation.staging.measure), then resolved by
``resolve_entities``. The gold file holds labels by key only: a hash of the staged record key.
"""

from __future__ import annotations

import csv
import hashlib
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from esq.adapters.tabular import parse_table_bytes
from esq.catalog import Source, load_catalog
from esq.entities.resolve import resolve_entities
from esq.normalise.municipality import MunicipalityIndex
from esq.staging.stage import stage_source
from evaluation.staging.measure import REQ_EXTRACT

GOLD_CSV = Path(__file__).resolve().parents[1] / "gold" / "mauricie_neq.csv"
VERDICTS = ("neq", "not_in_extract", "not_registered")
#: (source id, file under data/real): the files the catalog's inbox globs take for these sources.
HUB_FILES = (
    ("pes-mauricie-repertoire", "pole-mauricie/RepertoireEntreprises_ES.csv"),
    ("pes-mauricie-membres", "pole-mauricie/MembresPole_sans_citoyens.csv"),
)
REQ_FILE = "req-extract-mauricie/Entreprise_LatLong.csv"
#: Outcome of one listing, compared with its gold label.
OUTCOMES = ("right", "missed", "wrong_neq", "neq_not_expected", "none_right")
#: The evidence codes a gold label may carry (meanings in evaluation/gold/README.md).
# fmt: off
EVIDENCE_CODES = frozenset((
    "name_exact", "name_variant", "name_acronym", "name_other", "name_contains", "name_typo",
    "division", "postal", "civic", "town", "website", "unique_name", "address_other", "type_coop",
    "shared_building", "foundation_rejected", "namesake_rejected", "operator_ambiguous",
    "cross_listing", "silver_agrees", "silver_outside", "no_candidate", "out_of_region",
    "form_outside", "public_body", "absorbed_predecessor", "ceased", "project", "emerging",
))
#: Per outcome, the codes that name the main cause of an error, most telling first.
_CAUSES = {
    "missed": (
        "division", "operator_ambiguous", "name_typo", "name_acronym", "name_other",
        "address_other", "name_contains", "name_variant", "name_exact",
    ),
    "wrong_neq": ("shared_building", "division", "name_other", "name_variant", "name_exact"),
    "neq_not_expected": (
        "public_body", "project", "out_of_region", "form_outside", "absorbed_predecessor",
        "shared_building", "no_candidate",
    ),
}
# fmt: on


def key_hash(record_key: str) -> str:
    """The gold file's key: the staged record key is a name, so only its hash is stored."""
    return hashlib.sha1(record_key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class GoldLabel:
    source_id: str
    row: int
    key_sha1: str
    verdict: str
    neq: str | None
    alt_neq: str | None  # the other registration when the operator is ambiguous
    evidence: tuple[str, ...]
    confidence: str


def read_gold(path: Path = GOLD_CSV) -> dict[tuple[str, str], GoldLabel]:
    """Gold labels by (source id, key hash); raises on a malformed row rather than skipping it."""
    labels: dict[tuple[str, str], GoldLabel] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            if r["verdict"] not in VERDICTS or (r["verdict"] == "neq") != bool(r["neq"]):
                raise ValueError(f"{path}:{line}: verdict {r['verdict']!r} with neq {r['neq']!r}")
            label = GoldLabel(
                r["source_id"],
                int(r["row"]),
                r["key_sha1"],
                r["verdict"],
                r["neq"] or None,
                r["alt_neq"] or None,
                tuple(r["evidence"].split(";")),
                r["confidence"],
            )
            key = (label.source_id, label.key_sha1)
            if key in labels:
                raise ValueError(f"{path}:{line}: key already labelled")
            labels[key] = label
    return labels


def _stage(source: Source, path: Path, municipalities: MunicipalityIndex) -> pd.DataFrame:
    parsed = parse_table_bytes(source, path.name, path)
    return stage_source(source, f"{source.id}/real", parsed, municipalities).listings


def staged_real_listings(real_dir: Path, mun_csv: Path) -> pd.DataFrame:
    """The two hub files and the REQ extract staged by the product, as one listings frame."""
    catalog = load_catalog()
    municipalities = MunicipalityIndex.from_csv(mun_csv)
    frames = [_stage(catalog.get(sid), real_dir / rel, municipalities) for sid, rel in HUB_FILES]
    frames.append(_stage(REQ_EXTRACT, real_dir / REQ_FILE, municipalities))
    return pd.concat(frames, ignore_index=True)


def resolved_neqs(listings: pd.DataFrame) -> pd.DataFrame:
    """Hub listings (source_id, record_key) with the NEQ their enterprise got (``neq_found``)."""
    with tempfile.TemporaryDirectory() as empty:
        entities = resolve_entities(listings, Path(empty))
    neq_of = entities.enterprises.set_index("enterprise_id").neq
    hub_ids = {sid for sid, _ in HUB_FILES}
    out = entities.listings[entities.listings.source_id.isin(hub_ids)].copy()
    out["neq_found"] = out.enterprise_id.map(neq_of)
    return out[["source_id", "record_key", "enterprise_id", "neq_found"]].reset_index(drop=True)


def outcome(label: GoldLabel, found: str | None) -> str:
    """How the product's NEQ for one listing compares with its gold label."""
    if label.verdict == "neq":
        if found is None:
            return "missed"
        return "right" if found in (label.neq, label.alt_neq) else "wrong_neq"
    return "none_right" if found is None else "neq_not_expected"


def main_cause(outcome_: str, evidence: tuple[str, ...]) -> str:
    """The first of the outcome's cause codes the label carries ('other' when none)."""
    return next((c for c in _CAUSES.get(outcome_, ()) if c in evidence), "other")


@dataclass
class GoldFigures:
    """Outcomes over every gold listing; a listing staging dropped counts as one without NEQ."""

    listings: int
    by_outcome: Counter
    by_verdict: Counter
    rows: list[dict] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """Share of all listings that get their gold NEQ."""
        return self.by_outcome["right"] / self.listings

    @property
    def wrong_rate(self) -> float:
        """Share of all listings given an NEQ they should not have."""
        wrong = self.by_outcome["wrong_neq"] + self.by_outcome["neq_not_expected"]
        return wrong / self.listings

    @property
    def reachable_coverage(self) -> float:
        """Share of the listings whose gold NEQ is in the extract that get it."""
        return self.by_outcome["right"] / self.by_verdict["neq"]

    def causes(self) -> Counter:
        """(outcome, main cause) -> listings, for the outcomes that are errors."""
        return Counter(
            (r["outcome"], main_cause(r["outcome"], r["evidence"]))
            for r in self.rows
            if r["outcome"] in _CAUSES
        )

    def breakdown(self) -> Counter:
        """(outcome, evidence code) -> listings, for the outcomes that are errors."""
        out: Counter = Counter()
        for r in self.rows:
            if r["outcome"] in ("missed", "wrong_neq", "neq_not_expected"):
                for code in r["evidence"]:
                    out[(r["outcome"], code)] += 1
        return out


def measure_gold(found: pd.DataFrame, gold: dict[tuple[str, str], GoldLabel]) -> GoldFigures:
    """Compare resolved NEQs with the gold labels; every gold listing is counted once."""
    got = {
        (sid, key_hash(rk)): (None if pd.isna(neq) else str(neq))
        for sid, rk, neq in zip(found.source_id, found.record_key, found.neq_found, strict=True)
    }
    rows = []
    for key, label in sorted(gold.items(), key=lambda kv: (kv[1].source_id, kv[1].row)):
        neq = got.get(key)
        rows.append(
            {
                "source_id": label.source_id,
                "row": label.row,
                "key_sha1": label.key_sha1,
                "verdict": label.verdict,
                "gold_neq": label.neq,
                "found_neq": neq,
                "staged": key in got,
                "outcome": outcome(label, neq),
                "evidence": label.evidence,
                "confidence": label.confidence,
            }
        )
    return GoldFigures(
        len(rows),
        Counter(r["outcome"] for r in rows),
        Counter(r["verdict"] for r in rows),
        rows,
    )


def evaluate_gold(real_dir: Path, mun_csv: Path, gold_csv: Path = GOLD_CSV) -> GoldFigures:
    """Stage, resolve and measure: the figures of the real gold set."""
    found = resolved_neqs(staged_real_listings(real_dir, mun_csv))
    return measure_gold(found, read_gold(gold_csv))
