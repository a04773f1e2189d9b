"""Schema drift: a source's columns compared with the baseline of its previous fetch."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from esq.store import read_json, write_json


@dataclass(frozen=True)
class Drift:
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def describe(self) -> str:
        parts = []
        if self.removed:
            parts.append(f"columns gone: {', '.join(self.removed)}")
        if self.added:
            parts.append(f"new columns: {', '.join(self.added)}")
        return "; ".join(parts)


def compare_columns(baseline: list[str] | None, columns: list[str]) -> Drift:
    """What changed between the baseline columns and this fetch's (no baseline: no drift)."""
    if baseline is None:
        return Drift((), ())
    return Drift(
        tuple(c for c in columns if c not in baseline),
        tuple(c for c in baseline if c not in columns),
    )


def baseline_path(state_dir: Path, source_id: str) -> Path:
    return state_dir / "schema" / f"{source_id}.json"


def read_baseline(state_dir: Path, source_id: str) -> list[str] | None:
    return read_json(baseline_path(state_dir, source_id))


def accept_columns(state_dir: Path, source_id: str, columns: list[str]) -> None:
    """Make these columns the baseline (after a warn, or an operator's acceptance)."""
    write_json(baseline_path(state_dir, source_id), list(columns))
