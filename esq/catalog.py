"""The source catalog: every source declared in one YAML file, validated at start-up.

A wrong entry fails with an error naming the file, the entry and the field, so that an operator who
edits the catalog sees at once what to fix.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from esq.kinds import KINDS, endpoint_model, options_model

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "catalog" / "sources.yaml"
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
    kind: str
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

    @field_validator("kind")
    @classmethod
    def _kind_registered(cls, kind: str) -> str:
        if kind not in KINDS:
            raise ValueError(f"unknown source kind {kind!r}; known: {sorted(KINDS)}")
        return kind

    @field_validator("endpoint", "options")
    @classmethod
    def _fits_kind(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        kind = info.data.get("kind")
        if kind not in KINDS:
            return value  # the kind's own error says why
        check = endpoint_model if info.field_name == "endpoint" else options_model
        try:
            check(kind, value)
        except ValidationError as exc:
            raise ValueError(_kind_problems(exc, f"{kind} {info.field_name}")) from None
        return value

    @model_validator(mode="after")
    def _disabled_needs_reason(self) -> Source:
        if not self.enabled and not self.disabled_reason:
            raise ValueError("a disabled source needs a disabled_reason")
        if self.role == "listing" and self.enabled and "name" not in self.mapping:
            raise ValueError("a listing source must map the 'name' field")
        return self

    @property
    def endpoint_model(self) -> Any:
        """The endpoint, typed by the source's kind (esq.kinds)."""
        return endpoint_model(self.kind, self.endpoint)

    @property
    def options_model(self) -> Any:
        """The parser options, typed by the source's kind (esq.kinds)."""
        return options_model(self.kind, self.options)

    @field_validator("mapping")
    @classmethod
    def _mapping_targets_known(cls, mapping: dict[str, str]) -> dict[str, str]:
        from schemas.listing_fields import MAPPABLE_FIELD_NAMES as MAPPABLE_FIELDS

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


def _kind_problems(exc: ValidationError, what: str) -> str:
    """One line per bad key of an endpoint/options mapping: the key and what is wrong."""
    problems = []
    for error in exc.errors():
        key = ".".join(str(p) for p in error["loc"]) or "(mapping)"
        if error["type"] == "extra_forbidden":
            problems.append(f"unknown key {key!r} for a {what}")
        else:
            problems.append(f"key {key!r}: {error['msg']}")
    return "; ".join(problems)


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


def resolve_catalog_path(
    path: Path | str | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The catalog in force: the one named, else ESQ_CATALOG, else the repo's default.

    Every reader (CLI, code location, assets, schedules, sensor, status) resolves it here, so a
    deployment that sets ESQ_CATALOG gets its own catalog everywhere.
    """
    env = os.environ if env is None else env
    chosen = path or env.get("ESQ_CATALOG") or DEFAULT_CATALOG
    return Path(chosen).resolve()


#: libyaml's parser when PyYAML was built with it (same documents, ~10x faster than Python's).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=8)
def _parse_yaml(text: str) -> Any:
    """The parsed catalog text; a run reads one catalog many times (assets, checks, jobs)."""
    return yaml.load(text, Loader=_LOADER)  # a safe loader (CSafeLoader or SafeLoader)


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate the whole catalog; raise CatalogError naming file, entry and field.

    Without a path, ESQ_CATALOG (read now, at run time) or the repo's default is used.
    """
    path = resolve_catalog_path(path)
    try:
        raw = copy.deepcopy(_parse_yaml(path.read_text(encoding="utf-8")))
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
    _refuse_incomplete_endpoints(catalog, path)
    _refuse_shared_resources(catalog, path)
    return catalog


def _refuse_incomplete_endpoints(catalog: Catalog, path: Path) -> None:
    """An enabled entry must say where its data comes from (sample-only data is only replayed)."""
    for source in catalog.enabled():
        missing = [] if source.sample_only else source.endpoint_model.required_for_enabled()
        if missing:
            raise CatalogError(
                f"{path}: entry id {source.id!r}, field 'endpoint': an enabled {source.kind} "
                f"source needs {' and '.join(missing)}"
            )


def _refuse_shared_resources(catalog: Catalog, path: Path) -> None:
    """Two enabled entries fetching one remote resource would count its rows twice."""
    owner: dict[str, str] = {}
    for source in catalog.enabled():
        for resource in source.endpoint_model.resources():
            other = owner.setdefault(resource, source.id)
            if other != source.id:
                raise CatalogError(
                    f"{path}: entries {other!r} and {source.id!r} both fetch {resource}: "
                    "its rows would be counted twice; keep it in one entry"
                )
