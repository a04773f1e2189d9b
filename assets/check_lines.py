"""The asset checks of a run as lines: one :class:`CheckLine` per check evaluated (the run
summary's table), Markdown bullets (the Dagster UI's publication summary), and check metadata
told as one plain sentence (:func:`describe`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from esq.numbers import count

#: Metadata that is a detail of a detail (failure rows, the summary text itself).
_HIDDEN_META = {"failure_cases", "summary"}


def metadata_value(entry: Any) -> Any:
    """The value of a Dagster metadata entry (or the entry itself when it is a plain value)."""
    return getattr(entry, "value", entry)


def describe(meta: dict[str, Any]) -> str:
    """Check metadata as one plain sentence: the error if there is one, else the non-empty
    values (``pes-x: 1000 -> 122 rows``), never a Python dict."""
    if meta.get("error"):
        return " ".join(str(meta["error"]).split())
    parts = []
    for key, value in meta.items():
        if key in _HIDDEN_META or value in (None, "", 0, False) or value == {} or value == []:
            continue
        if isinstance(value, dict):
            inner = ", ".join(f"{k}: {describe_value(v)}" for k, v in value.items())
            parts.append(inner if key in ("drops", "blocked_sources") else f"{_words(key)} {inner}")
        else:
            parts.append(f"{_words(key)} {describe_value(value)}")
    return "; ".join(parts)


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} {describe_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(describe_value(v) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return count(value) if float(value).is_integer() else f"{value:,.3g}"
    return " ".join(str(value).split())


def _words(key: str) -> str:
    return key.replace("_", " ")


@dataclass(frozen=True)
class CheckLine:
    target: str
    check: str
    outcome: str  # passed, WARN, FAILED
    detail: str


def check_lines_of(events: Iterable[Any]) -> list[CheckLine]:
    """One line per asset check evaluated in the run (DagsterEvents)."""
    lines = []
    for ev in events:
        if ev.event_type_value != "ASSET_CHECK_EVALUATION":
            continue
        e = ev.event_specific_data
        severity = getattr(getattr(e, "severity", None), "value", "ERROR")
        outcome = "passed" if e.passed else ("FAILED" if severity == "ERROR" else "WARN")
        detail = "" if e.passed else describe({k: metadata_value(v) for k, v in e.metadata.items()})
        detail = re.sub(r"^source [\w.-]+: ", "", detail)  # the check's row names the source
        lines.append(CheckLine(e.asset_key.to_user_string(), e.check_name, outcome, detail))
    return lines


def check_lines(events: Iterable[Any]) -> list[str]:
    """Markdown bullets of the checks (the Dagster UI's publication summary)."""
    return [
        f"- {c.outcome}: {c.target} {c.check}" + (f" — {c.detail}" if c.detail else "")
        for c in check_lines_of(events)
    ]
