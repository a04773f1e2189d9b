"""Quarantine rows: every rejected row or value, with the rule that rejected it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd

from schemas.tables import QUARANTINE

Severity = Literal["row", "value", "column"]

QUARANTINE_COLUMNS = tuple(QUARANTINE.column_names)


@dataclass(frozen=True)
class QuarantineRow:
    """A rejected row (severity ``row``: not staged) or value (``value``: kept, value nulled)."""

    source_id: str
    record_key: str | None
    fetch_ref: str
    location: str
    severity: Severity
    rule: str
    column: str | None
    value: str | None
    message: str
    raw_record: str


def raw_json(fields: dict[str, Any] | str) -> str:
    """The raw record as stable JSON text (sorted keys), or the raw line as given."""
    if isinstance(fields, str):
        return fields
    return json.dumps({k: fields[k] for k in sorted(fields)}, ensure_ascii=False, default=str)


def quarantine_frame(rows: list[QuarantineRow]) -> pd.DataFrame:
    """Quarantine rows as a DataFrame with the public column order, sorted for stable output."""
    frame = pd.DataFrame([asdict(r) for r in rows], columns=list(QUARANTINE_COLUMNS))
    frame = frame.astype("object").where(frame.notna(), None)
    return frame.sort_values(
        ["source_id", "location", "rule", "column"], na_position="first", kind="stable"
    ).reset_index(drop=True)
