"""The source catalog: every source declared in one YAML file, validated at start-up.

A wrong entry fails with an error naming the file, the entry and the field, so that an operator who
edits the catalog sees at once what to fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "sources.yaml"

SourceKind = Literal["tabular", "ckan", "arcgis", "html", "req_zip", "ocds", "montreal_contracts"]
SourceRole = Literal["listing", "register", "contracts", "reference"]
Cadence = Literal["daily", "weekly", "twice-monthly", "monthly", "quarterly", "yearly", "manual"]

#: Cadence in days, used by freshness checks and schedules.
CADENCE_DAYS: dict[str, float] = {
    "daily": 1,
    "weekly": 7,
    "twice-monthly": 15,
    "monthly": 31,
    "quarterly": 92,
    "yearly": 366,
    "manual": 366,
}


class CatalogError(ValueError):
    """The catalog file cannot be used; the message names file, entry and field."""


class Licence(BaseModel):
    """Licence of a source's data, carried into the published files."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    url: str | None = None
    attribution: str
    non_commercial: bool = False


class Source(BaseModel):
    """One source of the catalog."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)
    kind: SourceKind
    role: SourceRole
    title: str
    publisher: str
    city: str | None = None
    region: str | None = None
    licence: Licence
    cadence: Cadence = "monthly"
    enabled: bool = True
    disabled_reason: str | None = None
    #: Synthetic data that exists only in the bundled sample: replayed, never fetched live.
    sample_only: bool = False
    #: Kind-specific endpoint: url, inbox glob, CKAN dataset/resource ids, layer URL, selectors …
    endpoint: dict[str, Any] = Field(default_factory=dict)
    #: Parser options (encoding, delimiter, header row …).
    options: dict[str, Any] = Field(default_factory=dict)
    #: Listing field -> source column.
    mapping: dict[str, str] = Field(default_factory=dict)
    #: Source columns whose values, joined, identify a record within the source.
    record_key: list[str] = Field(default_factory=list)
    #: Constant listing values for every record (e.g. the hub's region, or social_economy_basis).
    constants: dict[str, Any] = Field(default_factory=dict)
    #: What to do when the columns differ from the previous fetch.
    on_schema_drift: Literal["warn", "block"] = "warn"
    #: A record missing from this many successful fetches in a row is recorded as removed.
    removal_after: int = Field(default=2, ge=1)
    #: Blocking check: the row count may drop by at most this share between publications.
    max_row_drop: float = Field(default=0.02, ge=0, le=1)
    #: ... and by at least this many rows (esq.drops): routine removals never block.
    min_row_drop: int = Field(default=25, ge=0)

    @model_validator(mode="after")
    def _disabled_needs_reason(self) -> Source:
        if not self.enabled and not self.disabled_reason:
            raise ValueError("a disabled source needs a disabled_reason")
        if self.role == "listing" and self.enabled and "name" not in self.mapping:
            raise ValueError("a listing source must map the 'name' field")
        return self

    @field_validator("mapping")
    @classmethod
    def _mapping_targets_known(cls, mapping: dict[str, str]) -> dict[str, str]:
        from schemas.listing import MAPPABLE_FIELDS

        unknown = sorted(set(mapping) - set(MAPPABLE_FIELDS))
        if unknown:
            raise ValueError(
                f"unknown listing field(s) {unknown}; known: {sorted(MAPPABLE_FIELDS)}"
            )
        return mapping


class Catalog(BaseModel):
    """The whole catalog file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    sources: tuple[Source, ...]

    def get(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(f"no source {source_id!r} in the catalog")

    def enabled(self, role: str | None = None) -> list[Source]:
        return [s for s in self.sources if s.enabled and (role is None or s.role == role)]


def _describe(error: dict[str, Any], raw: dict[str, Any]) -> str:
    loc = list(error["loc"])
    where = "top level"
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        entries = raw.get("sources") or []
        entry = entries[loc[1]] if loc[1] < len(entries) else {}
        ident = entry.get("id") if isinstance(entry, dict) else None
        where = f"entry #{loc[1] + 1} (id {ident!r})" if ident else f"entry #{loc[1] + 1}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc) or "(entry)"
    return f"{where}, field '{field}': {error['msg']}"


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate the catalog; raise CatalogError naming file, entry and field."""
    path = Path(path) if path else DEFAULT_CATALOG
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: the catalog must be a mapping with a 'sources' list")
    try:
        catalog = Catalog.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(_describe(e, raw) for e in exc.errors())
        raise CatalogError(f"{path}: {problems}") from exc
    seen: set[str] = set()
    for source in catalog.sources:
        if source.id in seen:
            raise CatalogError(f"{path}: entry id {source.id!r}, field 'id': duplicated")
        seen.add(source.id)
    return catalog
