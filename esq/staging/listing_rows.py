"""Map source records onto the listing schema through the catalog mapping and the normalisers.

Column by column: each mapped field is read out of every record once, and each normaliser runs
once per distinct input (``esq.staging.listing_fields``); the frame is built from the columns.
A register of ~800 000 rows repeats its towns, forms and activities, and a row-by-row build
spent most of its time in per-row bookkeeping.

Values that cannot be normalised are nulled, flagged on the row and reported as ``value``
quarantine rows: the enterprise stays in the directory, the bad value does not travel on.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from esq.adapters.base import RawRecord
from esq.adapters.records import (
    record_column,
    record_fetch_refs,
    record_keys,
    record_locations,
    take_records,
)
from esq.catalog import Source
from esq.normalise.legal_form import legal_form
from esq.normalise.municipality import MunicipalityIndex
from esq.normalise.names import name_fields
from esq.normalise.offload import Offloaded
from esq.normalise.per_value import per_value
from esq.normalise.sector import sector
from esq.normalise.text import clean_text
from esq.staging import listing_fields as lf
from esq.staging.quarantine import QuarantineRow, raw_json
from schemas.listing import LISTING_COLUMNS

# Re-exported: callers read coordinates and bounds from here.
parse_coordinate = lf.parse_coordinate
QUEBEC_BOUNDS = lf.QUEBEC_BOUNDS


#: Fewer distinct names than this are normalised here: starting a second process (~0.2 s) would
#: cost more than it saves.
OFFLOAD_MIN_NAMES = 20_000


@dataclass
class ListingFrame:
    """The listing rows of a source's records, the records they come from (aligned with the
    frame's index) and the quarantine entries, in record order."""

    frame: pd.DataFrame
    records: Sequence[RawRecord]
    quarantine: list[QuarantineRow] = field(default_factory=list)


@functools.lru_cache(maxsize=1024)
def _mapped_columns(spec: str) -> tuple[str, ...]:
    """The columns a mapping ``"A|B"`` names, in order (parsed once per spec)."""
    return tuple(c.strip() for c in spec.split("|"))


class _Fields:
    """The cleaned values of each listing field over a list of records."""

    def __init__(self, source: Source, records: Sequence[RawRecord]):
        self.source, self.records = source, records
        self._columns: dict[str, list[str | None]] = {}

    def _column(self, name: str) -> list[str | None]:
        if name not in self._columns:
            raw = record_column(self.records, name)
            self._columns[name] = per_value(raw, clean_text)
        return self._columns[name]

    def _mapped(self, field_name: str) -> list[list[str | None]] | None:
        spec = self.source.mapping.get(field_name)
        return None if spec is None else [self._column(c) for c in _mapped_columns(spec)]

    def _constant(self, field_name: str) -> str | None:
        constant = self.source.constants.get(field_name)
        return None if constant is None else clean_text(constant)

    def first(self, field_name: str) -> list[str | None]:
        """The first non-empty value of a field; a mapping ``"A|B"`` names columns to try."""
        columns = self._mapped(field_name)
        if columns is None:
            return [self._constant(field_name)] * len(self.records)
        if len(columns) == 1:
            return columns[0]
        return [next((v for v in values if v), None) for values in zip(*columns, strict=True)]

    def every(self, field_name: str) -> list[tuple[str, ...]]:
        """Every non-empty value of a field, in mapping order."""
        columns = self._mapped(field_name)
        if columns is None:
            value = self._constant(field_name)
            return [(value,) if value else ()] * len(self.records)
        return [tuple(v for v in values if v) for values in zip(*columns, strict=True)]


def _name_rejects(source: Source, records: Sequence[RawRecord], names: list, fetch_refs: list):
    """``name_missing`` quarantine rows by position, and the positions of the usable names."""
    rejected: dict[int, list[QuarantineRow]] = {}
    kept: list[int] = []
    column = source.mapping.get("name", "name")
    for i, (raw, parts) in enumerate(zip(names[0], names[1], strict=True)):
        if parts is not None and parts[1]:  # (display, key, family, legal suffix)
            kept.append(i)
            continue
        record, message = records[i], "the record has no usable name"
        rejected[i] = [
            QuarantineRow(source.id, record.record_key, fetch_refs[i], record.location, "row",
                          "name_missing", column, raw, message, raw_json(record.fields))
        ]  # fmt: skip
    return rejected, kept


def _take(values: list, positions: list[int] | None) -> list:
    return values if positions is None else [values[i] for i in positions]


def _values(
    source: Source, fields: _Fields, municipalities: MunicipalityIndex
) -> tuple[dict[str, list], list[tuple[lf.Reject, ...]], list[bool]]:
    """Every listing column of the records, the value rejects of each row and its Luhn flag."""
    n = len(fields.records)
    out: dict[str, list] = {}
    neqs = lf.neq_fields(fields.first("neq"))
    out["neq"], out["neq_status"] = [x[0] for x in neqs], [x[1] for x in neqs]
    out["legal_form_raw"] = fields.first("legal_form")
    out["legal_form"] = per_value(out["legal_form_raw"], legal_form)
    towns, postals = fields.every("municipality"), fields.first("postal_code")
    has_town_or_postal = [bool(t) or p is not None for t, p in zip(towns, postals, strict=True)]
    blocks = per_value(
        zip(fields.first("address"), has_town_or_postal, strict=True),
        lambda raw, has: lf.address_block(raw, has, municipalities),
        star=True,
    )
    addresses = per_value((b[0] for b in blocks), lf.address_fields)
    for k, col in enumerate(("address", "civic_number", "unit", "street_key")):
        out[col] = [a[k] for a in addresses]
    raw_postals = [p or b[2] for p, b in zip(postals, blocks, strict=True)]
    postal = per_value(raw_postals, lf.postal_field)
    out["postal_code"] = [p[0] for p in postal]
    tried = [t or ((b[1],) if b[1] else ()) for t, b in zip(towns, blocks, strict=True)]
    found = per_value(
        zip(tried, out["postal_code"], strict=True),
        lambda t, p: lf.municipality_field(t, p, municipalities),
        star=True,
    )
    out["municipality_raw"] = [f[0] for f in found]
    for col, attr in (("municipality", "name"), ("municipality_code", "code"), ("mrc", "mrc"),
                      ("region_code", "region_code")):  # fmt: skip
        out[col] = [None if f[1] is None else getattr(f[1], attr) for f in found]
    coords = per_value(
        zip(fields.first("latitude"), fields.first("longitude"), strict=True),
        lf.coordinate_fields,
        star=True,
    )
    out["latitude"], out["longitude"] = [c[0] for c in coords], [c[1] for c in coords]
    phones = per_value(fields.first("phone"), lf.phone_fields)
    out["phone"], out["phone_ext"] = [p[0] for p in phones], [p[1] for p in phones]
    sites = per_value(fields.first("website"), lf.website_fields)
    for k, col in enumerate(("website", "website_domain", "social_page")):
        out[col] = [s[k] for s in sites]
    emails = per_value(fields.first("email"), lf.email_field)
    out["email"] = [e[0] for e in emails]
    out["sector"] = per_value(fields.first("sector"), sector)
    for plain in ("sector_code", "register_status", "territory", "member_category"):
        out[plain] = fields.first(plain)
    default_basis = "register" if source.role == "register" else "listed"
    out["social_economy_basis"] = [b or default_basis for b in fields.first("social_economy_basis")]
    # The rejects of a row in the order the fields are read (the quarantine's row order).
    steps = (neqs, postal, found, coords, phones, sites, emails)
    rejects: list[tuple[lf.Reject, ...]] = [()] * n
    for step in steps:
        rejects = [r + s[-1] if s[-1] else r for r, s in zip(rejects, step, strict=True)]
    luhn = [x[2] for x in neqs]
    return out, rejects, luhn


def _value_rows(
    source: Source, record: RawRecord, fetch_ref: str, rejects: tuple[lf.Reject, ...]
) -> list[QuarantineRow]:
    raw = raw_json(record.fields)
    return [
        QuarantineRow(source.id, record.record_key, fetch_ref, record.location, "value", rule,
                      source.mapping.get(field_name, field_name),
                      None if value is None else str(value), message, raw)
        for rule, field_name, value, message in rejects
    ]  # fmt: skip


def _flags(rejects: tuple[lf.Reject, ...], luhn_failed: bool) -> str | None:
    if not rejects and not luhn_failed:
        return None
    rules = {r[0] for r in rejects} | ({"neq_luhn_failed"} if luhn_failed else set())
    return ";".join(sorted(rules))


def _frame(columns: dict[str, list], positions: list[int] | None) -> pd.DataFrame:
    """The listing frame from its columns, typed as a frame built from row tuples would be
    (a column of floats and None is float64, text stays object)."""
    data = {}
    for name in LISTING_COLUMNS:
        values = _take(columns[name], positions)
        array = np.empty(len(values), dtype=object)
        array[:] = values
        data[name] = array
    return pd.DataFrame(data, columns=list(LISTING_COLUMNS)).infer_objects()


NameFields = tuple[str, str, str | None, str | None] | None


@contextmanager
def _name_parts(raw_names: list[str | None]) -> Iterator[Callable[[], list[NameFields]]]:
    """Start normalising the names; the function returned gives the parts of each row.

    Many distinct names (a register) go to a second process (``esq.normalise.offload``) while
    this one normalises the other fields; few are normalised here, when asked for.
    """
    distinct = list(dict.fromkeys(raw_names))
    if len(distinct) < OFFLOAD_MIN_NAMES:
        yield lambda: per_value(raw_names, name_fields)
        return
    with Offloaded(name_fields, distinct) as job:  # the child is stopped if this one fails

        def finish() -> list[NameFields]:
            found = dict(zip(distinct, job.result(), strict=True))
            return [found[name] for name in raw_names]

        yield finish


def build_listing_frame(
    source: Source,
    records: Sequence[RawRecord],
    fetch_ref: str,
    municipalities: MunicipalityIndex,
    keep_duplicates: bool = False,
) -> ListingFrame:
    """Normalise raw records into listing rows; reject rows without a usable name and rows
    whose record key was already used (unless ``keep_duplicates``), with their reasons."""
    fetch_refs = record_fetch_refs(records, fetch_ref)
    all_fields = _Fields(source, records)
    raw_names = all_fields.first("name")
    # Every field is row-wise, so the rows without a name can be dropped afterwards: the other
    # fields are normalised while the names are (in a second process for a register).
    with _name_parts(raw_names) as name_parts:
        all_columns, all_rejects, all_luhn = _values(source, all_fields, municipalities)
        parts = name_parts()
    per_row, kept = _name_rejects(source, records, [raw_names, parts], fetch_refs)
    subset = None if len(kept) == len(records) else kept
    kept_records = records if subset is None else take_records(records, subset)
    columns = {name: _take(values, subset) for name, values in all_columns.items()}
    rejects, luhn = _take(all_rejects, subset), _take(all_luhn, subset)
    names = _take(parts, subset)
    columns.update(
        source_id=[source.id] * len(kept),
        record_key=record_keys(kept_records),
        fetch_ref=_take(fetch_refs, subset),
        source_role=[source.role] * len(kept),
        name=[p[0] for p in names],
        name_key=[p[1] for p in names],
        name_family=[p[2] for p in names],
        other_names=_take(all_fields.first("other_names"), subset),
        flags=[_flags(r, f) for r, f in zip(rejects, luhn, strict=True)],
    )
    seen: dict[str, str] = {}
    staged: list[int] = []
    locations = record_locations(kept_records)
    # Records are built only for the rows that go to quarantine (a register is a column table).
    for j, key in enumerate(columns["record_key"]):
        i = kept[j]
        if rejects[j]:
            record = kept_records[j]
            per_row.setdefault(i, []).extend(_value_rows(source, record, fetch_refs[i], rejects[j]))
        if key in seen and not keep_duplicates:
            message = f"record key already used at {seen[key]}"
            per_row.setdefault(i, []).append(
                QuarantineRow(source.id, key, fetch_ref, locations[j], "row",
                              "duplicate_record_key", None, key, message,
                              raw_json(kept_records[j].fields))
            )  # fmt: skip
            continue
        seen[key] = locations[j]
        staged.append(j)
    positions = None if len(staged) == len(kept_records) else staged
    quarantine = [q for i in sorted(per_row) for q in per_row[i]]
    staged_records = kept_records if positions is None else take_records(kept_records, positions)
    return ListingFrame(_frame(columns, positions), staged_records, quarantine)
