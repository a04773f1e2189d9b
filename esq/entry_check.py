"""Is a freshly landed entry really this source's data? Checked before it becomes the good data.

A server can answer 200 with an error page, a hub can drop the wrong file: such bytes must not
replace the last good entry (DESIGN §5), so a new entry is read once before the source's status
points at it. An adapter may offer a cheaper ``check(source, entry) -> str | None`` (e.g. the
REQ ZIP reading only its member list); otherwise its ``parse`` is used.
"""

from __future__ import annotations

from esq.adapters import adapter_for
from esq.catalog import Source
from esq.landing import LandingEntry

#: Roles whose entries the adapters' ``parse`` reads; contract sources have their own readers.
CHECKED_ROLES = ("listing", "register", "reference")


def check_entry(source: Source, entry: LandingEntry) -> str | None:
    """None when the entry reads as the source's table, else why it does not."""
    if source.role not in CHECKED_ROLES:
        return None
    adapter = adapter_for(source.kind)
    where = f"source {source.id}: {entry.ref}"
    custom = getattr(adapter, "check", None)
    if custom is not None:
        problem = custom(source, entry)
        return f"{where}: {problem}" if problem else None
    try:
        parsed = adapter.parse(source, entry)
    except Exception as exc:  # any reading failure means "not good data"
        return f"{where} cannot be read: {exc}"
    name_column = source.mapping.get("name")
    if parsed.columns and name_column and name_column not in parsed.columns:
        shown = ", ".join(repr(c[:30]) for c in parsed.columns[:8])  # bytes may be junk
        return (
            f"{where} has no column {name_column!r} (the name mapping); "
            f"columns found: {shown} — not this source's file?"
        )
    if not parsed.records:
        return f"{where} holds no records ({len(parsed.rejects)} unreadable rows)"
    return None
