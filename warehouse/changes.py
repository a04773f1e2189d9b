"""The `changes` table: what changed in `enterprises` since the previous publication.

A pure comparison of the previous published enterprises (and enterprise_ids) with the new ones:

- new: an id published now and not before;
- updated: an id in both whose fields differ (``fields_changed`` lists them; ``last_seen`` is
  left out, since it moves with every fetch of an unchanged source);
- merged: an id published before that enterprise_ids now marks merged (``merged_into``);
- removed: an id published before that is neither published now nor merged.

Re-running on the same inputs must give the same file, so when nothing changed at all the
previous publication's changes are carried over instead of an empty table.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from schemas.tables import CHANGES

#: Columns that change without the enterprise changing.
IGNORED_FIELDS = ("enterprise_id", "last_seen")


def _canon(value: Any) -> str | None:
    """One spelling per value, whatever the frame's dtypes (Parquet dates vs text, Int64 vs int)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _by_id(frame: pd.DataFrame, columns: list[str]) -> dict[str, dict[str, str | None]]:
    if frame.empty:
        return {}
    return {
        str(row["enterprise_id"]): {c: _canon(row.get(c)) for c in columns}
        for row in frame.to_dict("records")
    }


def _row(
    enterprise_id: str,
    change: str,
    name: Any,
    fields: str | None = None,
    merged_into: str | None = None,
) -> dict[str, Any]:
    return {
        "enterprise_id": enterprise_id,
        "change": change,
        "fields_changed": fields,
        "merged_into": merged_into,
        "name": _canon(name),
    }


def compute_changes(
    previous: pd.DataFrame,
    current: pd.DataFrame,
    current_ids: pd.DataFrame,
    previous_changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The changes table between two versions of `enterprises` (see the module docstring)."""
    columns = sorted(set(previous.columns) | set(current.columns))
    before, after = _by_id(previous, columns), _by_id(current, columns)
    if before == after and previous_changes is not None:
        return previous_changes[CHANGES.column_names].reset_index(drop=True)
    merged = {}
    if not current_ids.empty:
        rows = current_ids[current_ids.status == "merged"]
        merged = dict(zip(rows.enterprise_id.astype(str), rows.merged_into, strict=True))
    compared = [c for c in columns if c not in IGNORED_FIELDS]
    out = []
    for eid in sorted(set(before) | set(after)):
        old, new = before.get(eid), after.get(eid)
        if old is None:
            out.append(_row(eid, "new", new["name"]))
        elif new is None:
            into = merged.get(eid)
            out.append(_row(eid, "merged" if into else "removed", old["name"], None, into))
        else:
            diff = [c for c in compared if old.get(c) != new.get(c)]
            if diff:
                out.append(_row(eid, "updated", new["name"], ",".join(diff)))
    if not out:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in CHANGES.column_names})
    return pd.DataFrame(out, columns=CHANGES.column_names)
