"""What staging a source produced: one report type for listing, register and contracts sources.

The report is written last, as the source's ``meta.json`` (``Layout.staged``), so its presence
says the source's staged files are all there; the ``sources`` table, the run summary and the
staging check read it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from esq.catalog import Source
from esq.config import Settings
from esq.landing import iso, utc_now
from esq.status import read_status, write_status
from esq.store import staged_meta, write_json


@dataclass(frozen=True)
class StageReport:
    source_id: str
    fetch_ref: str | None
    rows_parsed: int
    rows_staged: int
    rows_quarantined: int
    values_quarantined: int
    drift: str | None = None
    drift_blocked: bool = False
    error: str | None = None
    rows_carried: int = 0  # missing from this fetch, kept until missed removal_after times
    rows_removed: int = 0  # records of the source recorded as removed so far
    rows_out_of_scope: int = 0  # read but outside esq's scope (contracts of other buyers)

    @property
    def ok(self) -> bool:
        return self.error is None and not self.drift_blocked


def write_report(settings: Settings, report: StageReport, **extra: Any) -> StageReport:
    """Write the report as the source's meta.json — after its other staged files."""
    write_json(settings.layout.staged(report.source_id, "meta.json"), {**asdict(report), **extra})
    return report


def kept_report(
    settings: Settings,
    source: Source,
    fetch_ref: str | None,
    error: str | None,
    drift: str | None = None,
    blocked: bool = False,
) -> StageReport:
    """Report a source whose new data is not staged: its previous staged files stay."""
    meta = staged_meta(settings.layout, source.id)
    return StageReport(
        source.id,
        meta.get("fetch_ref", fetch_ref),
        meta.get("rows_parsed", 0),
        meta.get("rows_staged", 0),
        meta.get("rows_quarantined", 0),
        meta.get("values_quarantined", 0),
        drift,
        blocked,
        error,
    )


def unreadable_report(
    settings: Settings, source: Source, fetch_ref: str, error: str
) -> StageReport:
    """The good entry cannot be staged: keep the previous staged data, mark the source stale."""
    status = read_status(settings.state_dir, source.id)
    write_status(settings.state_dir, status.unreadable(iso(utc_now()), error))
    return kept_report(settings, source, fetch_ref, error)
